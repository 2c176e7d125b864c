"""Small text helpers shared by the stages: normalising, sentences, names, slugs."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from email.utils import parsedate_tz
from urllib.parse import urlsplit

from anyascii import anyascii

# The hyphens besides ASCII's that pages write: the hyphen (U+2010), the non-breaking hyphen (U+2011, which keeps
# 'ten‑year' on one line) and the figure dash (U+2012, between figures).
_HYPHENS = "\u2010\u2011\u2012"
_TO_PLAIN_HYPHEN = str.maketrans(dict.fromkeys(_HYPHENS, "-"))
_PLAIN_PUNCTUATION = (
    *((hyphen, "-") for hyphen in _HYPHENS),
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
    ("\u00a0", " "),
)
# Invisible hints of where a line may break or must not, which web pages put inside words: the soft hyphen
# (U+00AD, HTML's `&shy;`, in German and other long words), the zero-width space (U+200B, `&#8203;`, which
# publishing systems leave in names and long words), the word joiner (U+2060) and the zero-width no-break
# space (U+FEFF). Each splits a word for search, entities and the tracker ('Po&#8203;land' is no Poland). The
# zero-width joiners (U+200C, U+200D) are left alone: Persian, Indic scripts and emoji need them; so is a
# zero-width space beside Thai, Lao, Myanmar or Khmer letters, scripts that write no spaces and mark their
# words' ends with it.
_UNSPACED_SCRIPTS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
INVISIBLE_BREAKS = re.compile(f"[\xad\u2060\ufeff]|(?<![{_UNSPACED_SCRIPTS}])\u200b(?![{_UNSPACED_SCRIPTS}])")


def plain_hyphens(text: str) -> str:
    """Text with ASCII's hyphen for each of the others (`_HYPHENS`), character for character: what is found in it
    is where it is in the text."""
    return text if text.isascii() else text.translate(_TO_PLAIN_HYPHEN)


def without_invisible_breaks(text: str) -> str:
    """Text without the invisible line-break hints of `INVISIBLE_BREAKS`: those of its words that they split whole."""
    return text if text.isascii() else INVISIBLE_BREAKS.sub("", text)


# A sentence ends at . ! or ? (perhaps followed by a closing quote) before a capital or an opening quote.
# The match starts at the . ! or ?, not after it (a look-behind): a pattern opening with a class lets
# the regex engine skip ahead to the next . ! or ?, which makes the scan twice as fast. Its group is
# the whitespace between the sentences.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?(\s+)(?=[\"'\u201c\u2018(]?[A-Z0-9])")
# A capital after "U.S." or "Mr." is usually not a new sentence, nor a figure after a month cut short
# ("a scheduled Dec. 15 vote", "Sept. 5, 2024").
_ABBREVIATION_AT_END = re.compile(r"(\b[A-Z]\.[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St)\.)$")
# The months as news agencies cut them short ('Sept. 5', '12 Jan 2025').
_SHORT_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_MONTH_AT_END = re.compile(rf"\b(?:{_SHORT_MONTHS})\.$")
# The longest abbreviation ("Sept.") and the character before it, which decides its word boundary.
_ABBREVIATION_REACH = 6


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
        before = text[max(start, stop - _ABBREVIATION_REACH) : stop]
        if _ABBREVIATION_AT_END.search(before) or (_MONTH_AT_END.search(before) and text[match.end()].isdigit()):
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
    names = tuple(name for name in names if name)  # an empty one (an alias left blank) names nothing
    if not names:
        return re.compile("(?!)")  # matches nothing ('[]' would open a character class)
    # The names as a prefix tree, longest first, as `trie_pattern` says. That a name starts a word is looked
    # behind for after its first letter (over it and the character before): a pattern whose every branch opens
    # with a letter lets the regex engine skip ahead to the next possible first letter, and a capital is rare.
    return re.compile(r"(?:" + trie_pattern(names, after_first=r"(?<![\w.].)") + r")(?![\w])")


def trie_pattern(phrases: Iterable[str], space: str = r"\ ", after_first: str = "") -> str:
    """A regular expression matching any of the phrases, longest first, as a prefix tree.

    Python's regex engine tries the branches of a flat alternation one by one at each
    position; sharing prefixes makes a scan for dozens of phrases about twenty times faster.
    A space in a phrase matches the `space` pattern (by default, one space); `after_first`
    is matched after the first character of every phrase.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_branches(trie, space, after_first) or "(?!)"


