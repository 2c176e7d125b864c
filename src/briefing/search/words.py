"""The words search indexes: folding, tokens and English stems.

`templates/assets/search.js` folds and splits a query exactly like `words` does,
so a word typed in the browser meets the same word in the index. The browser
needs no stemmer: the index maps every word it holds to its stem.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import snowballstemmer

# Common English words that say nothing about a subject; not indexed, dropped from queries.
# The list reaches the browser in the index manifest, so both sides drop the same words.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "might",
        "more",
        "most",
        "must",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
# Dotted abbreviations ("U.K.", "U.S.") are one word: "uk", "us".
_ABBREVIATION = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.){2,}")
# Every abbreviation starts one letter before a dot followed by a letter and a dot, and these dots are
# far faster to look for than the abbreviation's pattern (its look-behind is tried at every character).
_DOT_BEFORE_LETTER_DOT = re.compile(r"\.(?=[^\W\d_]\.)")
# A possessive ending is not a word of its own: "Canada's" is "canada".
_POSSESSIVE = re.compile(r"['\u2019]s(?![^\W_])")
_WORD = re.compile(r"[^\W_]+")
# Punctuation news text is full of, which folding leaves as it is and no word holds, each with the ASCII
# character that stands for it in splitting: the curly apostrophe a straight one (it still marks a possessive),
# the rest a space. A text that is ASCII but for these needs no decomposing, and is split in ASCII.
_PLAIN_PUNCTUATION = {"\u2018": " ", "\u2019": "'", "\u201c": " ", "\u201d": " ", "\u2013": " ", "\u2014": " "}
# On such a text (\w there is [A-Za-z0-9_]): a literal apostrophe first lets the engine skip ahead to each.
_ASCII_POSSESSIVE = re.compile(r"'s(?![A-Za-z0-9])")
# A word is a run of ASCII letters and digits: every other character becomes a space, and the text is split at
# spaces, three times as fast as finding the runs with a pattern.
_ASCII_SPACES = str.maketrans({character: " " for character in map(chr, range(128)) if not character.isalnum()})
_STEMMABLE = re.compile(r"[a-z]{3,}")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=1 << 16)
def _unaccented(stretch: str) -> str:
    """A stretch decomposed, without its marks (category M, as JavaScript's \\p{M}); stretches repeat (a quote
    mark, a word), so each is done once."""
    return "".join(c for c in unicodedata.normalize("NFKD", stretch) if not unicodedata.category(c).startswith("M"))


def _without_accents(match: re.Match[str]) -> str:
    return _unaccented(match.group())


def fold(text: str) -> str:
    """Lower case without accents: 'Brăila' → 'braila', 'ЇЖАК' → 'іжак'."""
    lowered = text.lower()
    return lowered if _in_ascii(lowered) is not None else _unicode_folded(lowered)


def _unicode_folded(lowered: str) -> str:
    # Only the non-ASCII stretches need decomposing; mostly English text then stays fast.
    return _NON_ASCII.sub(_without_accents, lowered)


def _in_ascii(lowered: str) -> str | None:
    """A lowered text that is ASCII but for the plain punctuation, with each of its marks in ASCII; else None."""
    if lowered.isascii():
        return lowered
    for mark, character in _PLAIN_PUNCTUATION.items():
        lowered = lowered.replace(mark, character)
    return lowered if lowered.isascii() else None


def words(text: str) -> list[str]:
    """The folded words of a text, in order, stopwords included."""
    lowered = text.lower()
    ascii_text = _in_ascii(lowered)
    if ascii_text is not None:
        return _ASCII_POSSESSIVE.sub("", _abbreviations_joined(ascii_text)).translate(_ASCII_SPACES).split()
    return _WORD.findall(_POSSESSIVE.sub("", _abbreviations_joined(_unicode_folded(lowered))))


def _abbreviations_joined(folded: str) -> str:
    """The text with the dots of its abbreviations taken out, as `_ABBREVIATION.sub` would do it, the pattern
    tried only where an abbreviation can start."""
    pieces, done = [], 0
    for dot in _DOT_BEFORE_LETTER_DOT.finditer(folded):
        start = dot.start() - 1
        match = _ABBREVIATION.match(folded, start) if start >= done else None
        if match:
            pieces += [folded[done:start], match.group().replace(".", "")]
            done = match.end()
    return "".join(pieces) + folded[done:] if pieces else folded


@cache
def stem(word: str) -> str:
    """The English stem of a folded word ('guarantees' → 'guarante'); other words as they are."""
    if not _STEMMABLE.fullmatch(word):
        return word
    return _english().stemWord(word)


@lru_cache(maxsize=1)
def _english() -> snowballstemmer.stemmer:
    import snowballstemmer  # here: the pages use `fold`, and only the search index's process stems

    return snowballstemmer.stemmer("english")
