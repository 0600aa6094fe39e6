"""The statistics dashboards' tables: what each counts, its categories and labels, read from the
summary in one query and published through disclosure control.

Two scopes. ``own``: the cases the user's organisation holds (a case shared with it through a
referral is counted by the organisation that holds it, so figures of organisations side by side
never count a case twice); its staff may open every record counted, so nothing is hidden.
``all``: every organisation's cases, for the roles that see aggregates across organisations,
always through disclosure control.

Every table is a category by year; protection is computed on the table of every year there is,
and the period chosen only selects its columns (``disclosure.restrict``), so comparing periods
uncovers nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from django_stubs_ext import StrOrPromise

from palermo.accounts.models import User
from palermo.analytics import funnel, summary
from palermo.analytics.access import Scope
from palermo.analytics.disclosure import (
    SuppressedTable,
    Table,
    publish_all,
    restrict,
    suppress_linked,
)
from palermo.analytics.models import Summary
from palermo.cases.codes import CaseType, Exploitation, Gender, Industry, TraffickingStatus
from palermo.referrals.codes import ReferralStatus, ServiceType


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    #: Aggregates only: one organisation's cases.
    organisation: int | None = None
    #: Region of exploitation (as recorded on the case).
    region: str = ""


@dataclass(frozen=True)
class Kind:
    """One table: what it counts and how its categories are listed and named."""

    slug: str
    title: StrOrPromise
    row_header: StrOrPromise
    counted: StrOrPromise
    #: Every category, in order, for closed lists; None: the categories found, largest first.
    categories: Callable[[], list[tuple[str, str]]] | None
    label: Callable[[str], str] = lambda key: key or _("Not recorded")
    #: "years": bars per year, stacked by category; "categories": a bar per category.
    chart: str = "categories"
    explanation: StrOrPromise = ""


def _choices(choices: Sequence[tuple[str, StrOrPromise]]) -> Callable[[], list[tuple[str, str]]]:
    return lambda: [(key, str(label)) for key, label in choices]


def _code_label(choices: Sequence[tuple[str, StrOrPromise]]) -> Callable[[str], str]:
    def label(key: str) -> str:
        labels = dict(choices)
        if not key:
            return _("Not recorded")
        return " + ".join(str(labels.get(code, code)) for code in key.split(summary.JOIN))

    return label


def _country_label(key: str) -> str:
    if not key:
        return _("Not recorded")
    return " + ".join(str(countries.name(code)) or code for code in key.split(summary.JOIN))


def _age_bands() -> list[tuple[str, str]]:
    bands = [(summary.age_band(low), f"{low}–{high}" if high is not None else f"{low}+")
             for low, high in summary.AGE_BANDS]
    return [*bands, ("", _("Unknown"))]


def _stages() -> list[tuple[str, str]]:
    return [(stage, str(funnel.LABELS[stage])) for stage in funnel.stages()]


KINDS: tuple[Kind, ...] = (
    Kind(summary.CASE_TYPES, gettext_lazy("Cases by type and year"), gettext_lazy("Case type"),
         gettext_lazy("cases"), _choices(CaseType.choices), chart="years",
         explanation=gettext_lazy("Cases by the year they were opened.")),
    Kind(summary.SEX, gettext_lazy("Victims by sex and year"), gettext_lazy("Sex"),
         gettext_lazy("victims"), _choices(Gender.choices), chart="years",
         explanation=gettext_lazy(
             "Each person of each case, in the year the case was opened: a person in two cases "
             "is counted in each, as detections are.")),
    Kind(summary.AGE, gettext_lazy("Victims by age and year"), gettext_lazy("Age"),
         gettext_lazy("victims"), _age_bands,
         explanation=gettext_lazy(
             "Age in the year the case was opened, from the year of birth, or else the age "
             "recorded when the person was trafficked.")),
    Kind(summary.CITIZENSHIP, gettext_lazy("Victims by citizenship and year"),
         gettext_lazy("Citizenship"), gettext_lazy("victims"), None, _country_label,
         explanation=gettext_lazy("A person with several citizenships is counted once, under "
                                  "the combination.")),
    Kind(summary.EXPLOITATION, gettext_lazy("Cases by form of exploitation and year"),
         gettext_lazy("Form of exploitation"), gettext_lazy("cases"), None,
         _code_label(Exploitation.choices),
         explanation=gettext_lazy("A case with several forms is counted once, under the "
                                  "combination.")),
    Kind(summary.INDUSTRIES, gettext_lazy("Cases by industry and year"),
         gettext_lazy("Industry (ISIC section)"), gettext_lazy("cases"), None,
         _code_label(Industry.choices)),
    Kind(summary.REGIONS, gettext_lazy("Cases by region of exploitation and year"),
         gettext_lazy("Region of exploitation"), gettext_lazy("cases"), None),
    Kind(summary.DECISIONS, gettext_lazy("Identification decisions by outcome and year"),
         gettext_lazy("Decision"), gettext_lazy("decisions"),
         _choices(TraffickingStatus.choices),
         explanation=gettext_lazy("Signed decisions, by the year they were signed; a case may "
                                  "have several.")),
    Kind(summary.REFERRALS, gettext_lazy("Referrals by state and year"), gettext_lazy("State"),
         gettext_lazy("referrals"), _choices(ReferralStatus.choices),
         explanation=gettext_lazy("Referrals of the cases counted, by the year they were sent "
                                  "and the state they are in today.")),
    Kind(summary.ASSISTANCE, gettext_lazy("Assistance by type and year"), gettext_lazy("Type"),
         gettext_lazy("times assistance was recorded"), _choices(ServiceType.choices),
         explanation=gettext_lazy("Each recorded delivery of assistance, by the year it was "
                                  "given.")),
    Kind(summary.FUNNEL, gettext_lazy("From report to conviction: furthest stage reached"),
         gettext_lazy("Furthest stage"), gettext_lazy("cases"), _stages,
         explanation=gettext_lazy(
             "Each case once, under the furthest stage it has reached, by the year it was "
             "opened.")),
)
KIND_BY_SLUG = {kind.slug: kind for kind in KINDS}


@dataclass(frozen=True)
class Breakdown:
    """One table as every output shows it."""

    kind: Kind
    table: SuppressedTable

    @property
    def slug(self) -> str:
        return self.kind.slug

    @property
    def hidden(self) -> bool:
        """Whether any figure of the table is hidden."""
        return any(c.suppressed for row in self.table.cells for c in row) or any(
            c.suppressed for c in (*self.table.row_totals, *self.table.column_totals,
                                   self.table.total))


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    filters: Filters
    years: list[int]
    breakdowns: list[Breakdown]
    state: Summary | None
    #: The disclosure threshold, or None when nothing is hidden (own scope).
    threshold: int | None
    first_year: int | None = None
    last_year: int | None = None

    def get(self, slug: str) -> Breakdown | None:
        return next((b for b in self.breakdowns if b.slug == slug), None)


def _categories(kind: Kind, found: set[str]) -> list[tuple[str, str]]:
    """The table's rows: a closed list in its order (with any stored code it does not know
    after it), or the categories found, by label, "not recorded" last."""
    if kind.categories is not None:
        listed = kind.categories()
        known = {key for key, _label in listed}
        return listed + [(key, kind.label(key)) for key in sorted(found - known)]
    open_list = sorted(((key, kind.label(key)) for key in found if key and key != RARE),
                       key=lambda item: item[1].casefold())
    rare = [(RARE, _("Others, each with fewer records than can be shown"))]
    return (open_list + (rare if RARE in found else [])
            + ([("", kind.label(""))] if "" in found else []))


#: The row of an open list that gathers categories too rare to show on their own.
RARE = "*rare"


def _rare_merged(found: dict[tuple[str, int], int], threshold: int) -> dict[tuple[str, int], int]:
    """An open list's categories with fewer than ``threshold`` records in all years together
    gathered into one row: they could only be shown hidden, and a row of ones would force
    the totals to be hidden with them. Which categories are rare is decided on every year, so
    it does not depend on the period shown."""
    totals: dict[str, int] = {}
    for (category, _year), n in found.items():
        totals[category] = totals.get(category, 0) + n
    rare = {c for c, n in totals.items() if c and n < threshold}
    if len(rare) < 2:
        return found
    merged: dict[tuple[str, int], int] = {}
    for (category, year), n in found.items():
        key = (RARE if category in rare else category, year)
        merged[key] = merged.get(key, 0) + n
    return merged


def _largest_first(table: SuppressedTable, keep_last: set[str]) -> SuppressedTable:
    """An open list's rows ordered by their published total (hidden totals after, in the order
    they had): the order says nothing the figures do not."""
    def key(i: int) -> tuple[bool, bool, int, int]:
        if table.row_keys[i] in keep_last:
            return True, False, 0, i
        total = table.row_totals[i]
        return False, total.suppressed, -(total.value or 0), i

    order = sorted(range(len(table.rows)), key=key)
    return SuppressedTable(
        rows=tuple(table.rows[i] for i in order), columns=table.columns,
        row_keys=tuple(table.row_keys[i] for i in order), column_keys=table.column_keys,
        cells=tuple(table.cells[i] for i in order),
        row_totals=tuple(table.row_totals[i] for i in order),
        column_totals=table.column_totals, total=table.total, threshold=table.threshold,
        primary=table.primary, secondary=table.secondary)


def _period(filters: Filters, case_years: list[int], today: datetime.date) -> list[int]:
    """The years shown: the period chosen; without one, from the first year a case was opened
    to this year."""
    start = filters.year_from or min(case_years, default=today.year)
    end = filters.year_to or max([*case_years, today.year])
    return list(range(start, end + 1))


#: Tables of the same records by the same years (cases; victims): their totals by year are
#: the same figures, protected together (``disclosure.suppress_linked``).
LINKED = ((summary.CASE_TYPES, summary.EXPLOITATION, summary.INDUSTRIES, summary.REGIONS,
           summary.FUNNEL), (summary.SEX, summary.AGE, summary.CITIZENSHIP))


def _group(slug: str) -> tuple[str, ...]:
    return next((group for group in LINKED if slug in group), (slug,))


def build(user: User, scope: Scope, filters: Filters, *, threshold: int,
          slugs: Sequence[str] | None = None, state: Summary | None = None) -> Dashboard:
    """The dashboard of ``scope`` (which the caller has checked ``user`` may see), or only the
    tables ``slugs``: each computed with the tables linked to it, so a table alone (a CSV, an
    API call) shows exactly what it shows among the others."""
    wanted = list(slugs) if slugs else [kind.slug for kind in KINDS]
    groups = list(dict.fromkeys(_group(slug) for slug in wanted))
    organisation = user.organisation_id if scope == Scope.OWN else filters.organisation
    read = sorted({summary.CASE_TYPES, *(slug for group in groups for slug in group)})
    counts = summary.read(read, organisation=organisation, region=filters.region)
    case_years = summary.years([counts[summary.CASE_TYPES]])
    shown = _period(filters, case_years, timezone.localdate())
    published: dict[str, SuppressedTable] = {}
    for group in groups:
        all_years = sorted({*summary.years(counts[slug] for slug in group), *shown})
        tables = []
        for slug in group:
            kind, found = KIND_BY_SLUG[slug], counts[slug]
            if scope == Scope.ALL and kind.categories is None:
                found = _rare_merged(found, threshold)
            tables.append(Table.from_counts(
                [(category, year, n) for (category, year), n in found.items()],
                rows=_categories(kind, {category for category, _year in found}),
                columns=[(year, str(year)) for year in all_years]))
        results = ([publish_all(t) for t in tables] if scope == Scope.OWN
                   else suppress_linked(tables, threshold))
        for slug, result in zip(group, results, strict=True):
            cut = restrict(result, [all_years.index(year) for year in shown])
            if KIND_BY_SLUG[slug].categories is None:
                cut = _largest_first(cut, keep_last={RARE, ""})
            published[slug] = cut
    return Dashboard(scope=scope, filters=filters, years=shown,
                     breakdowns=[Breakdown(KIND_BY_SLUG[s], published[s]) for s in wanted],
                     state=state, threshold=None if scope == Scope.OWN else threshold,
                     first_year=min(case_years, default=None),
                     last_year=max(case_years, default=None))
