"""A dashboard table in each of its outputs: chart, CSV rows, JSON. Every figure goes through
``disclosure.render`` (or, in JSON, null with ``suppressed: true``), so a hidden figure looks
the same in every output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from palermo.analytics import summary
from palermo.analytics.charts import Bar, bar_chart
from palermo.analytics.dashboard import Breakdown
from palermo.analytics.disclosure import Cell, Marker, render
from palermo.cases.exporter import neutralise


def chart(breakdown: Breakdown) -> SafeString:
    """The table's chart: bars per year stacked by category, a bar per category, or for the
    funnel a bar per stage of the cases that reached at least that stage."""
    table, kind = breakdown.table, breakdown.kind
    title = str(kind.title)
    if breakdown.slug == summary.FUNNEL:
        return bar_chart(_reached(breakdown), title=_("Cases that reached at least each stage"))
    if kind.chart == "years":
        used = [i for i, total in enumerate(table.row_totals) if total.value != 0]
        bars = []
        for j, year in enumerate(table.columns):
            values = tuple(table.cells[i][j].value for i in used)
            total = table.column_totals[j].value
            # The hidden figures of a year, as one segment: what its published total leaves
            # after its published figures (nothing a reader cannot subtract).
            rest = total - sum(v or 0 for v in values) if total is not None else 0
            bars.append(Bar(year, values, shown=render(table.column_totals[j]), hidden=rest))
        return bar_chart(bars, title=title, series=[table.rows[i] for i in used],
                         hidden=_("hidden to protect privacy"))
    bars = [Bar(label, (total.value,), shown=render(total))
            for label, _cells, total in table.rows_with_totals() if total.value != 0]
    return bar_chart(bars, title=title)


def _reached(breakdown: Breakdown) -> list[Bar]:
    """Cases that reached at least each stage, summed from the published rows below it (hidden
    if any of them is), so the chart reveals nothing the table does not."""
    totals = list(breakdown.table.row_totals)
    bars = []
    for i, label in enumerate(breakdown.table.rows):
        rest = totals[i:]
        value = None if any(c.suppressed for c in rest) else sum(c.value or 0 for c in rest)
        if i == 0:
            value = breakdown.table.total.value
        shown = render(Cell(value, breakdown.table.threshold))
        bars.append(Bar(label, (value,), shown=shown))
    return bars


def csv_rows(breakdown: Breakdown) -> Iterator[list[str]]:
    """Header, a row per category with its total, the totals row; suppressed cells as "–",
    text a spreadsheet would run as a formula made inert."""
    table = breakdown.table
    yield [neutralise(str(breakdown.kind.row_header)), *table.columns, _("Total")]
    for label, cells, total in table.rows_with_totals():
        yield [neutralise(label), *(render(c, Marker.DASH) for c in cells),
               render(total, Marker.DASH)]
    yield [_("Total"), *(render(c, Marker.DASH) for c in table.column_totals),
           render(table.total, Marker.DASH)]


def _json_cell(cell: Cell) -> dict[str, Any]:
    return {"value": cell.value, "suppressed": cell.suppressed}


def as_json(breakdown: Breakdown) -> dict[str, Any]:
    table = breakdown.table
    return {
        "slug": breakdown.slug,
        "title": str(breakdown.kind.title),
        "row_header": str(breakdown.kind.row_header),
        "counted": str(breakdown.kind.counted),
        "years": [int(year) for year in table.columns],
        "rows": [{"key": key, "label": label, "cells": [_json_cell(c) for c in cells],
                  "total": _json_cell(total)}
                 for key, (label, cells, total) in zip(table.row_keys, table.rows_with_totals(),
                                                       strict=True)],
        "column_totals": [_json_cell(c) for c in table.column_totals],
        "total": _json_cell(table.total),
    }
