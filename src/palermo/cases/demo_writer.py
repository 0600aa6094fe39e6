"""The bulk writer behind ``palermo seed-demo``: generated case records into the database.

Each batch is one transaction holding its persons (names encrypted by the fields), their
blind-index search tokens, the cases, events, perpetrators and one audit row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from palermo.cases.models import Case, Event, Perpetrator, Person, PersonSearchToken
from palermo.cases.search import person_tokens
from palermo.cases.services import next_codes
from palermo.core import audit
from palermo.core.fields import EncryptedField
from palermo.core.models import AuditAction

if TYPE_CHECKING:
    from palermo.cases.demo_data import CaseRecord

# --- Writing in bulk ---------------------------------------------------------------------------
#
# Rows go in with one executemany per table instead of bulk_create: building model instances
# and running the SQL compiler cost more than everything else together. Each value still passes
# through its field's get_db_prep_save, so encryption, code lists and dates are stored exactly
# as save() would store them.

PERSON_COLUMNS = ("organisation", "created_by", "given_name", "family_name", "patronymic",
                  "given_name_latin", "family_name_latin", "patronymic_latin", "aliases",
                  "birth_date", "documents", "contacts", "addresses", "gender", "birth_year",
                  "citizenships", "languages", "created_at", "updated_at")
CASE_COLUMNS = ("organisation", "created_by", "case_type", "status", "trafficking_status",
                "status_decided_by", "exploitation", "industry", "sex_exploitation",
                "means_of_control", "recruitment", "relationship", "age_when_trafficked",
                "recruitment_country", "recruitment_region", "exploitation_country",
                "exploitation_region", "opened_on", "exploitation_started_on",
                "exploitation_ended_on", "closed_on", "narrative", "created_at", "updated_at")
EVENT_COLUMNS = ("event_type", "country", "region", "place", "date", "description")
PERPETRATOR_COLUMNS = ("roles", "name", "details", "gender", "citizenship")

Row = tuple[Any, ...]


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)  # noqa: S101 - a concrete column, by construction
    return found


def _text(value: Any) -> Any:
    return None if value is None else str(value)


def _same(value: Any) -> Any:
    return value


def _preparer(column: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """The column's own conversion, minus the layers that do nothing for these values."""
    if isinstance(column, EncryptedField):
        return column.get_prep_value  # encrypts
    if type(column) is models.CharField:
        return _text  # a code (str enum) or text
    if type(column) in (models.ForeignKey, models.PositiveSmallIntegerField):
        return _same  # an id or a number
    return functools.partial(column.get_db_prep_save, connection=connection)


def _preparers(model: type[models.Model], columns: Sequence[str]) -> list[Callable[[Any], Any]]:
    return [_preparer(_field(model, name)) for name in columns]


def _prepare(preparers: Sequence[Callable[[Any], Any]], values: Iterable[Any]) -> Row:
    return tuple(prepare(value) for prepare, value in zip(preparers, values, strict=True))


