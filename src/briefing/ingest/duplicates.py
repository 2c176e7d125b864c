"""Near-duplicate articles, found through an index so that each arrival costs the same however large the briefing.

Two texts are the same article when 80% of the shorter one's six-word runs (case and
punctuation aside) are in the other. Comparing an arrival with every article is
quadratic over a bulk import, so the index keeps, for each article, one word run in
eight (chosen by the run's hash, so two copies of a text choose the same runs) and
all runs of a short article. An arrival looks up its own runs, and only the few
articles that share enough are compared in full (a very short arrival, a note or the
summary of a Q&A file, is compared with every article instead), from their runs kept as compact arrays
(8 bytes a word: 60 MB for 10,000 articles of 750 words).
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass

SHINGLE_WORDS = 6
# Two texts are the same article when this share of the shorter one's word runs is in the other.
DUPLICATE_SHARE = 0.8
SAMPLE_EVERY = 8
ALL_RUNS_BELOW = 64  # an article with fewer runs keeps all of them: a sample would be too thin to find it
# A run that many articles share is boilerplate or a quotation: the first ones that hold it are enough to
# find the earliest copy, and holding every one would make each lookup as long as the briefing.
HOLDERS_KEPT = 50
COMPARED_AT_MOST = 8
LIKELY = DUPLICATE_SHARE / 2  # a sampled estimate this high is worth the full comparison
_WORD = re.compile(r"\w+")


def word_runs(text: str) -> frozenset[int]:
    """Hashes of every run of six words, case and punctuation aside (the whole text when shorter).

    Each word is hashed once (crc32, the same in every process) and each run is the hash of
    its words' hashes, computed in C by `zip` and `map`: this is most of an arrival's cost.
    """
    words = list(map(zlib.crc32, map(str.encode, _WORD.findall(text.lower()))))
    if len(words) < SHINGLE_WORDS:
        return frozenset((hash(tuple(words)),))
    return frozenset(map(hash, zip(*(words[start:] for start in range(SHINGLE_WORDS)))))


def same_article(mine: frozenset[int], theirs: array) -> bool:
    return bool(mine and theirs) and len(mine.intersection(theirs)) >= DUPLICATE_SHARE * min(len(mine), len(theirs))


def _kept(runs: frozenset[int]) -> frozenset[int] | set[int]:
    return runs if len(runs) < ALL_RUNS_BELOW else {run for run in runs if run % SAMPLE_EVERY == 0}


@dataclass(frozen=True)
class ArticleRuns:
    """What the index keeps of one article: all its word runs, the hash of the whole set, and its sample."""

    every: array
    whole: int  # exact copies share it, whatever the sample
    sampled: array

    @classmethod
    def of(cls, text: str) -> ArticleRuns:
        runs = word_runs(text)
        return cls(array("q", runs), hash(runs), array("q", _kept(runs)))


class DuplicateIndex:
    """The articles of a briefing by a sample of their word runs, to find the one an arrival repeats."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._runs: list[array] = []  # every run of each article, for the full comparison
        self._recorded: list[int] = []  # how many of its sampled runs each article is recorded under
        self._by_run: dict[int, int | list[int]] = {}  # run → the number of the article holding it, or the first ones
        self._by_text: dict[int, int] = {}  # exact copies by the hash of all their runs, whatever the sample

    def add(self, name: str, body: str) -> None:
        self.add_runs(name, ArticleRuns.of(body))

    def add_runs(self, name: str, runs: ArticleRuns) -> None:
        number = len(self._names)
        self._names.append(name)
        self._runs.append(runs.every)
        self._by_text.setdefault(runs.whole, number)
        self._recorded.append(sum(self._post(run, number) for run in runs.sampled))

    def _post(self, run: int, number: int) -> bool:
        held = self._by_run.get(run)
        if held is None:
            self._by_run[run] = number
        elif isinstance(held, int):
            self._by_run[run] = [held, number]
        elif len(held) < HOLDERS_KEPT:
            held.append(number)
        else:
            return False
        return True

    def duplicate_of(self, body: str) -> str | None:
        """The name of the first article (in the order added) that this text repeats, if any."""
        mine = word_runs(body)
        if len(mine) < ALL_RUNS_BELOW:
            # A few words are too few to meet the sample of a long article: compare with each (10 µs an article).
            candidates: list[int] = list(range(len(self._names)))
        else:
            copy = self._by_text.get(hash(mine))
            candidates = ([copy] if copy is not None else []) + self._candidates(mine)
        found = [number for number in candidates if same_article(mine, self._runs[number])]
        return self._names[min(found)] if found else None

    def _candidates(self, mine: frozenset[int]) -> list[int]:
        """The articles sharing the most sampled runs with this text: the only ones that can be its duplicate."""
        shared: Counter[int] = Counter()
        for run in mine:
            held = self._by_run.get(run)
            if held is None:
                continue
            shared.update((held,) if isinstance(held, int) else held)
        # The share of the shorter text that the two have in common, estimated from the sample: each shared run
        # found stands for len(theirs) / recorded of their runs.
        estimates = {
            number: count * len(self._runs[number]) / (self._recorded[number] * min(len(mine), len(self._runs[number])))
            for number, count in shared.items()
        }
        likely = sorted(
            (number for number in estimates if estimates[number] >= LIKELY), key=lambda n: (-estimates[n], n)
        )
        return likely[:COMPARED_AT_MOST]
