"""Fixtures for core's tests: raw database access, an attacker with the database owner's rights,
and a short audit chain with its checkpoint written."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Field

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent


def raw_rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows exactly as the database holds them, bypassing the fields' decryption."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


class Attacker:
    """Someone with the database owner's rights but not palermo's keys.

    On PostgreSQL they first switch off the append-only triggers, as such an owner can.
    """

    def __init__(self) -> None:
        if connection.vendor == "postgresql":
            for table in ("core_auditevent", "core_auditchainhead"):
                self.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def set_column(self, seq: int, column: str, value: Any) -> None:
        field = cast(Field, AuditEvent._meta.get_field(column))
        quoted = connection.ops.quote_name(column)
        self.execute(
            f"UPDATE core_auditevent SET {quoted} = %s WHERE seq = %s",  # noqa: S608 - our own column
            [field.get_db_prep_save(value, connection), seq],
        )

    def delete_events(self, *seqs: int) -> None:
        for seq in seqs:
            self.execute("DELETE FROM core_auditevent WHERE seq = %s", [seq])

    def set_head(self, seq: int, digest: str) -> None:
        self.execute("UPDATE core_auditchainhead SET seq = %s, hash = %s WHERE id = 1",
                     [seq, digest])


@pytest.fixture
def attacker(db: None) -> Attacker:
    return Attacker()


@pytest.fixture
def chain(
    caseworker: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> list[AuditEvent]:
    """Five events with different actions, committed as far as the checkpoint file knows."""
    actions = [AuditAction.LOGIN, AuditAction.VIEW, AuditAction.CREATE, AuditAction.UPDATE,
               AuditAction.EXPORT]
    with django_capture_on_commit_callbacks(execute=True):
        for n, action in enumerate(actions, start=1):
            audit.record(actor=caseworker, action=action, object_type="testapp.Secret",
                         objects=[n, n + 100], detail={"fields": ["name"], "n": n})
    return list(AuditEvent.objects.order_by("seq"))


def run_command(*args: str) -> tuple[int, str, str]:
    """Run a management command; return its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()




def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.core.figures import LINES, REFUSED

    if LINES or REFUSED:
        terminalreporter.section("palermo reliability figures")
        for figure in LINES:
            terminalreporter.write_line(figure)
        if REFUSED:
            terminalreporter.write_line(
                f"restore refused {len(REFUSED)} bad backups ({', '.join(REFUSED)}), "
                "nothing written by any")
