"""``audit.record`` appends to the chain inside the caller's transaction."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from palermo.core import audit
from palermo.core.models import AuditAction, AuditChainHead, AuditEvent


class Boom(Exception):
    pass


def test_audit_rows_roll_back_with_the_transaction_that_wrote_them(chain, audit_head_file):
    before = audit_head_file.read_text()
    with pytest.raises(Boom), transaction.atomic():
        audit.record(actor=None, action=AuditAction.DELETE, object_type="testapp.Secret",
                     objects=[1])
        raise Boom
    assert AuditEvent.objects.count() == 5
    assert AuditChainHead.objects.get(pk=1).seq == 5
    assert audit_head_file.read_text() == before
    after = audit.record(actor=None, action=AuditAction.VIEW)
    assert after.seq == 6
    assert audit.verify().intact


def test_an_event_names_the_actor_and_their_organisation(
    caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = audit.record(actor=caseworker, action=AuditAction.VIEW,
                             object_type="testapp.Secret", objects=["7"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.organisation_id) == (caseworker.pk, caseworker.organisation_id)
    assert stored.object_ids == ["7"]


def test_an_anonymous_or_missing_actor_is_recorded_as_nobody(db):
    for actor in (None, AnonymousUser()):
        event = audit.record(actor=actor, action=AuditAction.FAILED_LOGIN)
        assert (event.actor_id, event.organisation_id) == (None, None)
    assert audit.verify().intact


def test_detail_is_hashed_as_the_database_returns_it(db):
    # A tuple comes back from the database as a list and an integer key as a string.
    detail: dict = {"fields": ("name", "born"), 3: "rows"}
    audit.record(actor=None, action=AuditAction.EXPORT, detail=detail)
    assert AuditEvent.objects.get().detail == {"fields": ["name", "born"], "3": "rows"}
    assert audit.verify().intact


def test_the_checkpoint_follows_the_committed_head_and_never_moves_back(chain, audit_head_file):
    mark = audit.read_checkpoint()
    assert mark is not None
    assert (mark.seq, mark.hash, mark.authentic) == (5, chain[-1].hash, True)
    audit.write_checkpoint(2, chain[1].hash)
    assert audit.read_checkpoint() == mark


def test_a_failing_checkpoint_write_does_not_undo_or_hide_the_change(
    db, settings, tmp_path, django_capture_on_commit_callbacks, caplog
):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    settings.PALERMO_AUDIT_HEAD_FILE = blocker / "audit-head.json"
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(actor=None, action=AuditAction.VIEW)
    assert AuditEvent.objects.count() == 1
    assert any(record.levelname == "ERROR" for record in caplog.records)
