"""Bar charts: bars scale to the largest value, and every number is also in words."""

from __future__ import annotations

from pathlib import Path

from briefing.render.charts import CHART_WIDTH, VALUE_ROOM, bar_chart


def test_bars_scale_to_the_largest_value_and_rows_stack():
    chart = bar_chart(
        "example", "Example", [("Signed", 11, "status-signed"), ("In negotiation", 3, ""), ("Mentioned", 0, "")]
    )
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == CHART_WIDTH - VALUE_ROOM and widths[2] == 0
    assert abs(widths[1] - widths[0] * 3 / 11) < 0.1
    assert [bar.label_y for bar in chart.bars] == sorted(bar.label_y for bar in chart.bars)
    assert chart.height >= chart.bars[-1].bar_y + chart.bar_height
    assert chart.description == "Signed: 11; In negotiation: 3; Mentioned: 0."


def test_an_empty_chart_still_has_a_size():
    chart = bar_chart("empty", "Nothing yet", [])
    assert chart.bars == () and chart.height > 0


def test_charts_on_the_pages_carry_their_numbers_as_text(shipped_site: Path):
    tracker = (shipped_site / "tracker.html").read_text(encoding="utf-8")
    assert (
        '<desc id="chart-agreements-by-status-desc">Signed: 11; In negotiation: 3; Mentioned in sources: 0.</desc>'
        in tracker
    )
    assert 'role="img" aria-labelledby="chart-agreements-by-status-title chart-agreements-by-status-desc"' in tracker
    topics = (shipped_site / "topics" / "index.html").read_text(encoding="utf-8")
    assert "NATO and membership: 5;" in topics and topics.count('class="chart-bar ') == 7
