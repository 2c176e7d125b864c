"""Long lists cut into pages by what their entries are, never every so many entries.

A list is cut where its entries change key (a year, a month or a week; the first letter of a
title; a topic), so an arrival, an edit or a removal changes the page of its own key and the
list's first page, which lists the keys with their counts, and no other. A key holding more than
a page is cut by the next finer key (a year by its months, a month by its weeks); only a key that
no finer key cuts is cut into parts of at most a page, and there the parts after the entry's
move on by one. So no page grows with the briefing. A list that fits on one page is that page alone.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from briefing import urls
from briefing.text import day_as_written
from briefing.urls import ListKey


@dataclass(frozen=True)
class Level:
    """One way of keying a list's entries: each entry's key (a plain name; None where this level does not apply) and label."""

    key: Callable[[Any], str | None]
    label: Callable[[Any], str]


@dataclass(frozen=True)
class Shelf:
    """A key of a list with what it holds, for the first page's contents: its own first page, or finer keys.

    Not its parts: then the contents would grow with the list; each part links to the others.
    """

    label: str
    size: int  # the entries under this key
    page: str | None  # its first page, when it is not cut by a finer key
    finer: tuple[Shelf, ...] = ()


# The parts either side of a page that its pagination names (see `Place.nearby_parts`).
NEARBY_PARTS = 2


@dataclass(frozen=True)
class Place:
    """Where a page other than the first stands: what it holds, its part of its key, and its neighbours."""

    heading: str  # 'June 2024', 'NATO and membership, 2024'
    part: int
    parts: tuple[str, ...]  # the pages of its key, in order
    # The places of its first and last entries among its key's. Not the key's size: then an arrival
    # would change every part of its key, not only the parts from its own on.
    first_number: int
    last_number: int
    previous_page: tuple[str, str] | None  # (path, what it holds)
    next_page: tuple[str, str] | None

    @property
    def part_count(self) -> int:
        return len(self.parts)

    @property
    def label(self) -> str:
        return _part_label(self.heading, self.part, len(self.parts))

    @property
    def nearby_parts(self) -> tuple[tuple[int, str] | None, ...]:
        """The parts its pagination names, (number, path): the first, the last and those near this one, with None
        for a run left out between. All of them would grow every page of a key of thousands of entries."""
        near = range(max(1, self.part - NEARBY_PARTS), min(self.part_count, self.part + NEARBY_PARTS) + 1)
        shown: list[tuple[int, str] | None] = []
        before = 0
        for number in sorted({1, *near, self.part_count}):
            if number == before + 2:  # a run of one is named, not left out
                shown.append((before + 1, self.parts[before]))
            elif number > before + 2:
                shown.append(None)
            shown.append((number, self.parts[number - 1]))
            before = number
        return tuple(shown)


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its key (None for the first page), its heading's title and what it shows."""

    key: ListKey | None
    title: str
    context: dict[str, Any]


def _part_label(heading: str, part: int, parts: int) -> str:
    return f"{heading}, part {part} of {parts}" if parts > 1 else heading


def _runs(entries: Sequence[Any], key: Callable[[Any], str | None]) -> list[tuple[str, tuple[Any, ...]]]:
    """The entries in runs of one key; a key met again after another would name two pages alike."""
    runs = [(name, tuple(run)) for name, run in groupby(entries, key=key)]
    if len({name for name, _ in runs}) != len(runs):
        raise ValueError("a list's entries must come in the order of their keys")
    return runs


