"""GLOTIP: the UNODC Global Report's tables of detected victims for one year (reference §5),
through disclosure control.

Counting rules (docs/statistics.md, "GLOTIP"):

- a victim is a person of a case; each is counted **once per year**, in the year of
  identification: the year a signed identification decision (``screening``) named the case's
  persons presumed or identified victims (the last decision of that year counts; "not a victim"
  counts nowhere), or, for a case with no signed decision, the year it was opened under its own
  trafficking status;
- presumed and identified victims are counted separately (two sets of tables); a person both
  presumed and identified in one year counts as identified;
- sex × age: women, men, girls, boys (age in that year from the year of birth, else the case's
  age when trafficked; under 18 a minor) and "unknown" when either is not recorded;
- forms of exploitation: the forms of all the person's cases counted that year, mapped to
  GLOTIP's categories; more than one category is "Mixed exploitation";
- citizenship: the first of the person's citizenships (ISO 3166 order), else "Unknown".

The three tables of a status (T5 by sex and age, T6 by form, T7 by citizenship) share their
columns (sex and age) and column totals, so they are suppressed together
(``disclosure.suppress_linked``): nothing one table hides is published by another.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrOrPromise

from palermo.analytics.disclosure import (
    Marker,
    SuppressedTable,
    Table,
    render,
    suppress_linked,
)
from palermo.cases.codes import TraffickingStatus
from palermo.cases.models import Case
from palermo.screening.models import IdentificationDecision

IDENTIFIED = "identified"
PRESUMED = "presumed"
STATUSES: dict[str, str] = {TraffickingStatus.ACTUAL: IDENTIFIED,
                        TraffickingStatus.POSSIBLE: PRESUMED}
STATUS_LABELS: dict[str, StrOrPromise] = {IDENTIFIED: _("Identified victims"),
                                          PRESUMED: _("Presumed victims")}
#: The GLOTIP indicator of each status.
INDICATORS = {IDENTIFIED: "Detected trafficking victims",
              PRESUMED: "Presumed trafficking victims"}

#: Columns: (key, label, GLOTIP Sex, GLOTIP Age).
GROUPS: tuple[tuple[str, StrOrPromise, str, str], ...] = (
    ("women", _("Women"), "Female", "Adult"), ("men", _("Men"), "Male", "Adult"),
    ("girls", _("Girls"), "Female", "Minor"), ("boys", _("Boys"), "Male", "Minor"),
    ("unknown", _("Sex or age unknown"), "Unknown", "Unknown"),
)
#: GLOTIP form categories: (key, label, HTCDS codes).
FORMS: tuple[tuple[str, StrOrPromise, tuple[str, ...]], ...] = (
    ("Sexual exploitation", _("Sexual exploitation"), ("SexualExploitation",)),
    ("Forced labour", _("Forced labour"), ("ForcedLabour", "ChildLabour", "Servitude")),
    ("Organ removal", _("Organ removal"), ("OrganRemoval",)),
    ("Forced marriage", _("Forced marriage"), ("ForcedMarriage",)),
    ("Begging", _("Begging"), ("ForcedBegging",)),
    ("Illegal adoption", _("Illegal adoption"), ("ForcedAdoption",)),
    ("Forced military service", _("Forced military service"),
     ("ForcedMilitaryByNonStateActors",)),
    ("Other forms of exploitation", _("Other forms of exploitation"), ("Surrogacy", "Other")),
)
MIXED = "Mixed exploitation"
NOT_RECORDED = "Not recorded"
UNKNOWN = "Unknown"
CHUNK = 20_000
FORM_OF_CODE = {code: key for key, _label, codes in FORMS for code in codes}


@dataclass
class Victim:
    status: str
    gender: str
    age: int | None
    citizenship: str
    forms: set[str] = field(default_factory=set)

    @property
    def group(self) -> str:
        if self.age is None or self.gender not in ("Feminine", "Masculine"):
            return "unknown"
        minor = self.age < 18
        if self.gender == "Feminine":
            return "girls" if minor else "women"
        return "boys" if minor else "men"

    @property
    def form(self) -> str:
        found = {FORM_OF_CODE[c] for c in self.forms if c in FORM_OF_CODE}
        if not found:
            return NOT_RECORDED
        return found.pop() if len(found) == 1 else MIXED


@lru_cache(maxsize=1024)
def alpha3(code: str) -> str:
    """ISO-3 of an ISO-2 code (django-countries' lookup is slow for a quarter million)."""
    return countries.alpha3(code) or code


def cursor_rows(fields: tuple[str, ...], queryset: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of ``queryset.values_list(*fields)`` as the database gives them (no field
    conversion: multiple-choice fields as text), through a chunked cursor (server-side on
    PostgreSQL): for reading a large registry fast."""
    sql, params = queryset.values_list(*fields).query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def codes_of(value: Any) -> list[str]:
    """The codes of a multiple-choice value as read: ",A,B," / "A,B" text or a list."""
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return [str(getattr(v, "code", v)) for v in value or () if v]


def _rows(year: int) -> Iterator[tuple[Any, ...]]:
    """(status, person, sex, year of birth, citizenships, age when trafficked, forms) of every
    person of every case counted in ``year``: cases decided that year (the year's last decision
    gives the status), then cases opened that year with no decision at all (their own status).
    The two sets are disjoint; each is one query through the link table's case index."""
    decided: dict[int, str] = {}
    decisions = IdentificationDecision.objects.filter(signed_at__year=year).order_by(
        "signed_at", "pk")
    for case_id, decision in cursor_rows(("case_id", "decision"), decisions):
        decided[case_id] = STATUSES.get(decision, "")
    person = ("person_id", "person__gender", "person__birth_year", "person__citizenships",
              "case__age_when_trafficked", "case__exploitation")
    links = Case.persons.through.objects.order_by()
    for case_id, *rest in cursor_rows(("case_id", *person), links.filter(
            case_id__in=IdentificationDecision.objects.filter(signed_at__year=year)
            .values("case_id"))):
        if decided.get(case_id):
            yield (decided[case_id], *rest)
    undecided = Case.objects.filter(
        opened_on__year=year, trafficking_status__in=list(STATUSES)).filter(
        ~Exists(IdentificationDecision.objects.filter(case=OuterRef("pk")))).values("pk")
    for status, *rest in cursor_rows(("case__trafficking_status", *person),
                                     links.filter(case_id__in=undecided)):
        yield (STATUSES[status], *rest)


def victims(year: int) -> list[Victim]:
    """The victims of ``year``, each person once."""
    people: dict[int, Victim] = {}
    for status, person_id, gender, birth_year, citizenships, age_then, forms in _rows(year):
        victim = people.get(person_id)
        if victim is None:
            codes = sorted(codes_of(citizenships))
            age = year - birth_year if birth_year else age_then
            victim = people[person_id] = Victim(
                status=status, gender=gender or "", age=age,
                citizenship=alpha3(codes[0]) if codes else UNKNOWN)
        elif status == IDENTIFIED:
            victim.status = IDENTIFIED
        victim.forms.update(codes_of(forms))
    return list(people.values())


@dataclass(frozen=True)
class StatusTables:
    """The three published tables of one status."""

    status: str
    by_sex_age: SuppressedTable
    by_form: SuppressedTable
    by_citizenship: SuppressedTable

    @property
    def label(self) -> StrOrPromise:
        return STATUS_LABELS[self.status]


def _citizenship_label(code: str) -> str:
    if code == UNKNOWN:
        return str(_("Unknown"))
    return str(countries.name(countries.alpha2(code) or "")) or code


def tables(year: int, threshold: int) -> list[StatusTables]:
    """Identified and presumed victims of ``year``, each as three linked, suppressed tables."""
    found = victims(year)
    columns = [(key, str(label)) for key, label, _sex, _age in GROUPS]
    result = []
    for status in (IDENTIFIED, PRESUMED):
        group = [v for v in found if v.status == status]
        forms = [(key, str(label)) for key, label, _codes in FORMS]
        forms += [(MIXED, str(_("Mixed exploitation"))), (NOT_RECORDED, str(_("Not recorded")))]
        citizenships = sorted({v.citizenship for v in group} - {UNKNOWN})
        citizenship_rows = [(c, _citizenship_label(c)) for c in citizenships]
        citizenship_rows.append((UNKNOWN, _citizenship_label(UNKNOWN)))
        total = Table.from_counts([("all", v.group, 1) for v in group],
                                  rows=[("all", str(_("All victims")))], columns=columns)
        by_form = Table.from_counts([(v.form, v.group, 1) for v in group], rows=forms,
                                    columns=columns)
        by_citizenship = Table.from_counts([(v.citizenship, v.group, 1) for v in group],
                                           rows=citizenship_rows, columns=columns)
        published = suppress_linked([total, by_form, by_citizenship], threshold)
        result.append(StatusTables(status, *published))
    return result


HEADER = ("Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
          "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source")
SOURCE = "National registry (palermo)"


def long_rows(year: int, published: list[StatusTables],
              country: str) -> Iterator[tuple[str, ...]]:
    """The long-format CSV rows (without the header): every published entry once, suppressed
    entries as ``<threshold``. Region and Subregion are left empty (no M49 table here)."""
    with translation.override("en"):
        yield from _long_rows(year, published, country)


def _long_rows(year: int, published: list[StatusTables],
               country: str) -> Iterator[tuple[str, ...]]:
    iso3 = countries.alpha3(country) or ""
    name = str(countries.name(country))
    sex_age = {key: (sex, age) for key, _label, sex, age in GROUPS}

    def line(indicator: str, dimension: str, category: str, sex: str, age: str,
             text: str) -> tuple[str, ...]:
        return (iso3, name, "", "", indicator, dimension, category, sex, age, str(year),
                "Counts", text, SOURCE)

    for status_tables in published:
        indicator = INDICATORS[status_tables.status]
        whole = status_tables.by_sex_age
        for key, cell in zip(whole.column_keys, whole.column_totals, strict=True):
            yield line(indicator, "Total", "Total", *sex_age[key],
                       render(cell, Marker.LESS_THAN))
        yield line(indicator, "Total", "Total", "Total", "Total",
                   render(whole.total, Marker.LESS_THAN))
        for dimension, table in (("by form of exploitation", status_tables.by_form),
                                 ("by citizenship", status_tables.by_citizenship)):
            for row_key, cells, row_total in zip(table.row_keys, table.cells,
                                                 table.row_totals, strict=True):
                category = (_citizenship_label(row_key) if dimension == "by citizenship"
                            and row_key != UNKNOWN else row_key)
                for column_key, cell in zip(table.column_keys, cells, strict=True):
                    yield line(indicator, dimension, category, *sex_age[column_key],
                               render(cell, Marker.LESS_THAN))
                yield line(indicator, dimension, category, "Total", "Total",
                           render(row_total, Marker.LESS_THAN))
