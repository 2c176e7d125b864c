"""Lists of document numbers in flat arrays, changed by the few documents that moved, went or came.

An index of 10,000 articles holds three million postings: kept as lists of numbers in
one array (and a few arrays of values beside it), a build renumbers, drops and inserts
them with numpy in a fraction of a second, touching only the entries that change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NUMBER = np.int32  # a document number, for the millions of them


@dataclass(frozen=True)
class Lists:
    """Lists of document numbers, one per name (a term key, a word), in one flat array sorted by list and
    number: list i is numbers[starts[i] : starts[i + 1]], with one value per entry in each of `values`."""

    starts: np.ndarray  # int64, one more than there are lists
    numbers: np.ndarray
    values: tuple[np.ndarray, ...]

    @classmethod
    def empty(cls, dtypes: Sequence[type]) -> Lists:
        return cls(np.zeros(1, np.int64), np.zeros(0, NUMBER), tuple(np.zeros(0, dtype) for dtype in dtypes))

    def sizes(self) -> np.ndarray:
        return np.diff(self.starts)

    def owners(self) -> np.ndarray:
        """Each entry's list."""
        return np.repeat(np.arange(len(self.starts) - 1, dtype=np.int64), self.sizes())

    def renumbered(self, new_numbers: np.ndarray) -> tuple[Lists, np.ndarray]:
        """Each entry's number mapped through `new_numbers` (−1 drops it), and which lists changed.

        Only the entries whose number moves are touched: an arrival or a removal moves few.
        """
        changed = np.zeros(len(self.starts) - 1, bool)
        moving = new_numbers != np.arange(len(new_numbers))
        if not moving.any():
            return self, changed
        affected = np.flatnonzero(moving[self.numbers])
        changed[np.searchsorted(self.starts, affected, side="right") - 1] = True
        to = new_numbers[self.numbers[affected]]
        dropped = affected[to < 0]
        numbers = np.delete(self.numbers, dropped)  # a copy
        moved = affected[to >= 0] - np.searchsorted(dropped, affected[to >= 0])  # where they are now
        numbers[moved] = to[to >= 0]
        lists = Lists(
            self.starts - np.searchsorted(dropped, self.starts),
            numbers,
            tuple(np.delete(value, dropped) for value in self.values),
        )
        return (lists if lists._in_order_at(moved) else lists._sorted()), changed

    def _in_order_at(self, positions: np.ndarray) -> bool:
        """Whether each entry at these positions is in number order with its neighbours in its list."""
        starts = self.starts[np.searchsorted(self.starts, positions, side="right") - 1]
        ends = self.starts[np.searchsorted(self.starts, positions, side="right")]
        numbers = self.numbers
        after_previous = (positions == starts) | (numbers[np.maximum(positions - 1, 0)] < numbers[positions])
        before_next = (positions + 1 == ends) | (
            numbers[positions] < numbers[np.minimum(positions + 1, len(numbers) - 1)]
        )
        return bool(after_previous.all() and before_next.all())

    def _sorted(self) -> Lists:
        order = np.argsort(_list_keys(self.owners(), self.numbers), kind="stable")
        return Lists(self.starts, self.numbers[order], tuple(value[order] for value in self.values))

    def with_entries(self, owners: np.ndarray, numbers: np.ndarray, values: Sequence[np.ndarray], lists: int) -> Lists:
        """These lists, `lists` of them, with the entries added (none of them already in their list)."""
        order = _list_order(owners, numbers, lists)
        owners, numbers, values = owners[order], numbers[order].astype(NUMBER), [value[order] for value in values]
        starts = np.concatenate((self.starts, np.full(lists + 1 - len(self.starts), self.starts[-1])))
        starts_after = starts + np.searchsorted(owners, np.arange(lists + 1))
        if not len(self.numbers):  # a first build: nothing to insert them among
            return Lists(starts_after, numbers, tuple(values))
        at = self._places(starts, owners, numbers)
        return Lists(
            starts_after,
            np.insert(self.numbers, at, numbers),
            tuple(np.insert(old, at, new) for old, new in zip(self.values, values)),
        )

    def _places(self, starts: np.ndarray, owners: np.ndarray, numbers: np.ndarray) -> np.ndarray:
        """Where each new entry (sorted by list and number) goes among the entries there."""
        if len(owners) * 16 > len(self.numbers):  # many (thousands of articles changed): one search over all
            return np.searchsorted(_list_keys(self.owners(), self.numbers), _list_keys(owners, numbers))
        places = np.empty(len(owners), dtype=np.int64)
        lists, firsts = np.unique(owners, return_index=True)
        ends = np.append(firsts[1:], len(owners))
        for owner, first, end in zip(lists.tolist(), firsts.tolist(), ends.tolist()):
            start = starts[owner]
            places[first:end] = start + np.searchsorted(self.numbers[start : starts[owner + 1]], numbers[first:end])
        return places

    def kept(self, lists: np.ndarray) -> Lists:
        """Only these lists (a mask): their entries stay where they are."""
        sizes = self.sizes()
        if not (sizes[~lists] == 0).all():
            raise ValueError("only empty lists are dropped")
        return Lists(np.concatenate(([0], np.cumsum(sizes[lists]))), self.numbers, self.values)


