"""What the national coordination body sees of the mechanism: counts and organisation names,
never persons. Every figure is aggregated in the database; the page runs a fixed number of
queries whatever the number of referrals.

Regions: a referral counts in the region of the service it was sent to; time to assistance and
reflection periods count in the region of the organisation that holds the case.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case as When_
from django.db.models import Count, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.models import Organisation
from palermo.cases.codes import TraffickingStatus
from palermo.cases.models import Case
from palermo.referrals.codes import DeclineReason, ReferralStatus, ServiceType
from palermo.referrals.models import Assistance, Referral, Service
from palermo.referrals.reflection import at_risk
from palermo.screening.models import IdentificationDecision

OPEN_STATES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
#: Age of an open referral in whole days since it was sent: (first day, last day) per bucket.
AGE_BUCKETS = ((0, 2), (3, 7), (8, 30), (31, None))
#: Identification as the clock's start: the first decision that the person is a (presumed)
#: victim.
IDENTIFYING = (TraffickingStatus.POSSIBLE, TraffickingStatus.ACTUAL)


@dataclass(frozen=True)
class Filters:
    region: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class Table:
    """A table as the page, the chart and the CSV download show it."""

    slug: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def age_labels() -> list[str]:
    return [_("%(low)s–%(high)s days") % {"low": low, "high": high} if high is not None
            else _("over %(days)s days") % {"days": low - 1} for low, high in AGE_BUCKETS]


def regions() -> list[str]:
    """Every region a service or an organisation names (the filter's choices)."""
    found = set(Service.objects.exclude(region="").values_list("region", flat=True).distinct())
    found |= set(Organisation.objects.exclude(region="").values_list("region", flat=True)
                 .distinct())
    return sorted(found, key=str.casefold)


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _referrals(filters: Filters, *, period: bool = True) -> QuerySet[Referral]:
    referrals = Referral.objects.order_by()
    if filters.region:
        referrals = referrals.filter(
            service__in=Service.objects.filter(region__iexact=filters.region).values("id"))
    if not period:
        return referrals
    if filters.date_from:
        referrals = referrals.filter(sent_at__gte=_start(filters.date_from))
    if filters.date_to:
        referrals = referrals.filter(
            sent_at__lt=_start(filters.date_to + datetime.timedelta(days=1)))
    return referrals


def _names(ids: set[int]) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


def open_referrals(filters: Filters, now: datetime.datetime | None = None) -> Table:
    """Open referrals (sent, accepted, in progress) by receiving organisation and age: the
    state today, whatever the period (the oldest open referrals matter most)."""
    now = now or timezone.now()
    whens = [When(sent_at__gt=now - datetime.timedelta(days=high + 1), then=Value(i))
             for i, (_low, high) in enumerate(AGE_BUCKETS) if high is not None]
    bucket = When_(*whens, default=Value(len(AGE_BUCKETS) - 1), output_field=IntegerField())
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(AGE_BUCKETS))
    for receiver, age, n in (_referrals(filters, period=False).filter(status__in=OPEN_STATES)
                             .annotate(age=bucket).values_list("receiver_id", "age")
                             .annotate(n=Count("id")).values_list("receiver_id", "age", "n")):
        counts[receiver][age] += n
    names = _names(set(counts))
    rows: list[list[Any]] = sorted(
        ([names.get(r, "?"), *c, sum(c)] for r, c in counts.items()),
        key=lambda row: (-sum(c for c in row[1:-1]), str(row[0])))
    return Table("open", [_("Receiving organisation"), *age_labels(), _("Total")], rows)


@dataclass
class Declined:
    by_organisation: Table
    unmet: Table


def declined_referrals(filters: Filters) -> Declined:
    """Declined referrals by organisation and reason, and the unmet needs among them
    (declined for lack of capacity) by service type and region: one query for both."""
    reasons = list(DeclineReason)
    per_org: dict[int, list[int]] = defaultdict(lambda: [0] * len(reasons))
    per_service: dict[int, int] = defaultdict(int)
    index = {reason.value: i for i, reason in enumerate(reasons)}
    for receiver, reason, service, n in (
        _referrals(filters).filter(status=ReferralStatus.DECLINED)
        .values_list("receiver_id", "decline_reason", "service_id")
        .annotate(n=Count("id")).values_list("receiver_id", "decline_reason", "service_id", "n")
    ):
        per_org[receiver][index.get(reason, index[DeclineReason.OTHER])] += n
        if reason == DeclineReason.NO_CAPACITY:
            per_service[service] += n
    names = _names(set(per_org))
    rows: list[list[Any]] = sorted(
        ([names.get(r, "?"), *c, sum(c)] for r, c in per_org.items()),
        key=lambda row: (-sum(c for c in row[1:-1]), str(row[0])))
    by_org = Table("declined", [_("Receiving organisation"), *[str(r.label) for r in reasons],
                                _("Total")], rows)
    unmet_counts: dict[tuple[str, str], int] = defaultdict(int)
    for pk, service_type, region in Service.objects.filter(pk__in=set(per_service)).values_list(
            "pk", "service_type", "region"):
        unmet_counts[(service_type, region)] += per_service[pk]
    labels = dict(ServiceType.choices)
    unmet_rows: list[list[Any]] = [
        [str(labels.get(t, t)), region, n] for (t, region), n in sorted(
            unmet_counts.items(), key=lambda item: (-item[1], item[0]))]
    unmet = Table("unmet", [_("Service type"), _("Region"),
                            _("Declined for lack of capacity")], unmet_rows)
    return Declined(by_org, unmet)


