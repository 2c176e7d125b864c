"""Every search document's term counts, kept between builds in one table, so that a build counts only
the documents that are new or changed.

Term keys and words are numbered, and each document's counts are a row of flat arrays:
the counts of 10,000 articles load as a few arrays rather than as 10,000 records, and
weighing them never touches a string. The table is stored as a NumPy archive (no pickle)
in the build cache.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from briefing.model import Entity
from briefing.output.cache import BuildCache, memo_key
from briefing.parallel import map_forked
from briefing.search.words import STOPWORDS, stem, words
from briefing.text import name_pattern

# A title word counts this many times.
TITLE_BOOST = 3
# Numbers of term keys and words, and frequencies: 4 bytes each, for the millions of them at 10,000 articles.
_NUMBER, _FREQUENCY = np.int32, np.uint32
# Separates the names of a vocabulary when it is stored; never part of a word, a term key or a digest.
_SEPARATOR = "\n"


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


def indexed_words(text: str) -> list[str]:
    return [word for word in words(text) if word not in STOPWORDS]


@dataclass(frozen=True)
class _Counted:
    """One document's counts as a worker sends them back: term keys with their frequencies, and each
    indexed word with its stem."""

    terms: dict[str, int]
    length: int  # words indexed
    stems: dict[str, str]


def _count(title: str, body: str, names: NameFinder) -> _Counted:
    """Term frequencies (a title word counts TITLE_BOOST times), the length in words, each word's stem."""
    title_words, body_words = indexed_words(title), indexed_words(body)
    by_word = Counter(body_words)
    for word in title_words:
        by_word[word] += TITLE_BOOST
    stems = {word: stem(word) for word in by_word}
    counts: Counter[str] = Counter()
    for word, frequency in by_word.items():
        counts[stems[word]] += frequency
    counts.update(names.keys_in(body))
    for key in names.keys_in(title):
        counts[key] += TITLE_BOOST
    return _Counted(dict(counts), len(title_words) + len(body_words), stems)


@dataclass(frozen=True)
class Rows:
    """Rows of different lengths in one flat array: row i is values[offsets[i] : offsets[i + 1]]."""

    offsets: np.ndarray  # int64, one more than there are rows
    values: np.ndarray

    @classmethod
    def of(cls, rows: list[np.ndarray], dtype: type) -> Rows:
        sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        values = np.concatenate([np.zeros(0, dtype), *rows]).astype(dtype, copy=False)
        return cls(np.concatenate(([0], np.cumsum(sizes))), values)

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)

    def taken(self, rows: np.ndarray) -> Rows:
        """These rows, in this order."""
        sizes = self.offsets[rows + 1] - self.offsets[rows]
        offsets = np.concatenate(([0], np.cumsum(sizes)))
        # Each value's place in the old array: its row's old start plus its place in the row.
        places = np.repeat(self.offsets[rows] - offsets[:-1], sizes) + np.arange(offsets[-1])
        return Rows(offsets, self.values[places])

    def followed_by(self, other: Rows) -> Rows:
        return Rows(
            np.concatenate((self.offsets[:-1], other.offsets + self.offsets[-1])),
            np.concatenate((self.values, other.values)),
        )


@dataclass(frozen=True)
class CountTable:
    """Every document's term counts, in document order, over numbered term keys and words."""

    names_digest: str  # the entity names the counts found
    digests: list[str]  # each document's: a hash of the text it indexes
    keys: list[str]  # term keys (stems, entity keys) by number
    words: list[str]  # words by number
    word_keys: np.ndarray  # each word's stem, as a key number
    terms: Rows  # each document's term keys, as numbers
    frequencies: np.ndarray  # each of those terms' frequency in its document
    lengths: np.ndarray  # each document's length in words
    word_rows: Rows  # each document's words, as numbers

    @classmethod
    def empty(cls, names_digest: str) -> CountTable:
        nothing = Rows(np.zeros(1, np.int64), np.zeros(0, _NUMBER))
        return cls(
            names_digest,
            [],
            [],
            [],
            np.zeros(0, _NUMBER),
            nothing,
            np.zeros(0, _FREQUENCY),
            np.zeros(0, np.int64),
            nothing,
        )

    def taken(self, rows: np.ndarray, digests: list[str]) -> CountTable:
        """The table of these rows, in this order, holding only the keys and words they use."""
        terms, word_rows = self.terms.taken(rows), self.word_rows.taken(rows)
        frequencies = Rows(self.terms.offsets, self.frequencies).taken(rows).values
        return self._compacted(terms, frequencies, self.lengths[rows], word_rows, digests)

    def _compacted(
        self, terms: Rows, frequencies: np.ndarray, lengths: np.ndarray, word_rows: Rows, digests: list[str]
    ) -> CountTable:
        key_numbers, keys = _renumbered(terms.values, self.keys)
        word_numbers, words_kept = _renumbered(word_rows.values, self.words)
        used_words = word_numbers >= 0
        return CountTable(
            self.names_digest,
            digests,
            keys,
            words_kept,
            key_numbers[self.word_keys[used_words]],
            Rows(terms.offsets, key_numbers[terms.values]),
            frequencies,
            lengths,
            Rows(word_rows.offsets, word_numbers[word_rows.values]),
        )

    def with_counted(self, counted: Iterable[_Counted], digests: list[str]) -> CountTable:
        """This table with rows for the documents just counted (as they come) after its own."""
        key_numbers = {key: number for number, key in enumerate(self.keys)}
        word_numbers = {word: number for number, word in enumerate(self.words)}
        keys, words_known, word_keys = list(self.keys), list(self.words), self.word_keys.tolist()
        term_rows, frequency_rows, word_rows, lengths = [], [], [], []
        for counts in counted:
            term_rows.append(_numbered(counts.terms, key_numbers, keys))
            frequency_rows.append(np.fromiter(counts.terms.values(), dtype=_FREQUENCY, count=len(counts.terms)))
            new_words = [word for word in counts.stems if word not in word_numbers]
            word_rows.append(_numbered(counts.stems, word_numbers, words_known))
            word_keys += _numbered([counts.stems[word] for word in new_words], key_numbers, keys).tolist()
            lengths.append(counts.length)
        return CountTable(
            self.names_digest,
            self.digests + digests,
            keys,
            words_known,
            np.array(word_keys, dtype=_NUMBER),
            self.terms.followed_by(Rows.of(term_rows, _NUMBER)),
            np.concatenate((self.frequencies, *frequency_rows)),
            np.concatenate((self.lengths, np.array(lengths, dtype=np.int64))),
            self.word_rows.followed_by(Rows.of(word_rows, _NUMBER)),
        )

    def document_of_postings(self) -> np.ndarray:
        """For each counted term, the number of its document."""
        return np.repeat(np.arange(len(self.digests), dtype=np.int64), self.terms.sizes())

    def word_stems(self) -> dict[str, str]:
        """Every word the documents index, with its stem."""
        return dict(zip(self.words, (self.keys[key] for key in self.word_keys.tolist())))