def _trie_branches(node: dict[str, dict], space: str, after_first: str = "") -> str:
    branches = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        # A run of characters that branches nowhere is followed in a loop, not by recursion: a name of a
        # thousand characters (a paragraph pasted as an alias) would otherwise exhaust Python's stack.
        run = [char]
        while len(child) == 1 and "" not in child:
            ((char, child),) = child.items()
            run.append(char)
        pieces = [space if char == " " else re.escape(char) for char in run]
        branches.append(pieces[0] + after_first + "".join(pieces[1:]) + _trie_branches(child, space))
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """The fix for a name that is none of `choices`: the closest one, or the names there are."""
    choices = sorted(choices)
    close = difflib.get_close_matches(value, choices, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return "there are none yet; add it first, or take this reference out"
    return "known: " + ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")


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


def day_as_written(day: date) -> str:
    """A day as the pages and reports write it: '20 May 2026'."""
    return f"{day.day} {day:%B %Y}"


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


def rfc822_day(value: str | None) -> date | None:
    """The day an e-mail's or RSS's date states, in its own time zone ('Sat, 19 Oct 2019 00:04:00 +0200' is 19
    October); None if the text is no such date."""
    parts = parsedate_tz(value) if value else None
    try:
        return stated_day(date(parts[0], parts[1], parts[2])) if parts else None
    except ValueError:
        return None


# A web address, with or without its scheme: 'https://site.example/anna/', 'www.site.example', 'site.de'; its
# ending a country's or a common one, so that a user name ('anna.lis', 'edilson.la.rosa') is not taken for one.
WEB_ADDRESS = (
    r"(?:https?://[^\s()<>]+|(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2}|com|org|net|info|edu|gov|biz|news|media"
    r"|online|example)(?:/[^\s()<>]*)?)"
)
_ONLY_A_WEB_ADDRESS = re.compile(rf"^{WEB_ADDRESS}$", re.IGNORECASE)


def is_web_address(text: str) -> bool:
    """Whether a text is only a web address ('www.site.example', 'facebook.com/site'): in a title, a part that
    names the site; as an author, no one's name."""
    return bool(_ONLY_A_WEB_ADDRESS.match(text.strip()))


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The English names of the months and the days, as dates and bylines write them.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Any weekday's or month's name, for a pattern: a capitalised word that is a day, not a name.
DAY_OR_MONTH_NAME = "|".join((*WEEKDAY_NAMES, *MONTH_NAMES))
# A month's name in full or cut short ('Sept. 5, 2024', '12 Jan 2025').
_MONTH = rf"({'|'.join(MONTH_NAMES)}|{_SHORT_MONTHS})\.?"
# The months as other languages of Europe write them (German, French, Spanish, Italian, Portuguese, Dutch), for
# the dates of pages in those languages ('1. Februar 2022', '25 janvier 2022', '3 de marzo de 2022').
_MONTHS_ELSEWHERE = {
    name: number
    for number, names in enumerate(
        (
            "januar jänner janvier enero gennaio janeiro januari",
            "februar février febrero febbraio fevereiro februari",
            "märz mars marzo março maart",
            "avril abril aprile",
            "mai mayo maggio maio mei",
            "juni juin junio giugno junho",
            "juli juillet julio luglio julho",
            "août agosto augustus",
            "septembre septiembre setiembre settembre setembro",
            "oktober octobre octubre ottobre outubro",
            "novembre noviembre novembro",
            "dezember décembre diciembre dicembre dezembro",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_ELSEWHERE = rf"({'|'.join(sorted(_MONTHS_ELSEWHERE, key=len, reverse=True))})(?!\w)"
_DATES = (
    # The day perhaps with a full stop, as German writes it ('1. November 2021').
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b"), (3, 2, 1)),
    (
        re.compile(rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?{_MONTH_ELSEWHERE}\.?(?:\s+de)?,?\s+(\d{{4}})\b", re.IGNORECASE),
        (3, 2, 1),
    ),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), (3, 1, 2)),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), (1, 2, 3)),
    # Day first, as Europe writes a date in figures: '27.05.2024'; or with a space after each stop, the year then
    # ending with one too ('4. 2. 2022.').
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), (3, 2, 1)),
    (re.compile(r"\b(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})\b(?:\.(?!\w))?"), (3, 2, 1)),
)
# A date in figures with slashes ('13/02/2022', '2/13/2022'), whose first part is the day or the month as its
# writer's country writes it (`_slashed_dates`).
_SLASHED_DATE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])")


def date_in(sentence: str) -> date | None:
    """The first full date a sentence gives ('13 June 2024', 'June 13, 2024', 'Sept. 5, 2024', '2024-06-13',
    '27.05.2024'); None if it gives none."""
    found = _dates_found(sentence)
    return found[0][2] if found else None


# A day and a month with no year after them ('on 13 June', 'on June 13'), and a weekday ('on Thursday').
_DAYS_OF_A_YEAR = (
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!,?\s*\d)"), (2, 1)),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)"), (1, 2)),
)
_ON_A_WEEKDAY = re.compile(rf"\bon\s+({'|'.join(WEEKDAY_NAMES)})\b")


