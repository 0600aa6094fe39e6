"""The statistics summary: rebuilt from the registry in a few GROUP BY queries, read by the
dashboards in one.

``refresh()`` counts every kind of record by organisation, region of exploitation, year and
category, then replaces the summary in one short transaction (the counting reads outside it, so
writers are not held up on SQLite). ``ensure_fresh()`` is what a dashboard calls first: a small
registry is refreshed on the spot when the summary is older than ``REFRESH_AFTER``; a large one
gets a refresh task queued and shows the figures it has, with their time.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, F, IntegerField, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from palermo.analytics import funnel
from palermo.analytics.models import Summary, SummaryCount
from palermo.cases.models import Case
from palermo.referrals.models import Assistance, Referral
from palermo.screening.models import IdentificationDecision

#: A summary older than this is refreshed (on the spot or by a queued task).
REFRESH_AFTER = datetime.timedelta(minutes=10)
#: Up to this many cases, a stale summary is refreshed during the request (well under a second).
SYNC_LIMIT = 20_000
#: A queued refresh that has not finished after this long is queued again.
QUEUE_TIMEOUT = datetime.timedelta(hours=1)

# The kinds of counts (each a dashboard table; the kind is its slug).
CASE_TYPES = "case-types"
EXPLOITATION = "exploitation"
INDUSTRIES = "industries"
REGIONS = "regions"
SEX = "sex"
AGE = "age"
CITIZENSHIP = "citizenship"
DECISIONS = "decisions"
REFERRALS = "referrals"
ASSISTANCE = "assistance"
FUNNEL = "funnel"
KINDS = (CASE_TYPES, EXPLOITATION, INDUSTRIES, REGIONS, SEX, AGE, CITIZENSHIP, DECISIONS,
         REFERRALS, ASSISTANCE, FUNNEL)

#: Age bands: (first age, last age or None); the key is "12-17" or "50+".
AGE_BANDS = ((0, 11), (12, 17), (18, 24), (25, 34), (35, 49), (50, None))
#: Several codes of a multiple-choice field are one category: the codes sorted, joined by "+".
JOIN = "+"

Row = tuple[int, str, int, str, int]  # organisation, region, year, category, count


def age_band(age: int | None) -> str:
    """The band key of an age ("" when unknown or impossible)."""
    if age is None or age < 0 or age > 120:
        return ""
    for low, high in AGE_BANDS:
        if high is None or age <= high:
            return f"{low}-{high}" if high is not None else f"{low}+"
    return ""  # pragma: no cover - the last band is open


def combination(raw: str | Iterable[Any] | None) -> str:
    """A multiple-choice value (",A,B," or "A,B" as stored, or the field's list of codes or
    countries) as one category key: "" when empty, "A" for one code, "A+B" (sorted) for
    several."""
    items = raw.split(",") if isinstance(raw, str) else (raw or ())
    return JOIN.join(sorted({str(getattr(item, "code", item)) for item in items if item}))


def _grouped(queryset: QuerySet[Any], **columns: Any) -> Iterator[dict[str, Any]]:
    """``queryset`` counted by ``columns`` (name: field path or expression) in one GROUP BY."""
    expressions = {name: F(value) if isinstance(value, str) else value
                   for name, value in columns.items()}
    yield from (queryset.order_by().values(**expressions).annotate(n=Count("pk"))
                .values(*expressions, "n"))


def _case_rows() -> Iterator[tuple[str, Row]]:
    """Cases by type, forms of exploitation, industry and region: one scan for the four."""
    for row in _grouped(Case.objects.all(), o="organisation_id", r="exploitation_region",
                        y=ExtractYear("opened_on"), t="case_type", e="exploitation",
                        i="industry"):
        place = (row["o"], row["r"] or "", row["y"])
        yield CASE_TYPES, (*place, row["t"], row["n"])
        yield EXPLOITATION, (*place, combination(row["e"]), row["n"])
        yield INDUSTRIES, (*place, row["i"] or "", row["n"])
        yield REGIONS, (*place, row["r"] or "", row["n"])
    for row in _grouped(Case.objects.all(), o="organisation_id", r="exploitation_region",
                        y=ExtractYear("opened_on"), s=funnel.furthest_stage()):
        yield FUNNEL, (row["o"], row["r"] or "", row["y"], row["s"], row["n"])


def _victim_rows() -> Iterator[tuple[str, Row]]:
    """Victims (each person of each case, in the year the case was opened) by sex, age band
    and citizenship. Age: in the year the case was opened, from the year of birth, else the
    case's age when trafficked."""
    links = Case.persons.through.objects.all()
    place = {"o": "case__organisation_id", "r": "case__exploitation_region",
             "y": ExtractYear("case__opened_on")}
    for row in _grouped(links, **place, g="person__gender"):
        yield SEX, (row["o"], row["r"] or "", row["y"], row["g"], row["n"])
    age = Coalesce(ExtractYear("case__opened_on") - F("person__birth_year"),
                   F("case__age_when_trafficked"), output_field=IntegerField())
    for row in _grouped(links, **place, a=age):
        yield AGE, (row["o"], row["r"] or "", row["y"], age_band(row["a"]), row["n"])
    for row in _grouped(links, **place, c="person__citizenships"):
        yield CITIZENSHIP, (row["o"], row["r"] or "", row["y"], combination(row["c"]),
                            row["n"])