def _numbered(names: Iterable[str], numbers: dict[str, int], vocabulary: list[str]) -> np.ndarray:
    """The number of each name, numbering a name not yet in the vocabulary after the others."""
    found = []
    for name in names:
        number = numbers.get(name)
        if number is None:
            number = numbers[name] = len(vocabulary)
            vocabulary.append(name)
        found.append(number)
    return np.array(found, dtype=_NUMBER)


def _renumbered(used: np.ndarray, vocabulary: list[str]) -> tuple[np.ndarray, list[str]]:
    """Old number → new number (-1 for names no longer used), and the vocabulary of the used names."""
    is_used = np.bincount(used, minlength=len(vocabulary)) > 0
    new_numbers = np.full(len(vocabulary), -1, dtype=_NUMBER)
    new_numbers[is_used] = np.arange(int(is_used.sum()), dtype=_NUMBER)
    return new_numbers, [name for name, kept in zip(vocabulary, is_used.tolist()) if kept]


def document_digest(title: str, body: str) -> str:
    return memo_key(title, body)


def counted(texts: list[tuple[str, str]], names: NameFinder, jobs: int, stored: CountTable | None) -> CountTable:
    """The term counts of each (title, body), reusing the stored counts of every text counted before.

    Counting is most of the index's cost, so an arrival counts only its own documents.
    """
    names_digest = names.digest()
    known = stored if stored is not None and stored.names_digest == names_digest else CountTable.empty(names_digest)
    digests = [document_digest(title, body) for title, body in texts]
    rows = {digest: row for row, digest in enumerate(known.digests)}
    missing = list({digest: number for number, digest in enumerate(digests) if digest not in rows}.values())
    fresh = map_forked(lambda number: _count(*texts[number], names), missing, jobs)
    table = known.with_counted(fresh, [digests[number] for number in missing])
    rows.update({digests[number]: len(known.digests) + place for place, number in enumerate(missing)})
    order = np.array([rows[digest] for digest in digests], dtype=np.int64)
    if len(table.digests) == len(digests) and (order == np.arange(len(digests))).all():
        return table  # every document new (a first build), or none changed: already in order, every name used
    return table.taken(order, digests)


# Kept in the build cache


_STORE_KIND = "search-counts"


def _joined(names: list[str]) -> np.ndarray:
    return np.frombuffer(_SEPARATOR.join(names).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _split(data: np.ndarray) -> list[str]:
    text = data.tobytes().decode("utf-8", "surrogatepass")
    return text.split(_SEPARATOR) if text else []


def _archive(table: CountTable) -> memoryview:
    buffer = io.BytesIO()
    np.savez(
        buffer,
        names_digest=_joined([table.names_digest]),
        digests=_joined(table.digests),
        keys=_joined(table.keys),
        words=_joined(table.words),
        word_keys=table.word_keys,
        term_offsets=table.terms.offsets,
        terms=table.terms.values,
        frequencies=table.frequencies,
        lengths=table.lengths,
        word_offsets=table.word_rows.offsets,
        word_rows=table.word_rows.values,
    )
    return buffer.getbuffer()


def _unarchived(data: bytes) -> CountTable:
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return CountTable(
            _split(arrays["names_digest"])[0],
            _split(arrays["digests"]),
            _split(arrays["keys"]),
            _split(arrays["words"]),
            arrays["word_keys"],
            Rows(arrays["term_offsets"], arrays["terms"]),
            arrays["frequencies"],
            arrays["lengths"],
            Rows(arrays["word_offsets"], arrays["word_rows"]),
        )


def stored_counts(cache: BuildCache) -> CountTable | None:
    """The counts the last build kept, or None (none kept, or unreadable: every document is counted)."""
    data = cache.state(_STORE_KIND)
    if data is None:
        return None
    try:
        return _unarchived(data)
    except (ValueError, KeyError, IndexError, OSError):
        return None


def store_counts(cache: BuildCache, table: CountTable) -> None:
    cache.save_state(_STORE_KIND, _archive(table))
