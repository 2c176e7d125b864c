"""Search document numbers that stay as they are while other documents come and go.

Postings are gaps between document numbers, and the browser ranks by number, so a number
that moves rewrites every index file naming it. Numbers therefore come from the content
alone (a clean build gives the same ones) and from each document's own place, not from
how many came before it:

- Documents are placed in blocks: the hub pages (topics, countries) first, then one block
  for each day articles arrived (their `ingested` day), in day order, so a later arrival
  still has a higher number.
- A block has at least twice as many places as it holds documents (a power of two). An
  article and its Q&A pairs take consecutive places from a hash of the article's address,
  or the next free ones; they are laid out by that place and then by address, so the
  layout depends only on which articles the block holds, not on their order of arrival.

A removed article leaves its places empty (the browser never meets them: no posting names
them) and an arrival takes free ones; at most the few articles that had been pushed along
behind it in the same run of taken places move by a step. A block is laid out anew only
when its size doubles or halves, and the blocks after it then move by a constant, which
changes no document file (see `index.document_files`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """Documents numbered together: an article and its Q&A pairs, or one hub page."""

    address: str  # the page's path: where the unit's place is hashed from
    documents: int  # how many numbers it takes


@dataclass(frozen=True)
class Block:
    name: str  # "hubs", or the day its articles arrived ("2026-11-23")
    start: int  # its first number
    size: int  # how many numbers it spans, taken or not


@dataclass(frozen=True)
class Numbering:
    firsts: tuple[tuple[int, ...], ...]  # per block, the first number of each of its units, in the order given
    blocks: tuple[Block, ...]
    space: int  # one more than the highest number any block spans


def _home(address: str, places: int) -> int:
    digest = hashlib.blake2b(address.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % places


def places_of(units: Sequence[Unit]) -> tuple[list[int], int]:
    """Each unit's first place in its block, and the block's size.

    Units are laid out by home place and then address, each at its home or just after
    the unit before it; a block with no room left at its end grows past its power of two.
    """
    taken = sum(unit.documents for unit in units)
    places = 1 << (2 * taken - 1).bit_length() if taken else 0  # the smallest power of two ≥ 2 × taken
    addresses = [unit.address for unit in units]
    homes = [_home(address, places) for address in addresses]
    first = [0] * len(units)
    free = 0
    for home, _, position in sorted(zip(homes, addresses, range(len(units)))):
        first[position] = max(home, free)
        free = first[position] + units[position].documents
    return first, max(places, free)


def numbered(blocks: Sequence[tuple[str, Sequence[Unit]]]) -> Numbering:
    """The numbers of the units of each (name, units) block, the blocks in the order given."""
    firsts, laid_out, start = [], [], 0
    for name, units in blocks:
        places, size = places_of(units)
        firsts.append(tuple(start + place for place in places))
        laid_out.append(Block(name, start, size))
        start += size
    return Numbering(tuple(firsts), tuple(laid_out), start)
