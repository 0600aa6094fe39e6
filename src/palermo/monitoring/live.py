"""Series computed from palermo's own data, for indicators that name one (``live_key``).

Each series has a key, a label, a unit, a description of its source, and a function from the
indicator to its points. Keys:

- ``official:<measure>:<article>``: the official figures entered on ``/official-statistics/``
  (e.g. persons convicted per year under art. 127.1). A year's own figure is one point dated
  31 December; a figure for a period (the published average per year) is one point at the
  period's end, noted as such, unless a year inside it has its own figure. Where several
  sources give the same year, the figure entered first is used, as the computed indicators do.
- ``trainings:officials``, ``trainings:attendees``, ``trainings:screening``: officials trained
  per year — attendees of the training sessions recorded here, accounts that made an attempt in
  the screening training mode, and their sum.
- ``estimate:<id>``: the owning organisation's saved population estimates with that estimate's
  title, one point per estimate (the interval as low and high), each citing its own page.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from palermo.estimates.models import SavedEstimate
from palermo.justice.codes import ArticleGroup, Measure
from palermo.justice.models import PublishedFigure
from palermo.monitoring.models import Attendee, Indicator
from palermo.monitoring.point import Point
from palermo.screening.models import TrainingAttempt
from palermo.screening.training import officials_trained


@dataclass(frozen=True)
class LiveSeries:
    key: str
    label: StrOrPromise
    unit: StrOrPromise
    source: StrOrPromise
    compute: Callable[[Indicator], list[Point]]


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _year_note(year: int) -> str:
    return gettext("year to date") if year == timezone.localdate().year else ""


# Official figures -----------------------------------------------------------------------------

def _official_points(measure: str, article: str) -> list[Point]:
    page = reverse("official:indicator", kwargs={"measure": measure, "article": article})
    figures = list(PublishedFigure.objects.filter(measure=measure, article=article)
                   .order_by("pk"))
    taken: set[int] = set()
    points: list[Point] = []
    for figure in (f for f in figures if not f.is_period):
        if figure.year in taken:
            continue
        taken.add(figure.year)
        points.append(Point(date=_year_end(figure.year), value=Decimal(figure.value), low=None,
                            high=None, source=figure.source,
                            source_url=figure.source_url or page,
                            note=figure.jurisdiction))
    for figure in (f for f in figures if f.is_period):
        years = set(range(figure.year, figure.year_to + 1))
        if years & taken:
            continue
        taken |= years
        note = gettext("average per year, %(start)d–%(end)d; %(jurisdiction)s") % {
            "start": figure.year, "end": figure.year_to, "jurisdiction": figure.jurisdiction}
        points.append(Point(date=_year_end(figure.year_to), value=Decimal(figure.value),
                            low=None, high=None, source=figure.source,
                            source_url=figure.source_url or page, note=note))
    return sorted(points, key=lambda point: point.date)


def _official(measure: str, article: str) -> LiveSeries:
    label = _("%(measure)s per year, %(article)s") % {
        "measure": Measure(measure).label, "article": ArticleGroup(article).label}
    return LiveSeries(
        key=f"official:{measure}:{article}", label=label, unit=_("persons"),
        source=_("Official statistics entered in palermo (/official-statistics/)"),
        compute=lambda _indicator: _official_points(measure, article))


# Trainings ------------------------------------------------------------------------------------

def attendees_per_year() -> Counter[int]:
    """Attendees of the recorded training sessions, by the year the session was held."""
    rows = (Attendee.objects.annotate(year=ExtractYear("session__held_on")).values("year")
            .annotate(n=Count("id")).order_by())
    return Counter({row["year"]: row["n"] for row in rows})


def screening_trained_per_year() -> Counter[int]:
    """Accounts that made at least one attempt in the screening training mode, by year."""
    counts: Counter[int] = Counter()
    for day in TrainingAttempt.objects.dates("created_at", "year"):
        zone = timezone.get_current_timezone()
        since = datetime.datetime(day.year, 1, 1, tzinfo=zone)
        until = datetime.datetime(day.year + 1, 1, 1, tzinfo=zone)
        counts[day.year] = officials_trained(since=since, until=until)
    return counts


def _training_points(counts: Counter[int], source: StrOrPromise) -> list[Point]:
    url = reverse("monitoring:training_statistics")
    return [Point(date=_year_end(year), value=Decimal(count), low=None, high=None,
                  source=str(source), source_url=url, note=_year_note(year))
            for year, count in sorted(counts.items()) if count]


ATTENDANCE_SOURCE = _("Attendance lists of the training sessions recorded in palermo")
SCREENING_SOURCE = _("Attempts in palermo's screening training mode (accounts, once a year)")
BOTH_SOURCE = _("Attendance lists of the training sessions recorded in palermo, plus accounts "
                "that made an attempt in the screening training mode")

TRAININGS = [
    LiveSeries(key="trainings:officials", label=_("Officials trained per year"),
               unit=_("persons"), source=BOTH_SOURCE,
               compute=lambda _i: _training_points(
                   attendees_per_year() + screening_trained_per_year(), BOTH_SOURCE)),
    LiveSeries(key="trainings:attendees", label=_("Attendees of training sessions per year"),
               unit=_("persons"), source=ATTENDANCE_SOURCE,
               compute=lambda _i: _training_points(attendees_per_year(), ATTENDANCE_SOURCE)),
    LiveSeries(key="trainings:screening",
               label=_("Accounts trained in the screening training mode per year"),
               unit=_("persons"), source=SCREENING_SOURCE,
               compute=lambda _i: _training_points(screening_trained_per_year(),
                                                   SCREENING_SOURCE)),
]


# Saved estimates ------------------------------------------------------------------------------

def _estimate_points(indicator: Indicator, pk: int) -> list[Point]:
    own = SavedEstimate.objects.filter(organisation_id=indicator.organisation_id)
    anchor = own.filter(pk=pk).first()
    if anchor is None:
        return []
    points = []
    for estimate in own.filter(title=anchor.title).order_by("created_at", "pk"):
        cited = estimate.as_indicator()
        if cited.value is None:
            continue
        low, high = cited.ci if cited.ci else (None, None)
        points.append(Point(
            date=cited.date, value=Decimal(str(round(cited.value, 4))),
            low=None if low is None else Decimal(str(round(low, 4))),
            high=None if high is None else Decimal(str(round(high, 4))),
            source=gettext("Saved population estimate “%(title)s”") % {"title": cited.name},
            source_url=cited.source))
    # Two estimates saved the same day: the later one stands for the day.
    by_day = {point.date: point for point in points}
    return [by_day[day] for day in sorted(by_day)]


def _estimate(pk: int, title: str) -> LiveSeries:
    return LiveSeries(
        key=f"estimate:{pk}",
        label=_("Population estimate: %(title)s") % {"title": title}, unit=_("persons"),
        source=_("Population estimates saved in palermo (/estimates/)"),
        compute=lambda indicator: _estimate_points(indicator, pk))


# The registry ---------------------------------------------------------------------------------

def available(organisation_id: int | None) -> list[LiveSeries]:
    """Every series an organisation may compute an indicator from: official figures that
    exist, the training series, and its own saved estimates (one series per title)."""
    found: list[LiveSeries] = []
    pairs = (PublishedFigure.objects.order_by("measure", "article")
             .values_list("measure", "article").distinct())
    found += [_official(measure, article) for measure, article in pairs]
    found += TRAININGS
    if organisation_id is not None:
        latest_by_title: dict[str, int] = {}
        for pk, title in (SavedEstimate.objects.filter(organisation_id=organisation_id)
                          .order_by("created_at", "pk").values_list("pk", "title")):
            latest_by_title[title] = pk
        found += [_estimate(pk, title) for title, pk in sorted(latest_by_title.items())]
    return found


def find(key: str, organisation_id: int | None) -> LiveSeries | None:
    """The series a key names, or None for an unknown or malformed key."""
    kind, _sep, rest = key.partition(":")
    if kind == "official":
        measure, _sep, article = rest.partition(":")
        if measure in Measure.values and article in ArticleGroup.values:
            return _official(measure, article)
        return None
    if kind == "trainings":
        return next((s for s in TRAININGS if s.key == key), None)
    if kind == "estimate" and rest.isdigit() and organisation_id is not None:
        estimate = SavedEstimate.objects.filter(organisation_id=organisation_id,
                                                pk=int(rest)).first()
        return None if estimate is None else _estimate(estimate.pk, estimate.title)
    return None


def label(key: str, organisation_id: int | None) -> StrOrPromise:
    found = find(key, organisation_id)
    return found.label if found is not None else key


def compute(indicator: Indicator) -> list[Point]:
    """The indicator's points from its live series; none when the key names nothing."""
    found = find(indicator.live_key, indicator.organisation_id)
    return [] if found is None else found.compute(indicator)
