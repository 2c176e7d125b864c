"""Small text helpers shared by the stages: normalising, sentences, names, slugs."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
# A sentence ends at . ! or ? (perhaps followed by a closing quote) before a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")


def normalise(text: str) -> str:
    """Text as compared for citations: straight quotes, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations like 'U.S. for' stay whole."""
    parts = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # A capital after "U.S." or "Mr." is usually not a new sentence.
        if re.search(r"(\b[A-Z]\.[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St)\.)$", text[start : match.start()]):
            continue
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """A case-sensitive pattern for any of the names, as whole words.

    Case matters: 'US' the country is not 'us' the pronoun.
    """
    alternatives = sorted({re.escape(name) for name in names}, key=len, reverse=True)
    # The lookahead on first letters changes no match; it lets the regex engine skip ahead fast.
    first_letters = "".join(sorted({re.escape(name[0]) for name in names}))
    return re.compile(r"(?=[" + first_letters + r"])(?<![\w.])(?:" + "|".join(alternatives) + r")(?![\w])")


def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive pattern for any keyword as whole words (plural 's' allowed)."""
    alternatives = sorted({re.escape(keyword) for keyword in keywords}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")s?(?!\w)", re.IGNORECASE)


def slugify(text: str, max_length: int = 70) -> str:
    """A readable, path-safe slug: lowercase ASCII words joined by hyphens."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents drop off their letters; any other non-ASCII character separates words.
    ascii_text = "".join(c if c.isascii() else "" if unicodedata.combining(c) else " " for c in decomposed)
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "untitled"
