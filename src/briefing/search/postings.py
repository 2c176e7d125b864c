"""The search index's postings, kept between builds and brought up to date by the documents that changed.

Every term key's postings (document number, term frequency, weight level) and every
word's documents are held in flat arrays, list by list, in document order. A build
drops the postings of the documents that went or changed, moves those whose number moved,
adds those of the documents just counted, and weighs only what it added; it re-encodes
only the keys whose postings changed. BM25's average document length is rounded to a
whole word, so it seldom moves; when it does, every posting is weighed again.

The whole state is one NumPy archive (no pickle) in the build cache. It is only a cache:
without it, or with a damaged one, every document is counted again and the index is
the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from briefing.output.cache import BuildCache
from briefing.search.counts import FREQUENCY, PIECE, Fresh
from briefing.search.encoding import encoded_postings, spliced_postings, weight_levels
from briefing.search.lists import NUMBER, Lists, Pairs, ranges

BM25_K1, BM25_B = 1.2, 0.75
# Marks a number where no document is.
NO_KIND = 255
# Separates the strings of a vocabulary when it is stored; never part of a word, a term key or a digest.
_SEPARATOR = "\n"


@dataclass(frozen=True)
class Numbered:
    """What the postings need to know of one search document."""

    number: int
    identity: str  # what stands for everything the document holds (see documents.Group)
    kind: int  # its place in index.DOCUMENT_KINDS


@dataclass(frozen=True)
class IndexState:
    """Every document's postings and words, by number, and what the browser needs of each term key."""

    names_digest: str  # the entity names the counts found
    average_length: int  # BM25's, rounded: the levels were weighed with it
    boosts: tuple[float, ...]  # each document kind's weight factor
    identities: list[str]  # each number's document ("" where there is none)
    kinds: np.ndarray  # each number's document kind (NO_KIND where there is none)
    lengths: np.ndarray  # each number's document length in words
    sizes: np.ndarray  # each number's record size in its document file, about
    keys: list[str]  # term keys (stems, entity keys) by number
    postings: Lists  # each key's documents, with (frequency, weight level)
    key_digests: list[str]  # a hash of each key's encoded postings
    # Each key's postings encoded (`encoded_postings`, without the quotes): an arrival changes the postings of a
    # few hundred keys and so most term files, whose other keys' postings are then not encoded again.
    key_texts: list[str]
    words: list[str]  # the words indexed, by number
    word_stems: np.ndarray  # each word's stem, as a key number
    word_documents: Pairs  # which documents hold each word

    @classmethod
    def empty(cls, names_digest: str, boosts: tuple[float, ...]) -> IndexState:
        return cls(
            names_digest,
            0,
            boosts,
            [],
            np.zeros(0, np.uint8),
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            [],
            Lists.empty([FREQUENCY, np.uint8]),
            [],
            [],
            [],
            np.zeros(0, NUMBER),
            Pairs(np.zeros(0, NUMBER), np.zeros(0, NUMBER), np.zeros(0, NUMBER)),
        )

    def document_count(self) -> int:
        return int((self.kinds != NO_KIND).sum())

    def encoded(self, keys: Sequence[int]) -> list[str]:
        """The encoded postings of these keys (numbers), each a JSON string."""
        return [f'"{self.key_texts[key]}"' for key in keys]

    def postings_of(self, key: int) -> list[tuple[int, int]]:
        start, end = self.postings.starts[key], self.postings.starts[key + 1]
        return list(zip(self.postings.numbers[start:end].tolist(), self.postings.values[1][start:end].tolist()))


def _encoded_keys(postings: Lists, keys: np.ndarray) -> tuple[str, list[int]]:
    """The postings of these keys encoded in a row, and where each key's start in the text (its end last)."""
    sizes = postings.starts[keys + 1] - postings.starts[keys]
    positions = ranges(postings.starts[keys], sizes)
    numbers = postings.numbers[positions].astype(np.int64)
    gaps = np.diff(numbers, prepend=0)
    firsts = np.concatenate(([0], np.cumsum(sizes)))
    gaps[firsts[:-1][sizes > 0]] = numbers[firsts[:-1][sizes > 0]]  # a key's first gap counts from document 0
    text, bounds = encoded_postings(gaps, postings.values[1][positions])
    return text, bounds[firsts].tolist()


