"""Audit chain speed on SQLite: appends per second (one transaction each, as a view writes them)
and the time ``palermo audit verify`` needs per 10,000 events."""

from __future__ import annotations

import json
import time

from _setup import configure, line, per_second

configure()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from palermo.core import audit  # noqa: E402
from palermo.core.models import AuditAction, AuditChainHead, AuditEvent  # noqa: E402

APPENDS = 2_000
CHAIN = 10_000
DETAIL = {"fields": ["given_name", "family_name", "birth_date"], "count": 1}


def append_one() -> None:
    audit.record(actor=None, action=AuditAction.VIEW, object_type="cases.Case",
                 objects=[1234], detail=DETAIL)


def insert_plain() -> None:
    payload = json.dumps({"type": "cases.Case", "ids": ["1234"], "detail": DETAIL})
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_plain (created_at, payload) VALUES (%s, %s)",
                       [timezone.now().isoformat(), payload])


def extend_chain_to(total: int) -> None:
    """Append the rest of the events in one transaction: verify's figure does not depend on
    how the events were written."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        seq, prev = head.seq, head.hash
        events = []
        while seq < total:
            seq += 1
            event = AuditEvent(seq=seq, created_at=timezone.now(), actor_id=None,
                               organisation_id=None, action=AuditAction.VIEW,
                               object_type="cases.Case", object_ids=[str(seq)], detail=DETAIL,
                               prev_hash=prev)
            event.hash = audit.event_hash(event, prev)
            prev = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        head.seq, head.hash = seq, prev
        head.save()
    audit.write_checkpoint(seq, prev)


def main() -> None:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, created_at TEXT, "
                       "payload TEXT)")
    print(f"palermo audit benchmark on SQLite (WAL, immediate transactions), {APPENDS} appends, "
          f"verify over {CHAIN} events")

    appends = per_second(append_one, APPENDS)
    plain = per_second(insert_plain, APPENDS)
    line("append (audit.record, own transaction)", f"{appends:,.0f} events/s",
         f"baseline, plain INSERT + commit: {plain:,.0f} rows/s")

    extend_chain_to(CHAIN)
    start = time.perf_counter()
    result = audit.verify()
    seconds = time.perf_counter() - start
    assert result.intact and result.events == CHAIN, result.problem
    start = time.perf_counter()
    walked = sum(1 for _ in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000))
    read_only = time.perf_counter() - start
    assert walked == CHAIN
    line("verify per 10,000 events", f"{seconds * 10_000 / CHAIN:.3f} s",
         f"baseline, reading the rows without checking: {read_only * 10_000 / CHAIN:.3f} s")


if __name__ == "__main__":
    main()
