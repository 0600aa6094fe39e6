"""Audit events are never changed or removed: by the model always, by the database on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from palermo.core.models import AppendOnlyError, AuditChainHead, AuditEvent

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers exist only on PostgreSQL; on SQLite the HMAC chain is "
           "what catches a change (see test_audit_verify)",
)


def test_an_audit_event_cannot_be_saved_again(chain):
    event = chain[1]
    event.object_type = "accounts.User"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(seq=2).object_type == "testapp.Secret"


def test_an_audit_event_cannot_be_deleted(chain):
    with pytest.raises(AppendOnlyError):
        chain[1].delete()
    assert AuditEvent.objects.count() == 5


def test_a_queryset_cannot_update_audit_events(chain):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=2).update(object_type="accounts.User")
    assert AuditEvent.objects.get(seq=2).object_type == "testapp.Secret"


def test_a_queryset_cannot_delete_audit_events(chain):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 5


def test_bulk_update_cannot_change_audit_events(chain):
    chain[0].object_type = "accounts.User"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([chain[0]], ["object_type"])


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET object_type = 'accounts.User' WHERE seq = 2",
        "DELETE FROM core_auditevent WHERE seq = 5",
        "DELETE FROM core_auditevent",
    ],
)
def test_postgresql_refuses_raw_updates_and_deletes_of_audit_events(chain, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 5
    assert AuditEvent.objects.get(seq=2).object_type == "testapp.Secret"


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditchainhead SET seq = 3 WHERE id = 1",
        "DELETE FROM core_auditchainhead",
    ],
)
def test_postgresql_keeps_the_chain_head_from_moving_back_or_vanishing(chain, sql):
    with pytest.raises(DatabaseError, match="only moves forward"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditChainHead.objects.get(pk=1).seq == 5
