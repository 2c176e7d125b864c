"""Counting the terms and words of search documents, over the worker processes.

Counting is the index's costly part (every word of every document, stemmed), so it runs in
the workers, and what they send back is cheap for the build's own process to take in: each
document's terms and words as arrays of string hashes, and each string only the first time
that worker meets it. The build's process then numbers three million terms with numpy
instead of one dictionary look-up each. Python's string hash is the same in the workers as
in the process that forked them; two strings with one hash are noticed, and the documents
counted again with another hash.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import count as counting

import numpy as np

from briefing.model import Entity
from briefing.output.cache import memo_key
from briefing.parallel import map_forked
from briefing.search.words import STOPWORDS, stem, words
from briefing.text import name_pattern

# A title word counts this many times.
TITLE_BOOST = 3
# Term frequencies, for the millions of postings at 10,000 articles.
FREQUENCY = np.uint32
# Millions of entries are worked on a million at a time: their temporary arrays stay a few megabytes.
PIECE = 1 << 20


def entity_key(entity: Entity) -> str:
    """The term every name of an entity is indexed under; '@' never occurs in a word."""
    return f"@{entity.slug}"


@dataclass(frozen=True)
class NameFinder:
    """Finds entity names in a text, as enrich does: whole words, exact capitals."""

    pattern: re.Pattern[str]
    keys_by_name: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, entities: tuple[Entity, ...]) -> NameFinder:
        keys_by_name: dict[str, list[str]] = defaultdict(list)
        for entity in entities:
            for name in dict.fromkeys(entity.names):
                keys_by_name[name].append(entity_key(entity))
        # One pattern for all names, longest first: "US Congress" is the organisation, not the country.
        return cls(name_pattern(tuple(keys_by_name)), {name: tuple(keys) for name, keys in keys_by_name.items()})

    def keys_in(self, text: str) -> list[str]:
        return [key for name in self.pattern.findall(text) for key in self.keys_by_name[name]]

    def digest(self) -> str:
        return memo_key(*(f"{name}={' '.join(keys)}" for name, keys in sorted(self.keys_by_name.items())))


def indexed_words(text: str) -> Counter[str]:
    """How often each word of the text that is not a stopword occurs, in the order the words first appear."""
    counted = Counter(words(text))
    # Dropped from the counts, not from the words: a few dozen look-ups, where the words are hundreds.
    for stopword in [word for word in STOPWORDS if word in counted]:
        del counted[stopword]
    return counted


@dataclass(frozen=True)
class TermCounts:
    """One document's term keys with their frequencies (a title word counts TITLE_BOOST times), its
    length in words, and each word it indexes with its stem."""

    terms: dict[str, int]
    length: int
    stems: dict[str, str]


def count_terms(title: str, body: str, names: NameFinder) -> TermCounts:
    # Plain dictionaries and `get`: a Counter's `+=` on a new key calls its `__missing__`, once for each word.
    by_word, title_words = indexed_words(body), indexed_words(title)
    length = sum(by_word.values()) + sum(title_words.values())
    for word, frequency in title_words.items():
        by_word[word] = by_word.get(word, 0) + TITLE_BOOST * frequency
    stems = dict(zip(by_word, map(stem, by_word)))
    counts: dict[str, int] = {}
    for word_stem, frequency in zip(stems.values(), by_word.values()):
        counts[word_stem] = counts.get(word_stem, 0) + frequency
    for key in names.keys_in(body):
        counts[key] = counts.get(key, 0) + 1
    for key in names.keys_in(title):
        counts[key] = counts.get(key, 0) + TITLE_BOOST
    return TermCounts(counts, length, stems)


@dataclass(frozen=True)
class Counted:
    """One document's counts as a worker sends them back: terms and words as hashes, with the strings
    of those this worker had not sent before."""

    # Arrays as their bytes: bytes cost nothing to unpickle, an array some microseconds, for each of 30,000.
    terms: bytes  # int64: the hash of each term key
    frequencies: bytes  # FREQUENCY: each term's
    length: int
    size: int  # about how many bytes its record takes in its document file
    words: bytes  # int64: the hash of each word
    new_keys: tuple[str, ...]
    new_words: tuple[tuple[str, str], ...]  # (word, its stem)


class _SameHash(Exception):
    """Two strings met with one hash: the documents are counted again with another."""


def _hasher(salt: int) -> Callable[[str], int]:
    return hash if salt == 0 else lambda text: hash((salt, text))


class _Sent:
    """The strings one process has sent, by hash."""

    def __init__(self, salt: int):
        self.hash = _hasher(salt)
        self.strings: set[str] = set()
        self.by_hash: dict[int, str] = {}

    def new(self, strings: Iterable[str]) -> list[str]:
        fresh = [text for text in strings if text not in self.strings]
        for text in fresh:
            if self.by_hash.setdefault(self.hash(text), text) != text:
                raise _SameHash
            self.strings.add(text)
        return fresh


# What is counted of one item: (title, body, record size) of each of its documents.
Texts = Callable[[int], Sequence[tuple[str, str, int]]]


def _counter(texts: Texts, names: NameFinder, salt: int) -> Callable[[int], list[Counted]]:
    """Counts the documents of one item (an article and its Q&A, a hub page): what a worker runs."""
    keys_sent, words_sent = _Sent(salt), _Sent(salt)  # each forked worker fills its own copy

    def count(item: int) -> list[Counted]:
        found = []
        for title, body, size in texts(item):
            counts = count_terms(title, body, names)
            new_words = words_sent.new(counts.stems)
            found.append(
                Counted(
                    np.fromiter(map(keys_sent.hash, counts.terms), np.int64, len(counts.terms)).tobytes(),
                    np.fromiter(counts.terms.values(), FREQUENCY, len(counts.terms)).tobytes(),
                    counts.length,
                    size,
                    np.fromiter(map(words_sent.hash, counts.stems), np.int64, len(counts.stems)).tobytes(),
                    tuple(keys_sent.new(counts.terms)),
                    tuple((word, counts.stems[word]) for word in new_words),
                )
            )
        return found

    return count


@dataclass(frozen=True)
class Fresh:
    """The counts of the documents just counted, in the order given, over their own vocabulary."""

    keys: list[str]  # term keys by number
    words: list[str]  # words by number
    word_stems: list[str]  # each word's stem, a term key
    term_documents: np.ndarray  # each counted term's document (its place in the order given)
    terms: np.ndarray  # each counted term's key number
    frequencies: np.ndarray
    lengths: np.ndarray  # each document's length in words
    sizes: np.ndarray  # each document's record size
    word_documents: np.ndarray  # each indexed word's document
    word_numbers: np.ndarray  # each indexed word's number


def _numbered(hashes: list[bytes], strings: dict[int, str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The distinct strings (those `strings` holds, by hash), each entry's document (its row of `hashes`) and each
    entry's number among the strings."""
    distinct = np.array(sorted(strings), dtype=np.int64)
    rows = np.repeat(np.arange(len(hashes), dtype=np.int32), [len(row) // 8 for row in hashes])
    joined = np.frombuffer(b"".join(hashes), dtype=np.int64)
    # A search among the few distinct hashes: far cheaper than sorting three million (and in pieces, to keep
    # the numbers it makes small).
    numbers = np.empty(len(joined), dtype=np.int32)
    for start in range(0, len(joined), PIECE):
        numbers[start : start + PIECE] = np.searchsorted(distinct, joined[start : start + PIECE])
    return [strings[value] for value in distinct.tolist()], rows, numbers


def count_documents(
    items: Sequence[int], texts: Texts, names: NameFinder, jobs: int, counted: Callable[[], None]
) -> Fresh:
    """The counts of every document that `texts` gives for each item, over `jobs` processes; `counted()` is
    called once the processes are done, before their counts are put together."""
    for salt in counting():
        try:
            return _counted_with(salt, items, texts, names, jobs, counted)
        except _SameHash:
            continue
    raise AssertionError("unreachable")


def _counted_with(
    salt: int, items: Sequence[int], texts: Texts, names: NameFinder, jobs: int, counted: Callable[[], None]
) -> Fresh:
    hashed = _hasher(salt)
    keys: dict[int, str] = {}
    word_stems: dict[int, tuple[str, str]] = {}
    documents: list[Counted] = []
    for item in map_forked(_counter(texts, names, salt), items, jobs):
        for document in item:
            for key in document.new_keys:
                if keys.setdefault(hashed(key), key) != key:
                    raise _SameHash  # the same hash from two workers
            for word, word_stem in document.new_words:
                if word_stems.setdefault(hashed(word), (word, word_stem))[0] != word:
                    raise _SameHash
            documents.append(document)
    counted()
    key_list, term_documents, terms = _numbered([d.terms for d in documents], keys)
    words_found = {value: word for value, (word, _) in word_stems.items()}
    word_list, word_documents, word_numbers = _numbered([d.words for d in documents], words_found)
    stem_of = dict(word_stems.values())
    return Fresh(
        key_list,
        word_list,
        [stem_of[word] for word in word_list],
        term_documents,
        terms,
        np.frombuffer(b"".join(d.frequencies for d in documents), dtype=FREQUENCY),
        np.array([d.length for d in documents], dtype=np.int64),
        np.array([d.size for d in documents], dtype=np.int64),
        word_documents,
        word_numbers,
    )
