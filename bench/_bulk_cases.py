"""The load bench's bulk generator: the demo registry at a million cases in minutes.

The cases are the ones ``palermo.cases.demo_data`` generates (same seed, same records), and each
value is turned into its column by ``palermo.cases.demo_writer.prepare_batch``: every encrypted
field through its own ``get_prep_value`` (``palermo.core.crypto`` under the data key, the format
the app reads), every person's blind-index search tokens by ``palermo.cases.search``. What
differs from ``palermo seed-demo`` is only the writing: worker processes (forked, no database)
encrypt, index and render the rows as PostgreSQL COPY text; this process gives the persons and
cases their ids and codes and streams everything with ``COPY … FROM STDIN`` (psycopg 3), one
transaction per batch. At the end the identity sequences are moved past the ids used, the
per-year code counters past the codes used (a case created afterwards through the app gets the
next code), one audit row records the whole generation, and the tables are analysed.

Tables filled, as ``demo_writer.write_prepared`` fills them for one demo case: persons, their
search tokens, cases, the case–person links, events and perpetrators. Not screenings (the demo
adds one per case; the load mix does not read them). PostgreSQL only, into tables holding no
cases yet.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

BATCH_SIZE = 5_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    return str(value).translate(_ESCAPES)


def _copy_row(values: Iterable[Any]) -> str:
    return "\t".join(_copy_value(value) for value in values)


@dataclass
class TextBatch:
    """One prepared batch as COPY text, without the ids and codes this process gives."""

    cases: list[str]
    persons: list[str]
    #: (index of the person in the batch, token)
    tokens: list[tuple[int, str]]
    #: (index of the case, index of the person)
    links: list[tuple[int, int]]
    #: (index of the case, the rest of the row)
    events: list[tuple[int, str]]
    perpetrators: list[tuple[int, str]]


def _render(seed: int, start: int, count: int, owners: Mapping[str, int],
            creators: Mapping[str, int | None]) -> TextBatch:
    """Cases ``start`` to ``start + count`` of ``seed``, encrypted, indexed and rendered (runs in
    a worker process: no database access)."""
    from palermo.cases import demo_data
    from palermo.cases.demo_writer import prepare_batch

    records = list(demo_data.generate(seed=seed, count=count, start=start))
    batch = prepare_batch(records, organisations=owners, created_by=creators)
    return TextBatch(
        cases=[_copy_row(row) for row in batch.cases],
        persons=[_copy_row(row) for row in batch.persons],
        tokens=batch.tokens, links=batch.links,
        events=[(c, _copy_row(row)) for c, row in batch.events],
        perpetrators=[(c, _copy_row(row)) for c, row in batch.perpetrators],
    )


def _batches(slices: Sequence[tuple[int, int]], *, seed: int, owners: Mapping[str, int],
             creators: Mapping[str, int | None], workers: int) -> Iterator[TextBatch]:
    """The batches in order, rendered by ``workers`` forked processes (or here if 0)."""
    if workers <= 0:
        for start, size in slices:
            yield _render(seed, start, size, owners, creators)
        return
    from palermo.core.blind_index import normalise

    normalise("é")  # builds its table once, before the workers are forked
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        todo = iter(slices)
        pending = [pool.submit(_render, seed, start, size, owners, creators)
                   for start, size in islice(todo, workers * 2)]
        while pending:
            done = pending.pop(0).result()
            for start, size in islice(todo, 1):
                pending.append(pool.submit(_render, seed, start, size, owners, creators))
            yield done


@dataclass(frozen=True)
class BulkResult:
    cases: int
    persons: int
    tokens: int
    events: int
    perpetrators: int
    seconds: float
    #: of which the final VACUUM ANALYZE
    analyse_seconds: float


def _table(model: Any) -> str:
    from django.db import connection

    return str(connection.ops.quote_name(model._meta.db_table))


def _copy(cursor: Any, model: Any, columns: Sequence[str], lines: Iterable[str]) -> None:
    from django.db import connection

    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with cursor.copy(f"COPY {_table(model)} ({names}) FROM STDIN") as copy:
        buffer: list[str] = []
        for text in lines:
            buffer.append(text)
            if len(buffer) >= 10_000:
                copy.write("".join(buffer))
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))


def _next_id(cursor: Any, model: Any) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {_table(model)}")  # noqa: S608 - a model's table
    return int(cursor.fetchone()[0])


def _counter(prefix: str, year: int) -> Any:
    from palermo.cases.models import CodeCounter

    counter, _ = CodeCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    return counter


def generate(*, seed: int, count: int, organisations: Mapping[str, int],
             created_by: Mapping[str, int | None] | None = None, workers: int = 0,
             batch_size: int = BATCH_SIZE,
             progress: Callable[[int], None] | None = None) -> BulkResult:
    """Generate and store cases ``0`` to ``count`` of ``seed`` (see the module's docstring).

    ``organisations`` maps ``demo_data.DEMO_SPREAD``'s keys to organisation ids, ``created_by``
    to the user named as each one's cases' creator. ``progress`` gets each stored batch's size.
    """
    from django.db import connection, transaction

    from palermo.cases.demo_data import ANCHOR
    from palermo.cases.demo_writer import (
        CASE_COLUMNS,
        EVENT_COLUMNS,
        PERPETRATOR_COLUMNS,
        PERSON_COLUMNS,
        _columns,
    )
    from palermo.cases.models import Case, Event, Perpetrator, Person, PersonSearchToken
    from palermo.core import audit
    from palermo.core.models import AuditAction

    if connection.vendor != "postgresql":
        raise SystemExit("the bulk generator writes with PostgreSQL's COPY")
    if Case.objects.exists():
        raise SystemExit("the bulk generator fills tables that hold no cases yet")
    began = time.perf_counter()
    year = ANCHOR.year
    person_columns = ["id", "code", *_columns(Person, PERSON_COLUMNS)]
    case_columns = ["id", "code", *_columns(Case, CASE_COLUMNS)]
    event_columns = ["case_id", *_columns(Event, EVENT_COLUMNS)]
    perpetrator_columns = ["case_id", *_columns(Perpetrator, PERPETRATOR_COLUMNS)]
    slices = [(start, min(batch_size, count - start)) for start in range(0, count, batch_size)]
    with connection.cursor() as django_cursor:
        django_cursor.execute("SET synchronous_commit TO off")
        person_id, case_id = _next_id(django_cursor, Person), _next_id(django_cursor, Case)
    with transaction.atomic():
        person_number, case_number = _counter("P", year).last, _counter("C", year).last
    first_case_id = case_id
    totals = {"cases": 0, "persons": 0, "tokens": 0, "events": 0, "perpetrators": 0}
    for batch in _batches(slices, seed=seed, owners=organisations,
                          creators=dict(created_by or {}), workers=workers):
        person_ids = range(person_id, person_id + len(batch.persons))
        case_ids = range(case_id, case_id + len(batch.cases))
        with transaction.atomic(), connection.cursor() as django_cursor:
            cursor = django_cursor.cursor  # psycopg's own, for COPY
            _copy(cursor, Person, person_columns, (
                f"{pk}\tP-{year}-{person_number + i + 1:06d}\t{row}\n"
                for i, (pk, row) in enumerate(zip(person_ids, batch.persons, strict=True))))
            _copy(cursor, PersonSearchToken, ["person_id", "token"],
                  (f"{person_ids[p]}\t{_copy_value(token)}\n" for p, token in batch.tokens))
            _copy(cursor, Case, case_columns, (
                f"{pk}\tC-{year}-{case_number + i + 1:06d}\t{row}\n"
                for i, (pk, row) in enumerate(zip(case_ids, batch.cases, strict=True))))
            _copy(cursor, Case.persons.through, ["case_id", "person_id"],
                  (f"{case_ids[c]}\t{person_ids[p]}\n" for c, p in batch.links))
            _copy(cursor, Event, event_columns,
                  (f"{case_ids[c]}\t{row}\n" for c, row in batch.events))
            _copy(cursor, Perpetrator, perpetrator_columns,
                  (f"{case_ids[c]}\t{row}\n" for c, row in batch.perpetrators))
        person_id += len(batch.persons)
        case_id += len(batch.cases)
        person_number += len(batch.persons)
        case_number += len(batch.cases)
        for name, rows in (("cases", batch.cases), ("persons", batch.persons),
                           ("tokens", batch.tokens), ("events", batch.events),
                           ("perpetrators", batch.perpetrators)):
            totals[name] += len(rows)
        if progress:
            progress(len(batch.cases))

    with transaction.atomic():
        for prefix, last in (("P", person_number), ("C", case_number)):
            counter = _counter(prefix, year)
            counter.last = max(counter.last, last)
            counter.save(update_fields=["last"])
        with connection.cursor() as django_cursor:
            for model in (Person, Case):
                sql = ("SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 - a model's table
                       f"(SELECT COALESCE(MAX(id), 1) FROM {_table(model)}))")
                django_cursor.execute(sql, [model._meta.db_table])
        audit.record(
            actor=None, action=AuditAction.CREATE, object_type="cases.Case",
            detail={"generator": "bench._bulk_cases", "seed": seed, **totals,
                    "first_case_id": first_case_id, "last_case_id": case_id - 1},
        )
    analysing = time.perf_counter()
    # VACUUM too: rows written by COPY have no visibility map until autovacuum comes by, as it
    # has on a server that has run a while; without it every count would read the whole table.
    with connection.cursor() as django_cursor:
        django_cursor.execute("VACUUM (ANALYZE)")
    now = time.perf_counter()
    return BulkResult(**totals, seconds=round(now - began, 1),
                      analyse_seconds=round(now - analysing, 1))