def _list_keys(owners: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    return (owners.astype(np.int64) << 32) | numbers.astype(np.int64)


def _list_order(owners: np.ndarray, numbers: np.ndarray, lists: int) -> np.ndarray:
    """The order that sorts entries by list and number. Entries given in number order (documents counted in number
    order) need only a stable sort by list, which numpy does by radix, 16 bits at a time."""
    if len(numbers) > 1 and not (numbers[1:] >= numbers[:-1]).all():
        return np.argsort(_list_keys(owners, numbers))
    order = np.argsort((owners & 0xFFFF).astype(np.uint16), kind="stable")
    if lists > 1 << 16:
        order = order[np.argsort((owners[order] >> 16).astype(np.uint16), kind="stable")]
    return order


@dataclass(frozen=True)
class Pairs:
    """(word, document number) pairs, in no order: which documents hold each word, so that a word goes from the
    index with the last document that held it; with how many pairs each word has, kept up to date by the pairs
    that go and come (counting three million pairs again takes a fresh array of 25 MB)."""

    words: np.ndarray
    numbers: np.ndarray
    counts: np.ndarray  # by word number: its pairs

    def renumbered(self, new_numbers: np.ndarray) -> Pairs:
        """Each pair's number mapped through `new_numbers` (−1 drops it); only the pairs that move are touched."""
        moving = new_numbers != np.arange(len(new_numbers))
        if not moving.any():
            return self
        affected = np.flatnonzero(moving[self.numbers])
        to = new_numbers[self.numbers[affected]]
        dropped = affected[to < 0]
        numbers = np.delete(self.numbers, dropped)
        numbers[affected[to >= 0] - np.searchsorted(dropped, affected[to >= 0])] = to[to >= 0]
        counts = self.counts - np.bincount(self.words[dropped], minlength=len(self.counts)).astype(NUMBER)
        return Pairs(np.delete(self.words, dropped), numbers, counts)

    def with_pairs(self, words: np.ndarray, numbers: np.ndarray, vocabulary: int) -> Pairs:
        """With these pairs added, over a vocabulary of this many words (the words the pairs have, and more)."""
        counts = np.zeros(vocabulary, dtype=NUMBER)
        counts[: len(self.counts)] = self.counts
        counts += np.bincount(words, minlength=vocabulary).astype(NUMBER)
        return Pairs(
            np.concatenate((self.words, words.astype(NUMBER))),
            np.concatenate((self.numbers, numbers.astype(NUMBER))),
            counts,
        )

    def held(self) -> np.ndarray:
        """Which of the words some document holds (a mask)."""
        return self.counts > 0

    def kept(self, words: np.ndarray) -> Pairs:
        """With only these words (a mask), numbered anew in their order; none of the others may have pairs."""
        if self.counts[~words].any():
            raise ValueError("only words without pairs are dropped")
        return Pairs((np.cumsum(words) - 1)[self.words].astype(NUMBER), self.numbers, self.counts[words])


def ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The positions start, start + 1, … of each range, one range after another."""
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    return np.repeat(starts - offsets[:-1], sizes) + np.arange(offsets[-1])
