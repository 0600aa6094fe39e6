"""Export of the cases an organisation owns, in the HTCDS columns the importer reads
(``htcds.py``). The views pass owned case ids only (``filter_cases(..., owned_only=True)``).

One row per case and person (a case without a person gives one row with empty person columns).
Text that a spreadsheet would run as a formula is written with a leading ``'``; the importer
reads it back as the original text. Cases are read in chunks, so memory stays flat.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from palermo.cases import htcds
from palermo.cases.htcds import Column, Kind, Target
from palermo.cases.importer import looks_like_formula
from palermo.cases.models import Case, Person

CHUNK_SIZE = 500


def neutralise(value: str) -> str:
    """A text that a spreadsheet would run as a formula, made inert."""
    return "'" + value if looks_like_formula(value) else value


def _cell(column: Column, person: Person | None, case: Case) -> Any:
    """The column's value: text, an int, a date, or None when empty."""
    if column.target == Target.PERSON:
        if person is None:
            return None
        obj: Any = person
    else:
        obj = case
    kind = column.kind
    if column.name == "prs_PrimaryLanguage":
        return person.languages[0] if person and person.languages else None
    if column.name == "prs_SecondaryLanguage":
        return htcds.MULTI_SEPARATOR.join(person.languages[1:]) if person else None
    if column.name == "prs_IdentityNumber" and person is not None:
        numbers = [
            str(doc.get("number", "")) if isinstance(doc, dict) else str(doc)
            for doc in person.documents or []
        ]
        return htcds.MULTI_SEPARATOR.join(n for n in numbers if n) or None
    value = getattr(obj, column.field)
    if value is None or value == "" or value == []:
        return None
    if kind == Kind.COUNTRY:
        return value.code or None
    if kind == Kind.COUNTRIES:
        return htcds.MULTI_SEPARATOR.join(country.code for country in value)
    if kind in (Kind.CODES, Kind.TEXT_LIST):
        return htcds.MULTI_SEPARATOR.join(str(v) for v in value)
    if kind in (Kind.DATE, Kind.INTEGER):
        return value
    return str(value)


def rows(cases: Iterable[Case]) -> Iterator[list[Any]]:
    """The data rows (without the header) for ``cases``; text cells already neutralised."""
    for case in cases:
        persons: Sequence[Person | None] = list(case.persons.all()) or [None]
        for person in persons:
            row = []
            for column in htcds.COLUMNS:
                value = _cell(column, person, case)
                row.append(neutralise(value) if isinstance(value, str) else value)
            yield row


def cases_in_chunks(ids: Sequence[int]) -> Iterator[Case]:
    """The cases with these ids, in this order, CHUNK_SIZE per query (persons prefetched)."""
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start:start + CHUNK_SIZE]
        found = {c.pk: c for c in Case.objects.filter(pk__in=chunk).prefetch_related("persons")}
        for pk in chunk:
            if pk in found:
                yield found[pk]


class _Echo:
    """A file-like object whose write returns what it was given (for streaming csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(cases: Iterable[Case]) -> Iterator[str]:
    """The CSV file, piece by piece: a BOM (so spreadsheets read UTF-8), header, rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(htcds.NAMES)
    for row in rows(cases):
        yield writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v
             for v in row]
        )


def xlsx_bytes(cases: Iterable[Case]) -> bytes:
    """The XLSX workbook (one sheet, ``cases``)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("cases")
    sheet.append(htcds.NAMES)
    for row in rows(cases):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