def _weighed(state: IndexState, numbers: np.ndarray, frequencies: np.ndarray) -> np.ndarray:
    """BM25 without its idf, as levels: boost · tf·(k1+1) / (tf + k1·(1 − b + b·length/average)).

    A million postings at a time: each temporary array then takes 8 MB, not 24 MB.
    """
    levels = np.empty(len(numbers), dtype=np.uint8)
    for start in range(0, len(numbers), PIECE):
        end = start + PIECE
        levels[start:end] = _weighed_piece(state, numbers[start:end], frequencies[start:end])
    return levels


def _weighed_piece(state: IndexState, numbers: np.ndarray, frequencies: np.ndarray) -> np.ndarray:
    frequency = frequencies.astype(np.float64)
    # In place, in the order of the formula.
    weight = np.asarray(state.boosts)[state.kinds[numbers]]
    weight *= frequency
    weight *= BM25_K1 + 1
    denominator = state.lengths[numbers].astype(np.float64)
    denominator *= BM25_B
    denominator /= state.average_length
    denominator += 1 - BM25_B
    denominator *= BM25_K1
    denominator += frequency
    weight /= denominator
    return weight_levels(weight)


def _average_length(lengths: np.ndarray, kinds: np.ndarray) -> int:
    present = kinds != NO_KIND
    return max(1, round(int(lengths[present].sum()) / max(1, int(present.sum()))))


def updated(
    stored: IndexState | None,
    documents: Sequence[Numbered],
    space: int,
    count: Callable[[list[int]], Fresh],
    names_digest: str,
    boosts: tuple[float, ...],
) -> IndexState:
    """The state of these documents (numbers below `space`), from the stored one where a document is in it.

    `count(positions)` counts the documents at those positions of `documents` that are not.
    """
    usable = stored is not None and stored.names_digest == names_digest and stored.boosts == boosts
    old = stored if usable and stored is not None else IndexState.empty(names_digest, boosts)
    known = {identity: number for number, identity in enumerate(old.identities) if identity}
    # Each old number's new one (−1: its document went); a number no document had names no entry, and stays.
    new_numbers = np.where(old.kinds != NO_KIND, -1, np.arange(len(old.identities)))
    missing = []
    for position, document in enumerate(documents):
        number = known.get(document.identity)
        if number is None:
            missing.append(position)
        else:
            new_numbers[number] = document.number
    carried, changed = _carried(old, documents, space, new_numbers)
    # Counted in number order: their postings then come back in the order they are kept in.
    missing.sort(key=lambda position: documents[position].number)
    fresh = count(missing)
    numbers = np.array([documents[position].number for position in missing], dtype=NUMBER)
    lengths, sizes = carried.lengths.copy(), carried.sizes.copy()
    lengths[numbers], sizes[numbers] = fresh.lengths, fresh.sizes
    average = _average_length(lengths, carried.kinds)
    state, added = _with_counted(replace(carried, lengths=lengths, sizes=sizes, average_length=average), numbers, fresh)
    if average == old.average_length:
        changed = np.concatenate((changed, np.zeros(len(state.keys) - len(changed), bool))) | added
        return _compacted(_with_encodings(state, changed, old))
    if len(carried.postings.numbers):  # postings weighed with the old average are there
        state = replace(state, postings=_reweighed(state))
    return _compacted(_with_encodings(state, np.ones(len(state.keys), bool)))


def _carried(
    old: IndexState, documents: Sequence[Numbered], space: int, new_numbers: np.ndarray
) -> tuple[IndexState, np.ndarray]:
    """The old state with only the documents still there, at their new numbers; which keys' postings changed."""
    identities = [""] * space
    kinds = np.full(space, NO_KIND, dtype=np.uint8)
    for document in documents:
        identities[document.number] = document.identity
        kinds[document.number] = document.kind
    lengths, sizes = np.zeros(space, dtype=np.int64), np.zeros(space, dtype=np.int64)
    kept = (new_numbers >= 0) & (old.kinds != NO_KIND)
    lengths[new_numbers[kept]] = old.lengths[kept]
    sizes[new_numbers[kept]] = old.sizes[kept]
    postings, changed = old.postings.renumbered(new_numbers)
    word_documents = old.word_documents.renumbered(new_numbers)
    state = replace(
        old,
        identities=identities,
        kinds=kinds,
        lengths=lengths,
        sizes=sizes,
        postings=postings,
        word_documents=word_documents,
    )
    return state, changed


