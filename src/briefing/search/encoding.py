"""How the index writes its postings: weight levels and gaps, in characters JSON need not escape.

The browser reads them back (`search.js`, decodedPostings): a posting is its gap to the
previous document number, 5 bits a character, lowest first (a character above 31 says
another follows), then its weight level in one character, read as 2 ** (level / 8).
"""

from __future__ import annotations

import json

import numpy as np

# A weight is stored as one of 64 levels on a log scale, each 9% above the one below
# (2 ** (1/8)): ranking needs no finer steps, and a level fits in one character.
WEIGHT_LEVELS = 64
LEVELS_PER_DOUBLING = 8
LOWEST_WEIGHT = 0.1
# The weight at which each level above 0 starts: a level is found by comparisons, the same for one posting or
# three million (a weight halfway between two levels goes up).
_LEVEL_STARTS = LOWEST_WEIGHT * 2 ** ((np.arange(1, WEIGHT_LEVELS) - 0.5) / LEVELS_PER_DOUBLING)
# Postings are written in these 64 characters, none of which JSON escapes.
POSTING_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def weight_levels(weights: np.ndarray) -> np.ndarray:
    """The level (0–63) each weight is stored as; the browser reads it back as 2 ** (level / 8), a constant factor
    off, which ranks the same."""
    return np.searchsorted(_LEVEL_STARTS, weights, side="right").astype(np.uint8)


def weight_level(weight: float) -> int:
    return int(weight_levels(np.array([weight]))[0])


def _gap_widths(gaps: np.ndarray) -> np.ndarray:
    """How many characters each gap takes: one per 5 bits."""
    widths = np.ones(len(gaps), dtype=np.int64)
    for shift in range(5, 64, 5):
        beyond = gaps >= (1 << shift)
        if not beyond.any():
            break
        widths += beyond
    return widths


def encoded_postings(gaps: np.ndarray, levels: np.ndarray) -> tuple[str, np.ndarray]:
    """Each posting as its gap to the previous document (5 bits a character, lowest first; a character above 31
    says another follows) and its weight level (1 character), all in a row; and where each posting starts in that
    text, with the text's length last."""
    alphabet = np.frombuffer(POSTING_ALPHABET.encode("ascii"), dtype=np.uint8)
    widths = _gap_widths(gaps)
    bounds = np.concatenate(([0], np.cumsum(widths + 1)))
    offsets = bounds[:-1]
    text = np.empty(int(bounds[-1]), dtype=np.uint8)
    for group in range(int(widths.max()) if len(gaps) else 0):
        here = widths > group
        value = (gaps[here] >> (5 * group)) & 31
        text[offsets[here] + group] = alphabet[value + 32 * (widths[here] > group + 1)]
    text[offsets + widths] = alphabet[levels]
    return text.tobytes().decode("ascii"), bounds


def encode_postings(entries: list[tuple[int, int]]) -> str:
    """Postings (document number, level) as a JSON string: most postings of a common word take two bytes."""
    numbers = np.array([number for number, _ in entries], dtype=np.int64)
    levels = np.array([level for _, level in entries], dtype=np.int64)
    return f'"{encoded_postings(np.diff(numbers, prepend=0), levels)[0]}"'


# ASCII only: a script file then reads the same whatever charset a server announces.
_JSON = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def to_json(value: object) -> str:
    return _JSON.encode(value)


def spliced_postings(before: str, old: tuple[np.ndarray, np.ndarray], new: tuple[np.ndarray, np.ndarray]) -> str:
    """`encoded_postings` of the `new` postings (document numbers, levels), made from `before`, that of the `old`
    ones: only the postings between their common start and their common end are encoded anew, with the first
    after them (its gap is now to another document). An arrival adds a posting near the end of the thousands of
    a common word (a later arrival has a higher number)."""
    (old_numbers, old_levels), (new_numbers, new_levels) = old, new
    shorter = min(len(old_numbers), len(new_numbers))
    head = _common_run(old_numbers[:shorter], old_levels[:shorter], new_numbers[:shorter], new_levels[:shorter])
    back = shorter - head
    tail = _common_run(
        old_numbers[::-1][:back], old_levels[::-1][:back], new_numbers[::-1][:back], new_levels[::-1][:back]
    )
    # The characters of each old posting from the common start on, counted back from the text's end: an
    # arrival's postings are the last few, so only those are measured.
    widths = _posting_widths(_gaps(old_numbers, head, len(old_numbers)))
    start = len(before) - int(widths.sum())
    # The old text kept after the part made anew: that of the common end but its first posting.
    kept_after = int(widths[len(widths) - tail + 1 :].sum()) if tail else 0
    middle_end = len(new_numbers) - tail + 1 if tail else len(new_numbers)
    middle = _encoded(_gaps(new_numbers, head, middle_end), new_levels[head:middle_end])
    return before[:start] + middle + before[len(before) - kept_after :]


# Fewer postings than this are measured and encoded one by one: numpy's cost of a call is more than theirs.
_FEW = 32


def _gaps(numbers: np.ndarray, start: int, end: int) -> np.ndarray:
    """The gaps of the postings from `start` to `end`, the first counted from the one before it (or from 0)."""
    return np.diff(numbers[start:end].astype(np.int64), prepend=int(numbers[start - 1]) if start else 0)


def _posting_widths(gaps: np.ndarray) -> np.ndarray:
    """How many characters each posting takes: its gap's, and its level's one."""
    if len(gaps) < _FEW:
        return np.array([max(1, (gap.bit_length() + 4) // 5) + 1 for gap in gaps.tolist()], dtype=np.int64)
    return _gap_widths(gaps) + 1


def _encoded(gaps: np.ndarray, levels: np.ndarray) -> str:
    """`encoded_postings`' text of these gaps and levels."""
    if len(gaps) >= _FEW:
        return encoded_postings(gaps, levels)[0]
    characters = []
    for gap, level in zip(gaps.tolist(), levels.tolist()):
        while gap > 31:
            characters.append(POSTING_ALPHABET[32 + (gap & 31)])
            gap >>= 5
        characters += [POSTING_ALPHABET[gap], POSTING_ALPHABET[level]]
    return "".join(characters)


def _common_run(numbers: np.ndarray, levels: np.ndarray, other_numbers: np.ndarray, other_levels: np.ndarray) -> int:
    """How many postings the two lists of one length begin with alike."""
    differs = (numbers != other_numbers) | (levels != other_levels)
    return int(differs.argmax()) if differs.any() else len(differs)
