"""Justice outcomes from palermo's own records, by year, for one article (or all): what the
indicator pages show beside the official figures.

An organisation's staff see their own records' counts exactly. Coordinators and analysts see
counts over all organisations, always through disclosure control (``analytics.disclosure``):
each series is suppressed on its own, the same whatever page shows it. Proceedings against the
person are a series of their own and never part of the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from palermo.accounts.roles import Capability, has_capability
from palermo.analytics.disclosure import Cell, Series, suppress_series
from palermo.justice.codes import ArticleGroup, Verdict
from palermo.justice.models import (
    Defendant,
    Investigation,
    ProceedingAgainstPerson,
    Prosecution,
)

SERIES: list[tuple[str, StrOrPromise]] = [
    ("investigations", _("Investigations opened")),
    ("prosecutions", _("Cases sent to court")),
    ("persons_prosecuted", _("Persons prosecuted")),
    ("persons_convicted", _("Persons convicted")),
    ("proceedings_against_person", _("Proceedings against the victim (non-punishment)")),
]


@dataclass(frozen=True)
class RegistryTable:
    #: "organisation" (exact, own records) or "all" (disclosure-controlled).
    scope: str
    years: tuple[int, ...]
    #: series key -> one cell per year
    cells: dict[str, tuple[Cell, ...]]
    totals: dict[str, Cell]

    def rows(self) -> list[tuple[int, list[Cell]]]:
        return [(year, [self.cells[key][i] for key, _label in SERIES])
                for i, year in enumerate(self.years)]


def scope_for(user: Any) -> str | None:
    if has_capability(user, Capability.SEE_ALL_AGGREGATES):
        return "all"
    if has_capability(user, Capability.SEE_IDENTITIES):
        return "organisation"
    return None


def _article_q(field: str, article: str, *, code_list: bool = True) -> Q:
    if article == ArticleGroup.ALL:
        return Q()
    if not code_list:
        return Q(**{f"{field}__startswith": article})
    # Codes are "127.1-2" or "322.1": a part or the whole article.
    return Q(**{f"{field}__contains": f",{article}-"}) | Q(**{f"{field}__has": article})


def _years(values: QuerySet[Any, Any], field: str) -> Counter[int]:
    return Counter(date.year for date in values.values_list(field, flat=True) if date)


def counts(article: str, organisation_id: int | None) -> dict[str, Counter[int]]:
    """Counts by year of each series, over one organisation's records or all of them."""
    own = Q() if organisation_id is None else Q(case__organisation_id=organisation_id)
    in_prosecution = (Q() if organisation_id is None
                      else Q(prosecution__case__organisation_id=organisation_id))
    prosecutions = Prosecution.objects.filter(own & _article_q("charges", article))
    defendants = Defendant.objects.filter(
        in_prosecution & _article_q("prosecution__charges", article))
    proceedings = ProceedingAgainstPerson.objects.filter(
        own & _article_q("article", article, code_list=False))
    return {
        "investigations": _years(Investigation.objects.filter(
            own & _article_q("articles", article)), "opened_on"),
        "prosecutions": _years(prosecutions, "filed_on"),
        "persons_prosecuted": _years(defendants, "prosecution__filed_on"),
        "persons_convicted": _years(defendants.filter(
            prosecution__verdict=Verdict.CONVICTED), "prosecution__verdict_on"),
        "proceedings_against_person": _years(proceedings.filter(non_punishment=True),
                                             "opened_on"),
    }


def registry_table(user: Any, article: str) -> RegistryTable | None:
    """The user's view of the registry's counts; None for roles that see neither."""
    scope = scope_for(user)
    if scope is None:
        return None
    by_series = counts(article, None if scope == "all" else user.organisation_id)
    years = tuple(sorted({year for counter in by_series.values() for year in counter}))
    threshold = int(settings.PALERMO_MIN_CELL)
    cells: dict[str, tuple[Cell, ...]] = {}
    totals: dict[str, Cell] = {}
    for key, _label in SERIES:
        series = Series(labels=tuple(str(y) for y in years),
                        counts=tuple(by_series[key][y] for y in years))
        if scope == "all":
            published = suppress_series(series, threshold)
            cells[key], totals[key] = published.cells, published.total
        else:
            cells[key] = tuple(Cell(n, threshold) for n in series.counts)
            totals[key] = Cell(series.total, threshold)
    return RegistryTable(scope=scope, years=years, cells=cells, totals=totals)