def _vocabulary_numbers(
    known: list[str], strings: list[str], numbers: dict[str, int] | None = None
) -> tuple[np.ndarray, list[str], dict[str, int]]:
    """The number of each string in the vocabulary `known` (whose `numbers` are given, or not), extended by those
    not in it yet; the vocabulary, and the numbers of its strings."""
    numbers = {text: number for number, text in enumerate(known)} if numbers is None else numbers
    vocabulary = list(known)
    found = np.empty(len(strings), dtype=NUMBER)
    for position, text in enumerate(strings):
        number = numbers.get(text)
        if number is None:
            number = numbers[text] = len(vocabulary)
            vocabulary.append(text)
        found[position] = number
    return found, vocabulary, numbers


def _with_counted(state: IndexState, numbers: np.ndarray, fresh: Fresh) -> tuple[IndexState, np.ndarray]:
    """The state with the postings and words of the documents just counted (at these numbers, whose lengths it
    holds), weighed with its average length; which of its keys gained postings."""
    key_numbers, keys, numbers_of_keys = _vocabulary_numbers(state.keys, fresh.keys)
    word_numbers, words_known, _ = _vocabulary_numbers(state.words, fresh.words)
    stems, _, _ = _vocabulary_numbers(keys, fresh.word_stems, numbers_of_keys)
    word_stems = np.zeros(len(words_known), dtype=NUMBER)
    word_stems[: len(state.words)] = state.word_stems
    word_stems[word_numbers] = stems
    term_numbers, owners = numbers[fresh.term_documents], key_numbers[fresh.terms]
    state = replace(state, keys=keys, words=words_known, word_stems=word_stems)
    levels = _weighed(state, term_numbers, fresh.frequencies)
    postings = state.postings.with_entries(owners, term_numbers, (fresh.frequencies, levels), len(keys))
    word_documents = state.word_documents.with_pairs(
        word_numbers[fresh.word_numbers], numbers[fresh.word_documents], len(words_known)
    )
    added = np.zeros(len(keys), bool)
    added[owners] = True
    return replace(state, postings=postings, word_documents=word_documents), added


def _reweighed(state: IndexState) -> Lists:
    postings = state.postings
    frequencies = postings.values[0]
    return replace(postings, values=(frequencies, _weighed(state, postings.numbers, frequencies)))


def _with_encodings(state: IndexState, changed: np.ndarray, before: IndexState | None = None) -> IndexState:
    """The changed keys' encoded postings, with their digests, brought up to date: spliced into the encoding of
    their postings in `before` (the state whose texts `state` still holds, weighed alike) where it has the key,
    encoded whole otherwise. An arrival changes a few hundred keys that hold most of the postings."""
    added = [""] * (len(state.keys) - len(state.key_digests))
    digests, texts = state.key_digests + added, state.key_texts + added
    keys = np.flatnonzero(changed)
    known = len(before.keys) if before is not None else 0
    if before is not None:
        for key in keys[keys < known].tolist():
            texts[key] = spliced_postings(texts[key], _entries(before.postings, key), _entries(state.postings, key))
            digests[key] = _digest(texts[key])
    for piece in _pieces(state.postings, keys[keys >= known]):
        text, bounds = _encoded_keys(state.postings, piece)
        for place, key in enumerate(piece.tolist()):
            texts[key] = text[bounds[place] : bounds[place + 1]]
            digests[key] = _digest(texts[key])
    return replace(state, key_digests=digests, key_texts=texts)


def _entries(postings: Lists, key: int) -> tuple[np.ndarray, np.ndarray]:
    """A key's document numbers and weight levels."""
    start, end = postings.starts[key], postings.starts[key + 1]
    return postings.numbers[start:end], postings.values[1][start:end]


