"""Horizontal bar charts as geometry for inline SVG: the HTML report's only kind of chart.

Our own few lines rather than a chart library: the report needs one chart shape, must be one
self-contained file under a strict Content-Security-Policy (no script-drawn charts, no remote
loads, no ``style`` attributes), and every label goes through the autoescaping template. So this
module only computes where each bar goes; ``templates/chart.html.j2`` writes the ``<svg>``, and
Jinja2 escapes its labels like any other text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW_HEIGHT = 22
BAR_HEIGHT = 16
#: Width of the whole chart, of the label column on its left and of the value text on its right.
WIDTH = 760
VALUE_WIDTH = 190
CHARACTER_WIDTH = 7.5  # a rough average for the 12 px labels, to size the label column


@dataclass(frozen=True)
class Row:
    """One bar as given: its label, value, the text after the value, and an optional link."""

    label: str
    value: int
    note: str = ""
    href: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str
    href: str
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int

    @property
    def bar_x(self) -> int:
        return self.label_width + 8

    @property
    def text_offset(self) -> int:
        """Where a bar's text baseline sits below the bar's top."""
        return BAR_HEIGHT - 4


def bar_chart(title: str, rows: Sequence[Row], width: int = WIDTH) -> BarChart:
    """Bars scaled to the largest value; a non-zero value always shows at least one pixel."""
    longest = max((len(row.label) for row in rows), default=4)
    label_width = int(min(max(longest * CHARACTER_WIDTH, 40), width * 0.4))
    room = width - label_width - 8 - VALUE_WIDTH
    top = max((row.value for row in rows), default=0)
    bars = tuple(
        Bar(row.label, row.value, row.note, row.href, index * ROW_HEIGHT + 4,
            round(max(1.0, room * row.value / top), 1) if top and row.value else 0.0)
        for index, row in enumerate(rows)
    )
    return BarChart(title, bars, width, len(rows) * ROW_HEIGHT + 8, label_width)
