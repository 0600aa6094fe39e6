"""The CTDC microdata export: one row per victim (each person of each case) in the CTDC global
dataset's columns (``ctdc_columns``), made k-anonymous (``ctdc_anonymise``).

One pass over the registry (``export``): the combinations of quasi-identifiers are counted and
the generalisation chosen, then the rows that may be published are written, in the order of the
registry's link table, from compact shared tuples held meanwhile. The export never holds
a case or person code, a name or a date finer than the year.

Speed: the rows are read with the ORM's SQL through a chunked (server-side on PostgreSQL)
cursor, without per-field conversion; the case-level columns (means, forms, sectors, recruiter)
depend on a few case fields whose combinations repeat, so they are derived once per
combination (``derive`` itself, cached).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import IO, Any

from palermo.analytics.ctdc_anonymise import (
    DEFAULT_MAX_SUPPRESSED,
    QUASI_IDENTIFIERS,
    Anonymiser,
    Combination,
    Report,
)
from palermo.analytics.ctdc_columns import COLUMNS, VictimRecord, derive, quasi_identifiers
from palermo.analytics.glotip import codes_of, cursor_rows
from palermo.cases.models import Case, Perpetrator

CHUNK = 20_000
Progress = Callable[[int], None]

_FIELDS = ("case__opened_on", "person__gender", "person__birth_year",
           "case__age_when_trafficked", "case__exploitation_started_on", "person__citizenships",
           "case__exploitation_country", "case__means_of_control", "case__exploitation",
           "case__industry", "case__sex_exploitation", "case__relationship", "case_id")
#: The columns that depend on the case only (everything but the quasi-identifiers and the
#: constant ``Datasource``), in ``COLUMNS`` order.
CASE_COLUMNS = tuple(c for c in COLUMNS if c not in QUASI_IDENTIFIERS and c != "Datasource")
#: Where each of ``COLUMNS`` is in (quasi-identifiers, "Case Management", case columns).
_ORDER = [(*QUASI_IDENTIFIERS, "Datasource", *CASE_COLUMNS).index(c) for c in COLUMNS]


def victim_count() -> int:
    return Case.persons.through.objects.count()


def _year(value: Any) -> int | None:
    """The year of a date as the database cursor gives it (a date, or ISO text on SQLite)."""
    return int(str(value)[:4]) if value else None


def _abductions() -> dict[int, bool]:
    """Cases with perpetrators recorded: True when one of them is a kidnapper."""
    found: dict[int, bool] = {}
    for case_id, roles in cursor_rows(("case_id", "roles"),
                                       Perpetrator.objects.order_by().exclude(roles="")):
        found[case_id] = found.get(case_id, False) or "Kidnapper" in roles
    return found


@lru_cache(maxsize=65_536)
def _case_values(means: str, forms: str, industry: str, sex: str, relationship: str,
                 abduction: bool | None) -> tuple[Any, ...]:
    row = derive(VictimRecord(year=0, means=codes_of(means), exploitation=codes_of(forms),
                              industry=industry, sex_exploitation=codes_of(sex),
                              relationship=relationship, abduction=abduction))
    return tuple(row[c] for c in CASE_COLUMNS)


def _rows(progress: Progress | None) -> Iterator[tuple[Combination, tuple[Any, ...]]]:
    """(quasi-identifiers, case columns) of every victim."""
    abductions = _abductions()
    links = Case.persons.through.objects.order_by("pk")
    for n, row in enumerate(cursor_rows(_FIELDS, links), start=1):
        (opened, gender, birth_year, age_then, started, citizenships, country, means, forms,
         industry, sex, relationship, case_id) = row
        record = VictimRecord(year=_year(opened) or 0, gender=gender or "",
                              birth_year=birth_year, age_when_trafficked=age_then,
                              exploitation_started=_year(started),
                              citizenships=codes_of(citizenships),
                              exploitation_country=country or "")
        yield quasi_identifiers(record), _case_values(
            means or "", forms or "", industry or "", sex or "", relationship or "",
            abductions.get(case_id))
        if progress is not None and n % CHUNK == 0:
            progress(CHUNK)


def records(progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """Every victim's CTDC row, as derived (before anonymisation)."""
    for combination, case_values in _rows(progress):
        full = (*combination, "Case Management", *case_values)
        yield dict(zip(COLUMNS, (full[i] for i in _ORDER), strict=True))


def count_combinations(progress: Progress | None = None) -> Counter[Combination]:
    return Counter(combination for combination, _case in _rows(progress))


def export(out: IO[str], k: int, *, max_suppressed: float = DEFAULT_MAX_SUPPRESSED,
           progress: Progress | None = None, generalise: bool = True) -> Report:
    """Write the k-anonymous CSV to ``out``; the report of what was done.

    One pass over the registry: each victim is kept as a pair of shared tuples (its combination
    of quasi-identifiers, interned, and its case columns, cached), a few dozen bytes each, until
    the generalisation is chosen and the rows are written."""
    interned: dict[Combination, Combination] = {}
    victims = [(interned.setdefault(combination, combination), case_values)
               for combination, case_values in _rows(progress)]
    counts = Counter(combination for combination, _case in victims)
    anonymiser = Anonymiser(counts, k, max_suppressed=max_suppressed, generalise=generalise)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    published = {c: anonymiser.plan.publish(c) for c in counts}
    for n, (combination, case_values) in enumerate(victims, start=1):
        general = published[combination]
        if general is not None:
            full = (*general, "Case Management", *case_values)
            writer.writerow([full[i] for i in _ORDER])
        if progress is not None and n % CHUNK == 0:
            progress(CHUNK)
    return anonymiser.report
