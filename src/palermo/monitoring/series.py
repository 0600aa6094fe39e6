"""An indicator's values as one list of points, whether typed in or computed live.

Reports and pages read indicators only through ``series`` and ``latest``, so a figure on a
slide is the figure on the indicator's page, with the same source.
"""

from __future__ import annotations

from palermo.monitoring import live
from palermo.monitoring.models import Indicator
from palermo.monitoring.point import Point

__all__ = ["Point", "latest", "series"]


def _manual(indicator: Indicator) -> list[Point]:
    return [
        Point(date=value.date, value=value.value, low=value.low, high=value.high,
              source=value.source or indicator.source,
              source_url=value.source_url or indicator.source_url, note=value.note)
        # .all() (ordered by date in Meta) so that a prefetch of ``values`` is used.
        for value in sorted(indicator.values.all(), key=lambda value: value.date)
    ]


def series(indicator: Indicator) -> list[Point]:
    """The indicator's points, oldest first: computed from palermo's data when the indicator
    names a live series (``live_key``), else its stored values. An unknown live key (a series
    since removed) gives no points rather than stale ones."""
    if indicator.live_key:
        return sorted(live.compute(indicator), key=lambda point: point.date)
    return _manual(indicator)


def latest(indicator: Indicator) -> Point | None:
    """The most recent point, or None when the series is empty."""
    points = series(indicator)
    return points[-1] if points else None
