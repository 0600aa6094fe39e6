"""The one place reports read indicator series: each point with its value, bounds and source.

A point's own source wins over the indicator's, so every figure on a slide names where it comes
from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from palermo.monitoring.models import Indicator


@dataclass(frozen=True)
class Point:
    date: date
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    source: str
    source_url: str


def series(indicator: Indicator) -> list[Point]:
    """The indicator's values, oldest first, each with the source it is cited from."""
    return [
        Point(date=row.date, value=row.value, low=row.low, high=row.high,
              source=row.source or indicator.source,
              source_url=row.source_url or indicator.source_url)
        for row in indicator.values.order_by("date")
    ]
