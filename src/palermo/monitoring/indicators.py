"""Indicators: writing an indicator and its typed-in values, reading them for the pages
(latest value, a sparkline, the CSV download). Values of a live indicator are computed
(``monitoring.live``), never typed in."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.monitoring import editing, live
from palermo.monitoring.models import Indicator, IndicatorValue
from palermo.monitoring.series import Point, latest, series

SPARK_WIDTH, SPARK_HEIGHT = 120, 28


def save_indicator(*, actor: User, indicator: Indicator, changed: Iterable[str] = ()) -> Indicator:
    """Create (owned by the actor's organisation) or update an indicator. A live key must name
    a series the organisation may compute from; typed-in values of an indicator that becomes
    live are kept (and shown again if it stops being live)."""
    if indicator.pk is None:
        indicator.organisation_id = actor.organisation_id
    if indicator.live_key and live.find(indicator.live_key, indicator.organisation_id) is None:
        raise ValidationError({"live_key": _("Choose a series from the list.")})
    return editing.save(actor=actor, instance=indicator, object_type="monitoring.Indicator",
                        changed=changed)


def save_value(*, actor: User, value: IndicatorValue, changed: Iterable[str] = ()
               ) -> IndicatorValue:
    if value.indicator.live_key:
        raise ValidationError(_("This indicator is computed from palermo's data: its values "
                                "cannot be typed in."))
    errors = {}
    if value.low is not None and value.value is not None and value.low > value.value:
        errors["low"] = _("The lower bound cannot be above the value.")
    if value.high is not None and value.value is not None and value.high < value.value:
        errors["high"] = _("The upper bound cannot be below the value.")
    if errors:
        raise ValidationError(errors)
    return editing.save(actor=actor, instance=value, object_type="monitoring.IndicatorValue",
                        changed=changed)


def delete_value(*, actor: User, value: IndicatorValue) -> None:
    if value.indicator.live_key:
        raise ValidationError(_("This indicator is computed from palermo's data: its values "
                                "cannot be changed."))
    editing.delete(actor=actor, instance=value, object_type="monitoring.IndicatorValue")


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    latest: Point | None
    count: int
    sparkline: SafeString


def sparkline(points: Sequence[Point]) -> SafeString:
    """A small line of the series (decorative: the value beside it carries the figure)."""
    if len(points) < 2:
        return SafeString("")
    values = [float(point.value) for point in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 4) / (len(values) - 1)
    coords = " ".join(
        f"{2 + i * step:.1f},{SPARK_HEIGHT - 2 - (v - low) / span * (SPARK_HEIGHT - 4):.1f}"
        for i, v in enumerate(values))
    return format_html(
        '<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" aria-hidden="true" focusable="false">'
        '<polyline points="{}" fill="none" stroke="#0072b2" stroke-width="2"/></svg>',
        SPARK_WIDTH, SPARK_HEIGHT, SPARK_WIDTH, SPARK_HEIGHT, coords)


def rows_for(user: Any) -> list[Row]:
    """Every indicator the user reads, with its latest point and sparkline."""
    rows = []
    found = cast("list[Indicator]",
                 list(Indicator.objects.visible_to(user).prefetch_related("values")))
    for indicator in found:
        points = series(indicator)
        rows.append(Row(indicator=indicator, latest=points[-1] if points else None,
                        count=len(points), sparkline=sparkline(points)))
    return rows


#: Text a spreadsheet would run as a formula when it starts a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str) -> str:
    """A text cell for a CSV download, with a leading quote if it would start a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


CSV_HEADER = ["indicator", "unit", "date", "value", "low", "high", "source", "source_url",
              "note"]


def csv_text(indicator: Indicator) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for point in series(indicator):
        writer.writerow([text_cell(indicator.name), text_cell(indicator.unit),
                         point.date.isoformat(), point.value,
                         "" if point.low is None else point.low,
                         "" if point.high is None else point.high,
                         text_cell(point.source), text_cell(point.source_url),
                         text_cell(point.note)])
    return out.getvalue()


__all__ = ["Row", "csv_text", "text_cell", "delete_value", "latest", "rows_for", "save_indicator",
           "save_value", "sparkline"]