def _digest(encoded: str) -> str:
    return hashlib.blake2b(encoded.encode("ascii"), digest_size=16).hexdigest() if encoded else ""


def _pieces(postings: Lists, keys: np.ndarray) -> Iterator[np.ndarray]:
    """The keys in runs of about PIECE postings (a key with more is a run of its own)."""
    ends = np.cumsum(postings.starts[keys + 1] - postings.starts[keys])
    start = 0
    while start < len(keys):
        end = max(start + 1, int(np.searchsorted(ends, (ends[start - 1] if start else 0) + PIECE, side="right")))
        yield keys[start:end]
        start = end


def _compacted(state: IndexState) -> IndexState:
    """Without the keys and words no document holds any more."""
    used_keys = state.postings.sizes() > 0
    used_words = state.word_documents.held()
    if used_keys.all() and used_words.all():
        return state
    key_numbers = np.cumsum(used_keys) - 1
    kept_keys = used_keys.tolist()
    return replace(
        state,
        keys=[key for key, used in zip(state.keys, kept_keys) if used],
        postings=state.postings.kept(used_keys),
        key_digests=[digest for digest, used in zip(state.key_digests, kept_keys) if used],
        key_texts=[text for text, used in zip(state.key_texts, kept_keys) if used],
        words=[word for word, used in zip(state.words, used_words.tolist()) if used],
        word_stems=key_numbers[state.word_stems[used_words]].astype(NUMBER),
        word_documents=state.word_documents.kept(used_words),
    )


