"""Official statistics: writing published figures, and computing indicators from them.

A computed indicator is never typed in: it names a measure, an article, a jurisdiction and a
period, and its value is worked out from the published figures each time it is shown:

- a figure for one year counts for that year;
- a figure for a period (``year``..``year_to``) is the published average per year over it and
  counts for each of its years, unless one of them has a figure of its own (a year's own figure
  is the finer one), or it reaches outside the indicator's period;
- where several sources give the same year, the figure entered first is used and the others are
  listed as not used.

``mean`` divides the total by the years covered; ``sum`` is the total. Both say how many of the
period's years the figures covered, so a partial coverage is visible beside the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from palermo.accounts.models import User
from palermo.accounts.roles import Role
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.justice.codes import Method
from palermo.justice.models import ComputedIndicator, PublishedFigure


def may_edit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.role == Role.COORDINATOR)


def require_coordinator(user: User) -> None:
    if not may_edit(user):
        raise PermissionDenied


@dataclass(frozen=True)
class IndicatorResult:
    indicator: ComputedIndicator
    #: None when no figure covers any year of the period.
    value: float | None
    years_covered: tuple[int, ...]
    used: tuple[PublishedFigure, ...]
    not_used: tuple[PublishedFigure, ...] = field(default=())

    @property
    def years_wanted(self) -> int:
        return self.indicator.year_to - self.indicator.year_from + 1

    @property
    def complete(self) -> bool:
        return len(self.years_covered) == self.years_wanted


def _candidates(indicator: ComputedIndicator) -> list[PublishedFigure]:
    return list(PublishedFigure.objects.filter(
        measure=indicator.measure, article=indicator.article,
        jurisdiction=indicator.jurisdiction).order_by("pk"))


def compute(indicator: ComputedIndicator,
            figures: Iterable[PublishedFigure] | None = None) -> IndicatorResult:
    """The indicator's value from the published figures (``figures``: those to consider, by
    default every figure of its measure, article and jurisdiction)."""
    pool = sorted(_candidates(indicator) if figures is None else figures, key=lambda f: f.pk)
    pool = [f for f in pool if f.measure == indicator.measure
            and f.article == indicator.article and f.jurisdiction == indicator.jurisdiction]
    inside = [f for f in pool
              if indicator.year_from <= f.year and f.year_to <= indicator.year_to]
    per_year: dict[int, int] = {}
    used: list[PublishedFigure] = []
    not_used = [f for f in pool if f not in inside]
    for figure in (f for f in inside if not f.is_period):
        if figure.year in per_year:
            not_used.append(figure)
        else:
            per_year[figure.year] = figure.value
            used.append(figure)
    for figure in (f for f in inside if f.is_period):
        years = range(figure.year, figure.year_to + 1)
        if any(year in per_year for year in years):
            not_used.append(figure)
            continue
        for year in years:
            per_year[year] = figure.value
        used.append(figure)
    covered = tuple(sorted(per_year))
    total = sum(per_year.values())
    value: float | None
    if not covered:
        value = None
    elif indicator.method == Method.MEAN:
        value = round(total / len(covered), 1)
    else:
        value = float(total)
    return IndicatorResult(indicator=indicator, value=value, years_covered=covered,
                           used=tuple(used), not_used=tuple(not_used))


def compute_all() -> list[IndicatorResult]:
    figures = list(PublishedFigure.objects.order_by("pk"))
    return [compute(indicator, figures) for indicator in ComputedIndicator.objects.all()]


FIGURE_FIELDS = ["source", "source_url", "year", "year_to", "jurisdiction", "article",
                 "measure", "value", "note"]


@transaction.atomic
def create_figure(*, user: User, source: str, year: int, jurisdiction: str, article: str,
                  measure: str, value: int, year_to: int | None = None, source_url: str = "",
                  note: str = "") -> PublishedFigure:
    require_coordinator(user)
    figure = PublishedFigure(source=source, source_url=source_url, year=year,
                             year_to=year if year_to is None else year_to,
                             jurisdiction=jurisdiction, article=article, measure=measure,
                             value=value, note=note, created_by=user)
    figure.full_clean()
    figure.save()
    audit.record(actor=user, action=AuditAction.CREATE, object_type="justice.PublishedFigure",
                 objects=[figure])
    return figure


@transaction.atomic
def create_indicator(*, user: User, slug: str, title: str, measure: str, article: str,
                     jurisdiction: str, year_from: int, year_to: int,
                     method: str = Method.MEAN) -> ComputedIndicator:
    require_coordinator(user)
    indicator = ComputedIndicator(slug=slug, title=title, measure=measure, article=article,
                                  jurisdiction=jurisdiction, year_from=year_from,
                                  year_to=year_to, method=method)
    indicator.full_clean()
    indicator.save()
    audit.record(actor=user, action=AuditAction.CREATE,
                 object_type="justice.ComputedIndicator", objects=[indicator])
    return indicator