@dataclass(frozen=True)
class _Leaf:
    """A key no finer key cuts: its pages hold its entries, a page at a time."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    entries: tuple[Any, ...]
    pages: tuple[str, ...]


def _shelve(
    keys: tuple[str, ...],
    labels: tuple[str, ...],
    entries: tuple[Any, ...],
    finer_levels: Sequence[Level],
    per_page: int,
    url: Callable[[ListKey], str],
    leaves: list[_Leaf],
) -> Shelf:
    """The shelf of one key: cut by the next level when it holds more than a page and that level applies."""
    level = finer_levels[0] if finer_levels else None
    if len(entries) > per_page and level and level.key(entries[0]) is not None:
        finer = tuple(
            _shelve(keys + (name,), labels + (level.label(run[0]),), run, finer_levels[1:], per_page, url, leaves)
            for name, run in _runs(entries, level.key)
        )
        return Shelf(labels[-1], len(entries), None, finer)
    leaf = _leaf(keys, labels, entries, per_page, url)
    leaves.append(leaf)
    return Shelf(labels[-1], len(entries), leaf.pages[0])


def _leaf(
    keys: tuple[str, ...],
    labels: tuple[str, ...],
    entries: tuple[Any, ...],
    per_page: int,
    url: Callable[[ListKey], str],
) -> _Leaf:
    pages = tuple(url(ListKey(keys, part)) for part in range(1, -(-len(entries) // per_page) + 1))
    return _Leaf(keys, labels, entries, pages)


def list_pages(
    entries: Sequence[Any],
    levels: Sequence[Level],
    per_page: int,
    url: Callable[[ListKey | None], str],
    title: str,
    shown: Callable[[Sequence[Any]], dict[str, Any]],
    summary: dict[str, Any] | None = None,
    heading: Callable[[tuple[str, ...]], str] = lambda labels: labels[-1],
    pages_title: str | None = None,
) -> Iterator[ListPage]:
    """The first page (with every entry when they fit on it, else the contents), then a page per key or part.

    `entries` come in the order of their keys at every level; `shown` gives what a template shows
    of some entries, `summary` what the first page alone shows (totals), `heading` a page's
    heading from the labels of its keys, coarse to fine, and `pages_title` what the pages after the
    first are called (the first page's title by default).
    """
    first = summary or {}
    if len(entries) <= per_page:
        yield ListPage(None, title, {**shown(entries), **first, "contents": (), "place": None})
        return
    leaves: list[_Leaf] = []
    top = levels[0]
    contents = tuple(
        _shelve((name,), (top.label(run[0]),), run, levels[1:], per_page, url, leaves)
        for name, run in _runs(entries, top.key)
    )
    yield ListPage(None, title, {**shown(()), **first, "contents": contents, "place": None})
    yield from _leaf_pages(leaves, per_page, pages_title or title, shown, heading)


def pages_by_key(
    entries: Sequence[Any],
    level: Level,
    per_page: int,
    url: Callable[[ListKey], str],
    title: str,
    shown: Callable[[Sequence[Any]], dict[str, Any]],
) -> Iterator[ListPage]:
    """A page per key (or parts of a key, at most a page each), however few the entries: no first page.

    For a list whose first page is a page of its own that links to these (what arrived on the days
    the changes page cannot show in full).
    """
    leaves = [_leaf((name,), (level.label(run[0]),), run, per_page, url) for name, run in _runs(entries, level.key)]
    yield from _leaf_pages(leaves, per_page, title, shown, lambda labels: labels[-1])


def _leaf_pages(
    leaves: list[_Leaf],
    per_page: int,
    title: str,
    shown: Callable[[Sequence[Any]], dict[str, Any]],
    heading: Callable[[tuple[str, ...]], str],
) -> Iterator[ListPage]:
    """The pages of the leaves, a page of entries at a time, each linked to the pages before and after it."""
    # Every page, in reading order: its leaf, its part and what it is called.
    pages = [
        (leaf, part, _part_label(heading(leaf.labels), part, len(leaf.pages)))
        for leaf in leaves
        for part in range(1, len(leaf.pages) + 1)
    ]
    for number, (leaf, part, label) in enumerate(pages):
        chunk = leaf.entries[(part - 1) * per_page : part * per_page]
        place = Place(
            heading=heading(leaf.labels),
            part=part,
            parts=leaf.pages,
            first_number=(part - 1) * per_page + 1,
            last_number=(part - 1) * per_page + len(chunk),
            previous_page=_page_at(pages, number - 1),
            next_page=_page_at(pages, number + 1),
        )
        yield ListPage(
            ListKey(leaf.keys, part),
            f"{title}: {label}",
            {**shown(chunk), "contents": (), "place": place},
        )


def _page_at(pages: list[tuple[_Leaf, int, str]], number: int) -> tuple[str, str] | None:
    """The path and label of the page at this place in the reading order, or None before the first and after the last."""
    if not 0 <= number < len(pages):
        return None
    leaf, part, label = pages[number]
    return leaf.pages[part - 1], label


UNDATED_LABEL = "Date not stated"


def by_year(day: Callable[[Any], date | None]) -> Level:
    """Entries keyed by the year of a date; those without one under one key of their own."""

    def key(entry: Any) -> str:
        when = day(entry)  # each level's key is asked of every entry of a list: its date is looked up once
        return str(when.year) if when else urls.UNDATED

    def label(entry: Any) -> str:
        when = day(entry)
        return str(when.year) if when else UNDATED_LABEL

    return Level(key=key, label=label)


def by_month(day: Callable[[Any], date | None]) -> Level:
    """Entries keyed by the month of a date ('06'), under their year; an undated entry has no month."""

    def key(entry: Any) -> str | None:
        when = day(entry)
        return f"{when.month:02d}" if when else None

    def label(entry: Any) -> str:
        when = day(entry)
        return f"{when:%B %Y}" if when else UNDATED_LABEL

    return Level(key=key, label=label)


def by_week(day: Callable[[Any], date | None]) -> Level:
    """Entries keyed by the week of the month of a date (days 1–7, 8–14, 15–21, 22 to the end), named by its first day."""

    def first_day(when: date) -> int:
        return min((when.day - 1) // 7, 3) * 7 + 1

    def key(entry: Any) -> str | None:
        when = day(entry)
        return f"{first_day(when):02d}" if when else None

    def label(entry: Any) -> str:
        when = day(entry)
        first = first_day(when)
        last = first + 6 if first < 22 else calendar.monthrange(when.year, when.month)[1]
        return f"{first}–{last} {when:%B %Y}"

    return Level(key=key, label=label)


def by_day(day: Callable[[Any], date]) -> Level:
    """Entries keyed by a date ('2026-05-20'), named as pages write a date ('20 May 2026')."""

    def key(entry: Any) -> str:
        return day(entry).isoformat()

    def label(entry: Any) -> str:
        return day_as_written(day(entry))

    return Level(key=key, label=label)