def _event_rows() -> Iterator[tuple[str, Row]]:
    """Decisions (year signed), referrals (year sent) and assistance (year delivered), each
    under the organisation and region of its case."""
    place = {"o": "case__organisation_id", "r": "case__exploitation_region"}
    for row in _grouped(IdentificationDecision.objects.all(), **place,
                        y=ExtractYear("signed_at"), c="decision"):
        yield DECISIONS, (row["o"], row["r"] or "", row["y"], row["c"], row["n"])
    for row in _grouped(Referral.objects.all(), **place, y=ExtractYear("sent_at"), c="status"):
        yield REFERRALS, (row["o"], row["r"] or "", row["y"], row["c"], row["n"])
    for row in _grouped(Assistance.objects.all(), **place, y=ExtractYear("delivered_on"),
                        c="service_type"):
        yield ASSISTANCE, (row["o"], row["r"] or "", row["y"], row["c"], row["n"])


def compute() -> dict[tuple[str, int, str, int, str], int]:
    """Every count of the summary, keyed by (kind, organisation, region, year, category)."""
    totals: dict[tuple[str, int, str, int, str], int] = defaultdict(int)
    for rows in (_case_rows(), _victim_rows(), _event_rows()):
        for kind, (organisation, region, year, category, n) in rows:
            totals[(kind, organisation, region[:100], year, category[:100])] += n
    return totals


def refresh(*, now: datetime.datetime | None = None) -> Summary:
    """Rebuild the summary from the registry; returns its state row."""
    start = time.perf_counter()
    totals = compute()
    cases = Case.objects.count()
    rows = [SummaryCount(kind=kind, organisation_id=organisation, region=region, year=year,
                         category=category, count=n)
            for (kind, organisation, region, year, category), n in totals.items() if n]
    with transaction.atomic():
        state, _created = Summary.objects.select_for_update().get_or_create(pk=1)
        SummaryCount.objects.all().delete()
        SummaryCount.objects.bulk_create(rows, batch_size=2_000)
        state.refreshed_at = now or timezone.now()
        state.seconds = time.perf_counter() - start
        state.cases = cases
        state.queued_at = None
        state.save()
    return state


def current() -> Summary | None:
    """The summary's state, or None before the first refresh."""
    return Summary.objects.filter(pk=1, refreshed_at__isnull=False).first()


def ensure_fresh(*, now: datetime.datetime | None = None) -> Summary | None:
    """The summary to show: refreshed first when stale and the registry is small, else as it is
    (None if there is none yet) with a refresh task queued."""
    now = now or timezone.now()
    state = Summary.objects.filter(pk=1).first()
    if state is not None and state.refreshed_at and now - state.refreshed_at < REFRESH_AFTER:
        return state
    if (state.cases if state and state.refreshed_at else Case.objects.count()) <= SYNC_LIMIT:
        return refresh(now=now)
    if state is None or state.queued_at is None or now - state.queued_at > QUEUE_TIMEOUT:
        from palermo.analytics.tasks import refresh_statistics

        with transaction.atomic():
            state, _created = Summary.objects.select_for_update().get_or_create(pk=1)
            if state.queued_at is None or now - state.queued_at > QUEUE_TIMEOUT:
                state.queued_at = now
                state.save(update_fields=["queued_at"])
                transaction.on_commit(refresh_statistics.enqueue)
    return state if state.refreshed_at else None


Counts = dict[str, dict[tuple[str, int], int]]


def read(kinds: Sequence[str], *, organisation: int | None = None,
         region: str = "") -> Counts:
    """{kind: {(category, year): count}} over every year, for one organisation and/or region
    or all of them: one query."""
    rows = SummaryCount.objects.filter(kind__in=kinds)
    if organisation is not None:
        rows = rows.filter(organisation_id=organisation)
    if region:
        rows = rows.filter(region=region)
    found: Counts = {kind: {} for kind in kinds}
    for kind, category, year, n in (rows.order_by().values("kind", "category", "year")
                                    .annotate(n=Sum("count"))
                                    .values_list("kind", "category", "year", "n")):
        found[kind][(category, year)] = n
    return found


def regions(organisation: int | None = None) -> list[str]:
    """The regions of exploitation the summary names (of one organisation's cases, or all)."""
    rows = SummaryCount.objects.filter(kind=REGIONS).exclude(region="")
    if organisation is not None:
        rows = rows.filter(organisation_id=organisation)
    return sorted(set(rows.values_list("region", flat=True).distinct()), key=str.casefold)


def organisations() -> list[int]:
    """The organisations that hold cases in the summary."""
    return list(SummaryCount.objects.filter(kind=CASE_TYPES).order_by()
                .values_list("organisation_id", flat=True).distinct())


def years(counts: Iterable[dict[tuple[str, int], int]]) -> list[int]:
    return sorted({year for table in counts for _category, year in table})
