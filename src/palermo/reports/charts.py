"""A figure's series as a PNG line chart (matplotlib, Agg: no display, no pyplot state), for the
deck, the PDF and the preview. The chart names the indicator, the unit and the source."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from palermo.reports.content import FigureContent

#: Okabe-Ito blue, as the site's SVG charts.
LINE = "#0072b2"
BAND = "#56b4e9"


def chart_png(figure: FigureContent, *, width: float = 6.0, height: float = 3.4) -> bytes:
    """The series of ``figure`` drawn as a line with its bounds as a band, as PNG bytes."""
    plot = Figure(figsize=(width, height), dpi=150, layout="constrained")
    axes = plot.add_subplot()
    points = figure.points
    yearly = len({p.date.year for p in points}) == len(points)
    # One value a year (often dated 31 December) is drawn at its year, not at the next 1 January.
    xs: list[Any] = [p.date.year if yearly else p.date for p in points]
    bounded = [(x, p) for x, p in zip(xs, points, strict=True)
               if p.low is not None and p.high is not None]
    if len(bounded) > 1:
        axes.fill_between([x for x, _ in bounded], [float(p.low or 0) for _, p in bounded],
                          [float(p.high or 0) for _, p in bounded], color=BAND, alpha=0.3,
                          linewidth=0)
    values = [float(p.value) for p in points]
    axes.plot(xs, values, color=LINE, marker="o", linewidth=2)
    if yearly:
        axes.xaxis.set_major_locator(MaxNLocator(nbins=7, integer=True))
    else:
        locator = AutoDateLocator(minticks=2, maxticks=7)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if min(values) >= 0:
        highs = [float(p.high) for p in points if p.high is not None]
        axes.set_ylim(bottom=0, top=max(values + highs) * 1.1 or 1)
    if all(float(value).is_integer() for value in values):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    axes.set_title(figure.label, loc="left", fontsize=11)
    if figure.unit:
        axes.set_ylabel(figure.unit)
    axes.grid(axis="y", color="#dddddd")
    axes.spines[["top", "right"]].set_visible(False)
    if figure.source:
        plot.supxlabel(figure.citation, x=0.01, ha="left", fontsize=7, color="#444444")
    buffer = BytesIO()
    plot.savefig(buffer, format="png")
    return buffer.getvalue()
