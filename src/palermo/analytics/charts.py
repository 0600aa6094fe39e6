"""Small server-rendered SVG bar charts (no script, no style attribute: strict-CSP safe), for
every page that draws figures: the statistics dashboards and the coordination view.

A chart is a list of bars, each a label and one value per series (stacked left to right). A
value may be None (a figure hidden by disclosure control): nothing is drawn for it, and the
bar's end shows ``shown`` (the published total, or the suppression marker) when given. The SVG
is decorative beside its table: it carries a title for assistive technology, and the table
beside it carries the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

#: The segment of hidden figures.
HIDDEN = "#aab4bf"
#: Colour-blind-safe palette (Okabe-Ito), dark enough for white gaps between segments.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 60
ROW = 26
BAR = 18
LEGEND = 26
MAX_LABEL = 30


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[int | float | None, ...]
    #: The text at the bar's end; the sum of the values when empty.
    shown: str = ""
    #: Hidden figures known only by their sum (a published total minus the published values):
    #: drawn as one grey segment at the bar's end.
    hidden: float = 0

    @property
    def total(self) -> float:
        return float(sum(v for v in self.values if v is not None)) + self.hidden


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _legend(series: Sequence[str], hidden: str = "") -> tuple[list[SafeString], int]:
    """Swatches and names of the series (none for one series) and of the hidden segment,
    wrapped onto as many lines as the width needs; and the height they take."""
    swatches = [(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(series)]
    if len(series) < 2:
        swatches = []
    if hidden:
        swatches.append((hidden, HIDDEN))
    if not swatches:
        return [], 0
    parts, left, line = [], 10, 0
    for name, colour in swatches:
        needed = 24 + 7 * len(name)
        if left > 10 and left + needed > WIDTH:
            left, line = 10, line + 1
        y = 4 + line * 18
        parts.append(format_html(
            '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
            '<text x="{}" y="{}" font-size="12" fill="#1f2933">{}</text>',
            left, y, colour, left + 16, y + 11, name))
        left += needed
    return parts, LEGEND + line * 18


def bar_chart(bars: Sequence[Bar], *, title: str, series: Sequence[str] = (),
              hidden: str = "") -> SafeString:
    """A horizontal (stacked) bar chart; an empty string when there is nothing to draw.
    ``hidden`` names the grey segment of hidden figures in the legend (when a bar has one)."""
    if not bars:
        return SafeString("")
    legend, top = _legend(series, hidden if any(bar.hidden for bar in bars) else "")
    height = top + ROW * len(bars) + 6
    scale = max(bar.total for bar in bars) or 1.0
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts: list[SafeString] = list(legend)
    for row, bar in enumerate(bars):
        y = top + row * ROW + 4
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="13" text-anchor="end" fill="#1f2933">'
            "<title>{}</title>{}</text>",
            LABEL_WIDTH - 8, y + BAR - 4, bar.label, _short(bar.label)))
        x = float(LABEL_WIDTH)
        for i, value in enumerate(bar.values):
            width = room * float(value or 0) / scale
            if width > 0:
                parts.append(format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    f"{x:.1f}", y, f"{width:.1f}", BAR, PALETTE[i % len(PALETTE)]))
            x += width
        if bar.hidden > 0:
            width = room * float(bar.hidden) / scale
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                f"{x:.1f}", y, f"{width:.1f}", BAR, HIDDEN))
            x += width
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="12" fill="#1f2933">{}</text>',
            f"{x + 6:.1f}", y + BAR - 4, bar.shown or _number(bar.total)))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        WIDTH, height, title, title, format_html_join("", "{}", ((p,) for p in parts)))
