"""Concurrent writers queue for the chain instead of failing ("database is locked" on SQLite)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent

THREADS = 8
EVENTS_PER_THREAD = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_all_append_and_the_chain_stays_intact(audit_head_file):
    errors: list[str] = []
    start = threading.Barrier(THREADS, timeout=60)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EVENTS_PER_THREAD):
                with transaction.atomic():
                    audit.record(actor=None, action=AuditAction.VIEW,
                                 object_type="testapp.Secret", objects=[f"{n}-{i}"])
        except Exception as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(f"thread {n}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    result = audit.verify()
    assert (result.intact, result.events) == (True, THREADS * EVENTS_PER_THREAD), result.problem
    written = sorted(ids[0] for ids in AuditEvent.objects.values_list("object_ids", flat=True))
    assert written == sorted(f"{n}-{i}" for n in range(THREADS) for i in range(EVENTS_PER_THREAD))
    mark = audit.read_checkpoint()
    assert mark is not None
    assert mark.seq == THREADS * EVENTS_PER_THREAD
