"""Small static bar charts: the geometry of each bar, computed here so templates only format.

Each bar has its label written above it and its number beside it, so the chart
reads without colour; `description` is the same data as one sentence of text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHART_WIDTH = 600
ROW_HEIGHT = 46
BAR_HEIGHT = 16
LABEL_BASELINE = 16  # from the top of a row
VALUE_ROOM = 56  # right of the longest bar, for its number


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css_class: str
    label_y: float
    bar_y: float
    width: float

    @property
    def value_x(self) -> float:
        return self.width + 8

    @property
    def value_y(self) -> float:
        return self.bar_y + BAR_HEIGHT - 3


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    bar_height: int = BAR_HEIGHT

    @property
    def is_empty(self) -> bool:
        """Whether every bar is at nought: such a chart shows nothing worth its room."""
        return not any(bar.value for bar in self.bars)

    @property
    def description(self) -> str:
        return "; ".join(f"{bar.label}: {bar.value}" for bar in self.bars) + "."


def bar_chart(slug: str, title: str, rows: Sequence[tuple[str, int, str]]) -> BarChart:
    """A horizontal bar chart of (label, value, CSS class) rows, bars scaled to the largest value."""
    largest = max((value for _, value, _ in rows), default=0) or 1
    bar_room = CHART_WIDTH - VALUE_ROOM
    bars = tuple(
        Bar(
            label,
            value,
            css_class,
            row * ROW_HEIGHT + LABEL_BASELINE,
            row * ROW_HEIGHT + LABEL_BASELINE + 6,
            round(bar_room * value / largest, 1),
        )
        for row, (label, value, css_class) in enumerate(rows)
    )
    return BarChart(slug, title, CHART_WIDTH, max(1, len(rows)) * ROW_HEIGHT, bars)
