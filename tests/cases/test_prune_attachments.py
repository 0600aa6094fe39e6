"""``palermo prune-attachments``: orphaned and half-written attachment files, and only those."""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from tests.cli import console

from palermo.accounts.models import User
from palermo.cases import attachments as attachment_store
from palermo.cases import services
from palermo.cases.models import Attachment, Case
from palermo.core.models import AuditAction, AuditEvent

TWO_HOURS_AGO = time.time() - 2 * 3600


class _RollBack(Exception):
    pass


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "attachments"
    settings.PALERMO_ATTACHMENTS_DIR = path
    return path


def _upload(user: User, case: Case) -> Attachment:
    return services.add_attachment(user=user, case=case, filename="passport.pdf",
                                   content_type="application/pdf", content=b"%PDF-1.4 scan")


def _age(path: Path, when: float = TWO_HOURS_AGO) -> Path:
    os.utime(path, (when, when), follow_symlinks=False)
    return path


def _rolled_back_upload(user: User, case: Case) -> Path:
    """The file an upload leaves behind when its transaction rolls back."""
    with pytest.raises(_RollBack), transaction.atomic():
        attachment = _upload(user, case)
        path = attachment_store.path_of(attachment)
        raise _RollBack
    assert not Attachment.objects.exists() and path.is_file()
    return path


def _deletions() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.DELETE,
                                          object_type="cases.AttachmentFile"))


def test_an_old_orphan_of_a_rolled_back_upload_is_deleted(capsys, folder, caseworker, case_a):
    orphan = _age(_rolled_back_upload(caseworker, case_a))
    code, out, err = console(capsys, "prune-attachments", "--delete")
    assert code == 0, err
    assert not orphan.exists()
    assert "Deleted 1 of 1 file(s)" in out and orphan.name in out
    [event] = _deletions()
    assert event.actor_id is None and event.detail == {"files_deleted": 1}


def test_dry_run_only_lists_the_orphan(capsys, folder, caseworker, case_a):
    orphan = _age(_rolled_back_upload(caseworker, case_a))
    before = AuditEvent.objects.count()
    for argv in ([], ["--dry-run"]):
        code, out, err = console(capsys, "prune-attachments", *argv)
        assert code == 0, err
        assert "Dry run: would delete 1 file(s)" in out and orphan.name in out
    assert orphan.is_file()
    assert AuditEvent.objects.count() == before


def test_an_orphan_younger_than_the_minimum_age_is_kept(capsys, folder, caseworker, case_a):
    orphan = _age(_rolled_back_upload(caseworker, case_a), time.time() - 30 * 60)
    code, out, err = console(capsys, "prune-attachments", "--delete")
    assert code == 0, err
    assert orphan.is_file() and "Deleted 0 of 0 file(s)" in out
    assert _deletions() == []
    code, _out, err = console(capsys, "prune-attachments", "--delete", "--min-age-minutes", "20")
    assert code == 0, err
    assert not orphan.exists()


def test_a_live_attachments_file_is_never_deleted(capsys, folder, caseworker, case_a):
    attachment = _upload(caseworker, case_a)
    path = _age(attachment_store.path_of(attachment))
    code, out, err = console(capsys, "prune-attachments", "--delete", "--min-age-minutes", "1")
    assert code == 0, err
    assert path.is_file() and path.name not in out
    assert attachment_store.read(Attachment.objects.get()) == b"%PDF-1.4 scan"


def test_a_stale_temporary_file_is_deleted_and_a_fresh_one_kept(capsys, db, folder):
    folder.mkdir()
    stale = folder / f"{uuid.uuid4()}.tmp"
    stale.write_text("half", encoding="ascii")
    _age(stale)
    fresh = folder / f"{uuid.uuid4()}.tmp"
    fresh.write_text("half", encoding="ascii")
    code, out, err = console(capsys, "prune-attachments", "--delete", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["temporary"] == 1 and report["orphans"] == 0
    assert report["files_deleted"] == 1 and report["files"] == [stale.name]
    assert not stale.exists() and fresh.is_file()


def test_files_outside_the_pattern_and_links_are_left_alone(capsys, db, folder, tmp_path):
    folder.mkdir()
    outside = tmp_path / "outside.bin"
    outside.write_text("keep", encoding="ascii")
    uid = uuid.uuid4()
    others = [folder / "notes.txt", folder / f"{uid}.bin.bak", folder / f"{uid.hex}.bin",
              folder / f"{str(uid).upper()}.bin", folder / f"{uuid.uuid4()}.pdf"]
    for path in others:
        path.write_text("keep", encoding="ascii")
    link = folder / f"{uuid.uuid4()}.bin"
    link.symlink_to(outside)
    subfolder = folder / f"{uuid.uuid4()}.tmp"
    subfolder.mkdir()
    for path in [*others, outside, link, subfolder]:
        _age(path)
    code, out, err = console(capsys, "prune-attachments", "--delete", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["files"] == []
    assert all(path.is_file() for path in others)
    assert link.is_symlink() and outside.read_text(encoding="ascii") == "keep"
    assert subfolder.is_dir()
    assert _deletions() == []


def test_a_missing_folder_is_nothing_to_prune(capsys, db, folder):
    code, out, err = console(capsys, "prune-attachments", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["files"] == [] and not folder.exists()


def test_the_help_says_what_it_deletes(capsys):
    code, out, _err = console(capsys, "prune-attachments", "--help")
    assert code == 0
    assert "no cases.Attachment row has" in out and "never followed" in out
    assert "--min-age-minutes" in out and "--delete" in out
