"""Aggregates of complaints for the facility pages and the monitoring dashboard. Every count
goes through ``palermo.analytics.disclosure`` (small cells and the cells that would reveal them
are suppressed); a median is shown only when at least the threshold of reports feed it."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from palermo.analytics.disclosure import (
    DEFAULT_THRESHOLD,
    Series,
    SuppressedSeries,
    SuppressedTable,
    Table,
    suppress,
    suppress_series,
)
from palermo.complaints import labour
from palermo.complaints.codes import COUNTED, Category, RecruiterType
from palermo.complaints.models import Complaint, Facility


def choices(pairs: Any) -> list[tuple[Hashable, str]]:
    """Code-list choices with their labels as text in the current language."""
    return [(value, str(label)) for value, label in pairs]


def threshold() -> int:
    return int(getattr(settings, "PALERMO_MIN_CELL", DEFAULT_THRESHOLD))


def counted() -> QuerySet[Complaint]:
    """Complaints that count: not spam, not merged into another."""
    return Complaint.objects.filter(status__in=COUNTED)


def by_category(rows: QuerySet[Complaint]) -> SuppressedSeries:
    counts = dict(rows.values_list("category").annotate(n=Count("pk")).values_list("category",
                                                                                  "n"))
    return suppress_series(Series.from_counts(counts, choices(Category.choices)), threshold())


def by_recruiter(rows: QuerySet[Complaint]) -> SuppressedSeries:
    rows = rows.filter(category=Category.MILITARY_RECRUITMENT)
    counts = dict(rows.values_list("recruiter_type").annotate(n=Count("pk"))
                  .values_list("recruiter_type", "n"))
    categories = choices([*RecruiterType.choices, ("", _("Not said"))])
    return suppress_series(Series.from_counts(counts, categories), threshold())


def _region_of(row: dict[str, Any]) -> str:
    return str(row["facility__region"] or row["region"] or "")


def by_region(rows: QuerySet[Complaint]) -> SuppressedSeries:
    counts: dict[str, int] = {}
    for row in rows.values("facility__region", "region").annotate(n=Count("pk")):
        key = _region_of(row)
        counts[key] = counts.get(key, 0) + int(row["n"])
    regions = sorted(k for k in counts if k)
    categories = [(r, r) for r in regions] + [("", _("Not known"))]
    return suppress_series(Series.from_counts(counts, categories), threshold())


def by_facility(rows: QuerySet[Complaint]) -> SuppressedSeries:
    counts = dict(rows.values_list("facility").annotate(n=Count("pk"))
                  .values_list("facility", "n"))
    named = Facility.objects.filter(pk__in=[k for k in counts if k]).order_by("region", "name")
    categories = [(f.pk, f"{f.name} ({f.region})") for f in named] + [(None, _("Not named"))]
    return suppress_series(Series.from_counts(counts, categories), threshold())


def months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    first = today.replace(day=1)
    found = []
    for _step in range(count):
        found.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(found))


def by_month_and_category(rows: QuerySet[Complaint], today: datetime.date) -> SuppressedTable:
    span = months(today)
    counts: dict[tuple[str, str], int] = {}
    for day, category in rows.filter(received_on__gte=span[0]).values_list("received_on",
                                                                           "category"):
        key = (day.strftime("%Y-%m"), category)
        counts[key] = counts.get(key, 0) + 1
    table = Table.from_counts(counts, rows=[(m.strftime("%Y-%m"), m.strftime("%Y-%m"))
                                            for m in span],
                              columns=choices(Category.choices))
    return suppress(table, threshold())


@dataclass(frozen=True)
class LabourFigures:
    """Prison-labour reports against the reference values."""

    reports: int
    median_weekly_hours: float | None
    median_pay_share: float | None  # % of the minimum wage in force when reported
    reference_hours: int
    below_minimum_wage: SuppressedSeries
    over_weekly_hours: SuppressedSeries
    no_rest_day: SuppressedSeries

    @property
    def splits(self) -> tuple[SuppressedSeries, ...]:
        return (self.below_minimum_wage, self.over_weekly_hours, self.no_rest_day)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if len(values) >= threshold() else None


def _split(flagged: int, known: int, label: str) -> SuppressedSeries:
    series = Series(labels=(label, _("Not")), counts=(flagged, known - flagged),
                    keys=("yes", "no"))
    return suppress_series(series, threshold())


def labour_figures(rows: QuerySet[Complaint]) -> LabourFigures:
    prison = list(rows.filter(category=Category.PRISON_LABOUR).values_list(
        "hours_per_day", "days_per_week", "monthly_pay", "received_on"))
    ref = labour.reference()
    hours = [float(h * d) for h, d, _p, _r in prison if h is not None and d is not None]
    shares = [float(s) for _h, _d, p, r in prison
              if (s := labour.pay_share(Decimal(p) if p is not None else None, r)) is not None]
    days = [d for _h, d, _p, _r in prison if d is not None]
    return LabourFigures(
        reports=len(prison),
        median_weekly_hours=_median(hours),
        median_pay_share=_median(shares),
        reference_hours=ref.weekly_hours,
        below_minimum_wage=_split(sum(s < 100 for s in shares), len(shares),
                                  _("Paid below the minimum wage")),
        over_weekly_hours=_split(sum(h > ref.weekly_hours for h in hours), len(hours),
                                 _("More than the weekly limit")),
        no_rest_day=_split(sum(d > 7 - ref.rest_days_per_week for d in days), len(days),
                           _("No day of rest")),
    )
