"""The one place reports read indicator series: ``monitoring.series`` (values typed in or
computed live from palermo's data), each point with its value, bounds and source, so a figure on
a slide is the figure on the indicator's page."""

from __future__ import annotations

from palermo.monitoring.models import Indicator
from palermo.monitoring.series import Point
from palermo.monitoring.series import series as _series

__all__ = ["Point", "series"]


def series(indicator: Indicator) -> list[Point]:
    """The indicator's points, oldest first, each with the source it is cited from."""
    return _series(indicator)