def reported_day(sentence: str, published: date | None) -> date | None:
    """The day a news sentence gives for what it reports: a full date (`date_in`); else, against the day its
    article was published, a day and month ('on 13 June': of that year, or the year before when that is later)
    or a weekday ('on Thursday': the last one on or before it)."""
    full = date_in(sentence)
    if full is not None or published is None:
        return full
    for pattern, (month, day) in _DAYS_OF_A_YEAR:
        if match := pattern.search(sentence):
            number = MONTHS.index(match.group(month)[:3].lower()) + 1
            with contextlib.suppress(ValueError):
                that_year = date(published.year, number, int(match.group(day)))
                return that_year if that_year <= published else that_year.replace(year=published.year - 1)
            return None
    if weekday := _ON_A_WEEKDAY.search(sentence):
        back = (published.weekday() - WEEKDAY_NAMES.index(weekday.group(1))) % 7
        return published - timedelta(days=back)
    return None


# A day in a web address's path, as news sites write it: '/2024/06/13/', '-2024-06-13', '/20240613/'.
_DAY_IN_PATH = re.compile(
    r"/(\d{4})/(\d{2})/(\d{2})(?:/|$)|[/_-](\d{4})-(\d{2})-(\d{2})(?=[/_.-]|$)|/(20\d{2})(\d{2})(\d{2})(?:/|$)"
)


def day_in_address(address: str | None) -> date | None:
    """The day an article's web address gives in its path ('https://site.example/2024/06/13/pact'); None if none."""
    match = _DAY_IN_PATH.search(urlsplit(address).path) if address else None
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups() if part)
    with contextlib.suppress(ValueError):
        return stated_day(date(year, month, day))
    return None


# What may follow a date after a label ('Datum: 03.11.2021 Autor: Peter Maahn/SP-X'), in characters.
AFTER_LABELLED_DATE_CHARACTERS = 40
# Words a dateline may hold beside its date: a place, a label, a byline, a time zone ('Last updated … at … GMT').
DATELINE_MAX_WORDS = 4


def dateline_day(line: str, day_first: bool = False) -> date | None:
    """The day a line gives when the line is only a date, with a place or a label at most
    ('Nairobi, 3 November 2024', 'Last updated: June 13, 2024 at 10:30 GMT'); None for a sentence that holds one.
    `day_first`: whether its writer is known to write '04/02/2022' for 4 February."""
    found = _dates_found(line, day_first)
    if not found:
        return None
    start, end, day = found[0]
    # After a label, the stop that ends a time ('Posted: Thursday, April 21, 2022. 10:11 pm CST.') ends no sentence.
    after_label_a_time = bool(_LABEL_FIRST.match(line)) and bool(_TIME_ONLY.fullmatch(line[end:]))
    ends_a_sentence = line[end:].rstrip().endswith((".", "!", "?")) and not after_label_a_time
    if _LABEL_FIRST.fullmatch(line[:start]) and len(line[end:].strip()) <= AFTER_LABELLED_DATE_CHARACTERS:
        # 'Datum: 03.11.2021 Autor: Peter Maahn/SP-X': the label says what the date is; a few more words may follow.
        return day if not ends_a_sentence else None
    words_beside = len(re.findall(r"\b\d*[^\W\d]\w*", line[:start] + " " + line[end:]))  # a time's figures aside
    return day if words_beside <= DATELINE_MAX_WORDS and not ends_a_sentence else None


# What a line may hold after its date when it is only a time: '. 10:11 pm CST.', ', 10.30 Uhr', ' at 10:30 GMT.'.
_TIME_ONLY = re.compile(
    r"[.,]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[^\W\d]{2,5})?\.?\s*", re.IGNORECASE
)
# A line's first word as a label with its colon, before a date.
_LABEL_FIRST = re.compile(r"\s*[^\W\d]+:\s*")


def _month_number(name: str) -> int:
    return _MONTHS_ELSEWHERE.get(name.lower()) or MONTHS.index(name[:3].lower()) + 1


def _dates_found(text: str, day_first: bool = False) -> list[tuple[int, int, date]]:
    """(start, end, day) of each full date in the text, in order; of those with slashes, the ones whose order is
    settled (`_slashed_dates`)."""
    found = list(_slashed_dates(text, day_first))
    for pattern, (year, month, day) in _DATES:
        for match in pattern.finditer(text):
            month_text = match.group(month)
            number = _month_number(month_text) if month_text.isalpha() else int(month_text)
            try:
                found.append((match.start(), match.end(), date(int(match.group(year)), number, int(match.group(day)))))
            except ValueError:
                continue  # 31 June is no date
    return sorted(found)


def _slashed_dates(text: str, day_first: bool) -> Iterator[tuple[int, int, date]]:
    """(start, end, day) of each date with slashes whose order is settled: by a part over 12, which is no month
    ('13/02/2022', '2/13/2022'); by both parts being one number ('04/04/2022'); else by its writer being known to
    write the day first. '04/02/2022' from a writer who may write the month first is no date."""
    for match in _SLASHED_DATE.finditer(text):
        first, second, year = (int(part) for part in match.groups())
        if first <= 12 and second <= 12 and first != second and not day_first:
            continue
        month, day = (first, second) if second > 12 else (second, first)
        with contextlib.suppress(ValueError):  # 31/06/2022 is no date
            yield match.start(), match.end(), date(year, month, day)
