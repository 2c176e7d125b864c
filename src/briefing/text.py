"""Small text helpers shared by the stages: normalising, sentences, names, slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from anyascii import anyascii

_PLAIN_PUNCTUATION = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u00a0", " "),
)
# A sentence ends at . ! or ? (perhaps followed by a closing quote) before a capital or an opening quote.
# The match starts at the . ! or ?, not after it (a look-behind): a pattern opening with a class lets
# the regex engine skip ahead to the next . ! or ?, which makes the scan twice as fast. Its group is
# the whitespace between the sentences.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?(\s+)(?=[\"'\u201c\u2018(]?[A-Z0-9])")
# A capital after "U.S." or "Mr." is usually not a new sentence.
_ABBREVIATION_AT_END = re.compile(r"(\b[A-Z]\.[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St)\.)$")
# The longest abbreviation ("Mrs.") and the character before it, which decides its word boundary.
_ABBREVIATION_REACH = 5


def normalise(text: str) -> str:
    """Text as compared for citations: straight quotes, single spaces."""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        # A few replace() calls beat one translate() with a table: this runs for every quoted sentence.
        for fancy, plain in _PLAIN_PUNCTUATION:
            text = text.replace(fancy, plain)
    return text if _single_spaced(text) else " ".join(text.split())


def said_key(text: str) -> int:
    """A number that stands for what a sentence says (its `normalise`d text), for telling quotes apart without
    their text: 64 bits of a hash, so that two different sentences of one briefing do not share one."""
    return int.from_bytes(hashlib.blake2b(normalise(text).encode("utf-8", "surrogatepass"), digest_size=8).digest())


def _single_spaced(text: str) -> bool:
    """Whether splitting at whitespace and joining with spaces gives the text back (most sentences do).

    Every whitespace character but the space is unprintable, so a printable text holds
    no whitespace but spaces; it is single-spaced when no two are together or at an end.
    """
    return text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" ")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends; abbreviations like 'U.S. for' stay whole."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        stop = match.start() + 1  # just after the . ! or ?
        # Only the last few characters are looked at, so a long run of abbreviations stays linear.
        if _ABBREVIATION_AT_END.search(text[max(start, stop - _ABBREVIATION_REACH) : stop]):
            continue
        # A sentence ends where the whitespace after it begins, and each but the first starts at the
        # capital, digit or quote the pattern looks ahead to: only the first may need stripping.
        end = match.start(1)
        spans.append((start, end) if start else _stripped(text, start, end))
        start = match.end()
    spans.append(_stripped(text, start, len(text)))
    return [(begin, end) for begin, end in spans if end > begin]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph."""
    return [text[start:end] for start, end in sentence_spans(text)]


def lowercase(text: str) -> str:
    """Lowercase text with every character where it was (str.lower turns 'İ' into two)."""
    return text.replace("\u0130", "I").lower()


def name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """A case-sensitive pattern for any of the names, as whole words.

    Case matters: 'US' the country is not 'us' the pronoun.
    """
    if not names:
        return re.compile("(?!)")  # matches nothing ('[]' would open a character class)
    # The lookahead on first letters changes no match; it lets the regex engine skip ahead fast. The names as a
    # prefix tree, longest first, as `trie_pattern` says.
    first_letters = "".join(sorted({re.escape(name[0]) for name in names}))
    return re.compile(r"(?=[" + first_letters + r"])(?<![\w.])(?:" + trie_pattern(names) + r")(?![\w])")


def trie_pattern(phrases: Iterable[str]) -> str:
    """A regular expression matching any of the phrases, longest first, as a prefix tree.

    Python's regex engine tries the branches of a flat alternation one by one at each
    position; sharing prefixes makes a scan for dozens of phrases about twenty times faster.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_branches(trie) or "(?!)"


def _trie_branches(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


def slugify(text: str, max_length: int = 70) -> str:
    """A readable, path-safe slug: lowercase ASCII words joined by hyphens.

    Other scripts are transliterated ('Ελλάδα' gives 'ellada'), so every title has a readable slug.
    """
    words = re.findall(r"[a-z0-9]+", anyascii(text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "untitled"


# What systems write when they have no date: the zero time of Go and .NET (0001-01-01) and Unix's time 0
# (1 January 1970, or 31 December 1969 in a zone west of Greenwich).
_PLACEHOLDER_DAYS = frozenset({date(1, 1, 1), date(1970, 1, 1), date(1969, 12, 31)})


def stated_day(day: date | None) -> date | None:
    """A page's or a feed's day, or None when it is a system's placeholder for no date."""
    return None if day in _PLACEHOLDER_DAYS else day


def iso_day(value: str | None) -> date | None:
    """The date a text starts with as YYYY-MM-DD (a feed's or a page's timestamp); None if it does not, or is
    no real day, or a placeholder for none (`stated_day`)."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    try:
        return stated_day(date(int(match[1]), int(match[2]), int(match[3]))) if match else None
    except ValueError:
        return None
