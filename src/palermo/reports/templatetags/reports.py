"""Template filters for submission slides: the chart of a figure, numbers in the page's language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from palermo.reports.content import FigureContent
from palermo.reports.content import number_text as _number_text

register = template.Library()


@register.filter
def chart_for(charts: dict[int, str], figure: FigureContent) -> str:
    """The ``data:`` URI of the figure's chart (built beside the document)."""
    return charts.get(id(figure), "")


@register.filter
def number_text(value: Decimal) -> str:
    return _number_text(value)
