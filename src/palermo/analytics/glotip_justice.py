"""GLOTIP's justice tables for one year, read from ``palermo.justice``, through disclosure
control: persons prosecuted (a defendant of a prosecution sent to court that year) and persons
convicted (a defendant of a prosecution whose verdict that year was a conviction), each by
citizenship × sex; and, counted apart and never in those, proceedings against victims
themselves (opened that year) by offence × whether the non-punishment principle applies.

Defendants carry no identity across prosecutions: a person in two prosecutions of one year is
counted twice (docs/statistics.md says so).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrOrPromise

from palermo.analytics.disclosure import Marker, SuppressedTable, Table, render, suppress
from palermo.justice.codes import DefendantSex, OffenceCategory, Verdict
from palermo.justice.models import Defendant, ProceedingAgainstPerson

UNKNOWN = "Unknown"
SEXES = [(DefendantSex.FEMALE.value, "Female"), (DefendantSex.MALE.value, "Male"),
         (DefendantSex.UNKNOWN.value, UNKNOWN)]
PROSECUTED = "Persons prosecuted"
CONVICTED = "Persons convicted"
LABELS: dict[str, StrOrPromise] = {PROSECUTED: _("Persons prosecuted"),
                                   CONVICTED: _("Persons convicted")}


@dataclass(frozen=True)
class JusticeTables:
    prosecuted: SuppressedTable
    convicted: SuppressedTable
    against_victims: SuppressedTable

    @property
    def empty(self) -> bool:
        return not (self.prosecuted.rows or self.convicted.rows
                    or self.against_victims.total.value)


def _by_citizenship(rows: list[tuple[str, str]], threshold: int) -> SuppressedTable:
    codes = sorted({c for c, _sex in rows if c})
    labels = [(countries.alpha3(c) or c, str(countries.name(c)) or c) for c in codes]
    labels.append((UNKNOWN, str(_("Unknown"))))
    counts = [(countries.alpha3(c) or c if c else UNKNOWN, sex or DefendantSex.UNKNOWN.value, 1)
              for c, sex in rows]
    table = Table.from_counts(counts, rows=labels if rows else [],
                              columns=[(key, str(DefendantSex(key).label)) for key, _l in SEXES])
    return suppress(table, threshold)


def tables(year: int, threshold: int) -> JusticeTables:
    defendants = Defendant.objects.order_by()
    prosecuted = list(defendants.filter(prosecution__filed_on__year=year)
                      .values_list("citizenship", "sex"))
    convicted = list(defendants.filter(prosecution__verdict=Verdict.CONVICTED,
                                       prosecution__verdict_on__year=year)
                     .values_list("citizenship", "sex"))
    against = ProceedingAgainstPerson.objects.order_by().filter(opened_on__year=year)
    counts = [(category, "yes" if flagged else "no", 1)
              for category, flagged in against.values_list("offence_category", "non_punishment")]
    against_table = Table.from_counts(
        counts, rows=[(c.value, str(c.label)) for c in OffenceCategory],
        columns=[("yes", str(_("Non-punishment principle applies"))),
                 ("no", str(_("Not flagged")))])
    return JusticeTables(_by_citizenship([(str(c), s) for c, s in prosecuted], threshold),
                         _by_citizenship([(str(c), s) for c, s in convicted], threshold),
                         suppress(against_table, threshold))


def long_rows(year: int, published: JusticeTables, iso3: str,
              name: str) -> Iterator[tuple[str, ...]]:
    """Long-format rows of persons prosecuted and convicted (as ``glotip.long_rows``)."""
    sex_label = dict(SEXES)
    for indicator, table in ((PROSECUTED, published.prosecuted),
                             (CONVICTED, published.convicted)):
        for column_key, cell in zip(table.column_keys, table.column_totals, strict=True):
            yield (iso3, name, "", "", indicator, "Total", "Total", sex_label[column_key],
                   "Total", str(year), "Counts", render(cell, Marker.LESS_THAN),
                   "National registry (palermo)")
        for row_key, row_label, cells in zip(table.row_keys, table.rows, table.cells,
                                             strict=True):
            category = UNKNOWN if row_key == UNKNOWN else row_label
            for column_key, cell in zip(table.column_keys, cells, strict=True):
                yield (iso3, name, "", "", indicator, "by citizenship", category,
                       sex_label[column_key], "Total", str(year), "Counts",
                       render(cell, Marker.LESS_THAN), "National registry (palermo)")