def _delay_sql(filters: Filters) -> tuple[str, list[Any]]:
    quote = connection.ops.quote_name
    tables = {name: quote(model._meta.db_table) for name, model in (
        ("assistance", Assistance), ("case", Case), ("org", Organisation),
        ("decision", IdentificationDecision))}
    first_decision = (f"(SELECT MIN(d.signed_at) FROM {tables['decision']} d "  # noqa: S608 - fixed text
                      "WHERE d.case_id = c.id AND d.decision IN (%s, %s))")
    if connection.vendor == "postgresql":
        identified = f"COALESCE(({first_decision})::date, c.opened_on)"
        days = "GREATEST(0, t.first_on - t.identified_on)"
    else:
        identified = f"COALESCE(date({first_decision}), c.opened_on)"
        days = "MAX(0, CAST(julianday(t.first_on) - julianday(t.identified_on) AS INTEGER))"
    # The cohort: cases whose first assistance falls in the period. Candidates come from the
    # assistance delivered in the period (an index range), then each one's first is checked.
    bounds, bound_params = [], []
    if filters.date_from:
        bounds.append("delivered_on >= %s")
        bound_params.append(filters.date_from.isoformat())
    if filters.date_to:
        bounds.append("delivered_on <= %s")
        bound_params.append(filters.date_to.isoformat())
    first = (f"SELECT case_id, MIN(delivered_on) AS first_on FROM {tables['assistance']} ")  # noqa: S608 - fixed text
    if bounds:
        having = " AND ".join(b.replace("delivered_on", "MIN(delivered_on)") for b in bounds)
        first += (f"WHERE case_id IN (SELECT case_id FROM {tables['assistance']} "  # noqa: S608 - fixed text
                  f"WHERE {' AND '.join(bounds)}) GROUP BY case_id HAVING {having}")
    else:
        first += "GROUP BY case_id"
    params: list[Any] = [*IDENTIFYING, *bound_params, *bound_params]  # in the order of the text
    where_region = ""
    if filters.region:
        where_region = "WHERE LOWER(o.region) = LOWER(%s)"
        params.append(filters.region)
    sql = (
        f"SELECT t.region, {days} AS days, COUNT(*) FROM ("  # noqa: S608 - fixed text
        f"SELECT o.region AS region, f.first_on AS first_on, {identified} AS identified_on "
        f"FROM ({first}) f JOIN {tables['case']} c ON c.id = f.case_id "
        f"JOIN {tables['org']} o ON o.id = c.organisation_id {where_region}"
        f") t GROUP BY t.region, days"
    )
    return sql, params


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """Nearest-rank percentile of values given as {value: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(share * total)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None


def time_to_assistance(filters: Filters) -> Table:
    """Days from identification (the first presumed or identified decision, else the day the
    case was opened) to the first assistance recorded, per region: cases, median, 90th
    percentile, for the cases first assisted in the period. Cases with no assistance yet are
    not counted."""
    sql, params = _delay_sql(filters)
    per_region: dict[str, dict[int, int]] = defaultdict(dict)
    overall: dict[int, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for region, days, n in cursor.fetchall():
            per_region[region or ""][int(days)] = n
            overall[int(days)] += n
    rows = [[region or _("(no region)"), sum(h.values()), percentile(h, 0.5), percentile(h, 0.9)]
            for region, h in sorted(per_region.items(), key=lambda item: item[0].casefold())]
    if len(rows) > 1:
        rows.append([_("All regions"), sum(overall.values()), percentile(overall, 0.5),
                     percentile(overall, 0.9)])
    return Table("assistance", [_("Region"), _("Cases assisted"), _("Median days"),
                                _("90th percentile, days")], rows)


def reflection_at_risk_count(filters: Filters) -> int:
    return at_risk(region=filters.region).count()


@dataclass
class Report:
    open: Table
    declined: Table
    unmet: Table
    assistance: Table
    reflection_at_risk: int

    def tables(self) -> dict[str, Table]:
        return {t.slug: t for t in (self.open, self.declined, self.unmet, self.assistance)}


def report(filters: Filters) -> Report:
    declined = declined_referrals(filters)
    return Report(open=open_referrals(filters), declined=declined.by_organisation,
                  unmet=declined.unmet, assistance=time_to_assistance(filters),
                  reflection_at_risk=reflection_at_risk_count(filters))


def at_risk_rows(filters: Filters) -> QuerySet[Any]:
    """The periods at risk for the coordinator's list: case code, organisation, dates."""
    return (at_risk(region=filters.region).order_by("ends_on", "id")
            .values("id", "case_id", "case__code", "case__organisation__name", "started_on",
                    "ends_on"))