class Postings(Mapping[str, list[tuple[int, int]]]):
    """Each term key's postings, (document number, weight level) in document order: a view for tests and tools."""

    def __init__(self, state: IndexState):
        self._state = state
        self._position = {key: position for position, key in enumerate(state.keys)}

    def __getitem__(self, key: str) -> list[tuple[int, int]]:
        return self._state.postings_of(self._position[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._state.keys)

    def __len__(self) -> int:
        return len(self._state.keys)


# Kept in the build cache


_STORE_KIND = "search-index"


def _joined(names: list[str]) -> np.ndarray:
    return np.frombuffer(_SEPARATOR.join(names).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _split(data: np.ndarray) -> list[str]:
    text = data.tobytes().decode("utf-8", "surrogatepass")
    return text.split(_SEPARATOR) if text else []


def _narrow(values: np.ndarray) -> np.ndarray:
    """Numbers in the fewest bytes that hold them: the state is written and read whole on every build."""
    return values.astype(np.min_scalar_type(int(values.max()))) if len(values) and values.min() >= 0 else values


def archived(state: IndexState) -> list[bytes | memoryview]:
    """The state in the bytes the cache keeps (`store_archive`), from which the next build starts (`unarchived`),
    as parts one after another: a list of the arrays (name, type, length), then each array's bytes, at a
    multiple of 8 bytes. The arrays are given as they are, not copied into one piece of 33 MB (and as many
    page faults) only to be written out. Not a zip (`np.savez`): the next build reads it with no copy and no
    check of its own (the cache seals it)."""
    arrays = {
        "names_digest": _joined([state.names_digest]),
        "average_length": np.array([state.average_length]),
        "boosts": np.array(state.boosts, dtype=np.float64),
        "identities": _joined(state.identities),
        "kinds": state.kinds,
        "lengths": state.lengths,
        "sizes": state.sizes,
        "keys": _joined(state.keys),
        "key_starts": state.postings.starts,
        "numbers": _narrow(state.postings.numbers),
        "frequencies": _narrow(state.postings.values[0]),
        "levels": state.postings.values[1],
        "key_digests": _joined(state.key_digests),
        "key_texts": _joined(state.key_texts),
        "words": _joined(state.words),
        "word_stems": state.word_stems,
        "word_words": _narrow(state.word_documents.words),
        "word_numbers": _narrow(state.word_documents.numbers),
        "word_counts": state.word_documents.counts,
    }
    listed = json.dumps([(name, array.dtype.str, len(array)) for name, array in arrays.items()]).encode("ascii")
    parts: list[bytes | memoryview] = [len(listed).to_bytes(_LIST_BYTES, "big"), listed]
    offset = _LIST_BYTES + len(listed)
    for array in arrays.values():
        padding = b"\0" * (-offset % _ALIGNMENT)
        parts += [padding, memoryview(np.ascontiguousarray(array)).cast("B")]
        offset += len(padding) + array.nbytes
    return parts


_LIST_BYTES = 4
_ALIGNMENT = 8


def unarchived(data: bytes | memoryview | None) -> IndexState | None:
    """The state in an archive, or None (none kept, or unreadable: every document is counted)."""
    if data is None:
        return None
    try:
        return _unarchived(_arrays(data))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _arrays(data: bytes | memoryview) -> dict[str, np.ndarray]:
    """The arrays of an archive, by name: views of its bytes (read-only), not copies."""
    size = int.from_bytes(data[:_LIST_BYTES], "big")
    offset, arrays = _LIST_BYTES + size, {}
    for name, kind, length in json.loads(bytes(data[_LIST_BYTES:offset])):
        offset += -offset % _ALIGNMENT
        arrays[name] = np.frombuffer(data, dtype=np.dtype(kind), count=length, offset=offset)
        offset += arrays[name].nbytes
    if offset != len(data):
        raise ValueError("the stored search index is not as long as its list of arrays says")
    return arrays


def _unarchived(arrays: dict[str, np.ndarray]) -> IndexState:
    identities = _split(arrays["identities"])
    state = IndexState(
        _split(arrays["names_digest"])[0],
        int(arrays["average_length"][0]),
        tuple(arrays["boosts"].tolist()),
        identities + [""] * (len(arrays["kinds"]) - len(identities)),
        arrays["kinds"],
        arrays["lengths"],
        arrays["sizes"],
        _split(arrays["keys"]),
        Lists(
            arrays["key_starts"],
            arrays["numbers"].astype(NUMBER),
            (arrays["frequencies"].astype(FREQUENCY), arrays["levels"]),
        ),
        _split(arrays["key_digests"]),
        _split(arrays["key_texts"]),
        _split(arrays["words"]),
        arrays["word_stems"],
        Pairs(arrays["word_words"].astype(NUMBER), arrays["word_numbers"].astype(NUMBER), arrays["word_counts"]),
    )
    _check(state)
    return state


def _check(state: IndexState) -> None:
    """Refuse a state whose parts do not fit together (a damaged cache gives an index counted anew)."""
    keys, words, space = len(state.keys), len(state.words), len(state.kinds)
    fits = (
        len(state.identities) == space == len(state.lengths) == len(state.sizes)
        and len(state.postings.starts) == keys + 1 == len(state.key_digests) + 1
        and len(state.key_texts) == keys
        and words == len(state.word_stems)
        and len(state.word_documents.words) == len(state.word_documents.numbers)
        and len(state.word_documents.counts) == words
        and int(state.word_documents.counts.sum()) == len(state.word_documents.words)
        and (words == 0 or int(state.word_documents.counts.min()) >= 0)
        and state.postings.starts[-1] == len(state.postings.numbers)
        and all(len(value) == len(state.postings.numbers) for value in state.postings.values)
        and _within(state.word_documents.words, words)
        and _within(state.word_documents.numbers, space)
        and (
            len(state.postings.numbers) == 0
            or 0 <= state.postings.numbers.min() <= state.postings.numbers.max() < space
        )
        and (len(state.word_stems) == 0 or 0 <= state.word_stems.min() <= state.word_stems.max() < keys)
    )
    if not fits:
        raise ValueError("the stored search index does not fit together")


def _within(values: np.ndarray, bound: int) -> bool:
    return len(values) == 0 or 0 <= int(values.min()) <= int(values.max()) < bound


def stored_archive(cache: BuildCache) -> memoryview | None:
    """The archived state the last build kept, or None."""
    return cache.beside(_STORE_KIND)


def stored_index(cache: BuildCache) -> IndexState | None:
    return unarchived(stored_archive(cache))


def store_archive(cache: BuildCache, archive: list[bytes | memoryview]) -> None:
    """Keep the archived state for the next build: from the process that made it (see `BuildCache.keep_beside`)."""
    cache.keep_beside(_STORE_KIND, archive)
