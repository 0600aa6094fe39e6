"""The CTDC microdata export: one row per victim (each person of each case) in the CTDC global
dataset's columns (``ctdc_columns``), made k-anonymous (``ctdc_anonymise``).

Two passes over the registry so that a million victims never sit in memory: the first counts
the combinations of quasi-identifiers and chooses the generalisation, the second writes the
rows that may be published, in the order of the registry's link table. The export never holds
a case or person code, a name or a date finer than the year.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from typing import IO

from django.db.models import Q
from django.db.models.functions import ExtractYear

from palermo.analytics.ctdc_anonymise import (
    DEFAULT_MAX_SUPPRESSED,
    Anonymiser,
    Combination,
    Report,
)
from palermo.analytics.ctdc_columns import COLUMNS, VictimRecord, derive, quasi_identifiers
from palermo.analytics.glotip import codes_of
from palermo.cases.models import Case, Perpetrator

CHUNK = 20_000
Progress = Callable[[int], None]

_FIELDS = {
    "year": ExtractYear("case__opened_on"), "gender": "person__gender",
    "birth_year": "person__birth_year", "age_when_trafficked": "case__age_when_trafficked",
    "exploitation_started": ExtractYear("case__exploitation_started_on"),
    "citizenships": "person__citizenships", "means": "case__means_of_control",
    "exploitation": "case__exploitation", "industry": "case__industry",
    "sex_exploitation": "case__sex_exploitation", "relationship": "case__relationship",
    "exploitation_country": "case__exploitation_country", "case_id": "case_id",
}


def victim_count() -> int:
    return Case.persons.through.objects.count()


def _abductions() -> dict[int, bool]:
    """Cases with perpetrators recorded: True when one of them is a kidnapper."""
    found: dict[int, bool] = {}
    rows = (Perpetrator.objects.order_by().values_list("case_id", "roles")
            .filter(~Q(roles="")).iterator(chunk_size=CHUNK))
    for case_id, roles in rows:
        found[case_id] = found.get(case_id, False) or "Kidnapper" in roles
    return found


def records(progress: Progress | None = None) -> Iterator[VictimRecord]:
    """Every victim of the registry, read in chunks."""
    abductions = _abductions()
    expressions = {f"_{k}": v for k, v in _FIELDS.items() if not isinstance(v, str)}
    query = (Case.persons.through.objects.order_by("pk").annotate(**expressions)
             .values_list(*[v if isinstance(v, str) else f"_{k}" for k, v in _FIELDS.items()]))
    for n, row in enumerate(query.iterator(chunk_size=CHUNK), start=1):
        values = dict(zip(_FIELDS, row, strict=True))
        case_id = values.pop("case_id")
        yield VictimRecord(
            year=values["year"], gender=values["gender"] or "", birth_year=values["birth_year"],
            age_when_trafficked=values["age_when_trafficked"],
            exploitation_started=values["exploitation_started"],
            citizenships=codes_of(values["citizenships"]), means=codes_of(values["means"]),
            exploitation=codes_of(values["exploitation"]), industry=values["industry"] or "",
            sex_exploitation=codes_of(values["sex_exploitation"]),
            relationship=values["relationship"] or "",
            exploitation_country=str(values["exploitation_country"] or ""),
            abduction=abductions.get(case_id))
        if progress is not None and n % CHUNK == 0:
            progress(CHUNK)


def count_combinations(progress: Progress | None = None) -> Counter[Combination]:
    return Counter(quasi_identifiers(record) for record in records(progress))


def export(out: IO[str], k: int, *, max_suppressed: float = DEFAULT_MAX_SUPPRESSED,
           progress: Progress | None = None, generalise: bool = True) -> Report:
    """Write the k-anonymous CSV to ``out``; the report of what was done."""
    anonymiser = Anonymiser(count_combinations(progress), k, max_suppressed=max_suppressed,
                            generalise=generalise)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(anonymiser.publish(derive(r) for r in records(progress)))
    return anonymiser.report