class _Names:
    """What ``search.person_tokens`` reads, from a generated person's values."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)


@dataclass
class PreparedBatch:
    """A batch as database rows, without ids and codes (given when it is written)."""

    cases: list[Row] = field(default_factory=list)
    persons: list[Row] = field(default_factory=list)
    #: (index of the person in the batch, token)
    tokens: list[tuple[int, str]] = field(default_factory=list)
    #: (index of the case, index of the person)
    links: list[tuple[int, int]] = field(default_factory=list)
    #: (index of the case, row)
    events: list[tuple[int, Row]] = field(default_factory=list)
    perpetrators: list[tuple[int, Row]] = field(default_factory=list)


def prepare_batch(records: Sequence[CaseRecord], *, organisations: Mapping[str, int],
                  created_by: Mapping[str, int | None]) -> PreparedBatch:
    """Encrypt and index ``records`` (no database access, so it can run in a worker process)."""
    person_prep = _preparers(Person, PERSON_COLUMNS)
    case_prep = _preparers(Case, CASE_COLUMNS)
    event_prep = _preparers(Event, EVENT_COLUMNS)
    perpetrator_prep = _preparers(Perpetrator, PERPETRATOR_COLUMNS)
    now = timezone.now()
    batch = PreparedBatch()
    for case_index, record in enumerate(records):
        organisation_id = organisations[record.organisation]
        user_id = created_by.get(record.organisation)
        for person in record.persons:
            values = person.fields
            person_index = len(batch.persons)
            batch.links.append((case_index, person_index))
            batch.tokens.extend((person_index, token)
                                for token in sorted(person_tokens(_Names(values))))
            batch.persons.append(_prepare(person_prep, (
                organisation_id, user_id, *(values[name] for name in PERSON_COLUMNS[2:-2]),
                now, now)))
        batch.cases.append(_prepare(case_prep, (
            organisation_id, user_id, *(record.fields[name] for name in CASE_COLUMNS[2:-2]),
            now, now)))
        batch.events.extend(
            (case_index, _prepare(event_prep, (e.get(name, "") for name in EVENT_COLUMNS)))
            for e in record.events
        )
        batch.perpetrators.extend(
            (case_index, _prepare(perpetrator_prep, (p[name] for name in PERPETRATOR_COLUMNS)))
            for p in record.perpetrators
        )
    return batch


def _insert(model: type[models.Model], columns: Sequence[str], rows: Sequence[Row]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608 - model names
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys for rows this transaction is about to insert."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                           "FROM generate_series(1, %s)", [table, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock from its start (IMMEDIATE), so nobody
        # else can take these numbers meanwhile. Like AUTOINCREMENT, never reuse the id of a
        # deleted row (audit rows name records by id).
        sql = (f"SELECT MAX(COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0), "  # noqa: S608 - a model's table
               "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))")
        cursor.execute(sql, [table])
        first = int(cursor.fetchone()[0]) + 1
        return list(range(first, first + count))


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [str(_field(model, name).column) for name in names]


def write_prepared(batch: PreparedBatch, *, code_year: int,
                   detail: Mapping[str, Any] | None = None) -> list[int]:
    """Store one prepared batch in one transaction with one audit row naming its cases; returns
    the new cases' ids."""
    with transaction.atomic():
        person_ids = _reserve_ids(Person, len(batch.persons))
        case_ids = _reserve_ids(Case, len(batch.cases))
        person_codes = next_codes("P", len(batch.persons), year=code_year)
        case_codes = next_codes("C", len(batch.cases), year=code_year)
        _insert(Person, ["id", "code", *_columns(Person, PERSON_COLUMNS)],
                [(pk, code, *row) for pk, code, row
                 in zip(person_ids, person_codes, batch.persons, strict=True)])
        _insert(PersonSearchToken, ["person_id", "token"],
                [(person_ids[i], token) for i, token in batch.tokens])
        _insert(Case, ["id", "code", *_columns(Case, CASE_COLUMNS)],
                [(pk, code, *row) for pk, code, row
                 in zip(case_ids, case_codes, batch.cases, strict=True)])
        _insert(Case.persons.through, ["case_id", "person_id"],
                [(case_ids[c], person_ids[p]) for c, p in batch.links])
        _insert(Event, ["case_id", *_columns(Event, EVENT_COLUMNS)],
                [(case_ids[c], *row) for c, row in batch.events])
        _insert(Perpetrator, ["case_id", *_columns(Perpetrator, PERPETRATOR_COLUMNS)],
                [(case_ids[c], *row) for c, row in batch.perpetrators])
        audit.record(
            actor=None, action=AuditAction.CREATE, object_type="cases.Case", objects=case_ids,
            detail={"generator": "palermo.cases.demo_data", "cases": len(case_ids),
                    "persons": len(person_ids), "events": len(batch.events),
                    "perpetrators": len(batch.perpetrators), **(detail or {})},
        )
    return case_ids
