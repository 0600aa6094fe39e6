"""``palermo backup`` and ``palermo restore``: a restored copy equals the original, a backup is
unreadable without its key, and a damaged or altered backup is refused with nothing written."""

from __future__ import annotations

import base64
import datetime
import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction

from palermo.cases import services as case_services
from palermo.cases.attachments import read as read_attachment
from palermo.cases.models import Attachment, Case, Person
from palermo.core import audit
from palermo.core.backup import backed_up_models
from palermo.core.backup_stream import CHUNK, MAGIC
from palermo.core.models import AuditAction, AuditEvent
from palermo.referrals.models import Referral
from tests.core.conftest import run_command
from tests.core.figures import LINES, REFUSED
from tests.referrals.conftest import (
    PATH_TO,
    case_a,
    consent_c,
    make_referral,
    org_c,
    person_a,
    receiver,
    referral,
    service_c,
)

__all__ = ["PATH_TO", "case_a", "consent_c", "make_referral", "org_c", "person_a", "receiver",
           "referral", "service_c"]

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = bytes(range(256)) * 40


def raw_tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every backed-up table exactly as stored (ciphertexts included)."""
    tables = {}
    with connection.cursor() as cursor:
        for model in backed_up_models():
            meta = model._meta
            columns = ", ".join(connection.ops.quote_name(f.column)
                                for f in meta.local_concrete_fields)
            cursor.execute(
                f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} "  # noqa: S608 - the model's own names
                f"ORDER BY {connection.ops.quote_name(meta.pk.column)}"
            )
            tables[meta.label] = [tuple(_comparable(v) for v in row) for row in cursor.fetchall()]
    return tables


def _comparable(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


@pytest.fixture(autouse=True)
def attachments_dir(settings: Any, tmp_path: Path) -> Path:
    """Each test its own attachments folder, as its own database."""
    settings.PALERMO_ATTACHMENTS_DIR = tmp_path / "data" / "attachments"
    return Path(settings.PALERMO_ATTACHMENTS_DIR)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "backup.key"
    assert run_command("backup", "--new-key", str(path))[0] == 0
    return path


@pytest.fixture
def registry(caseworker: Any, case_a: Case, referral: Referral) -> dict[str, Any]:
    """A case with a person, a note, an attachment, a consent and a referral, all audited."""
    case_services.add_note(user=caseworker, case=case_a, text="Called the embassy on Monday.")
    attachment = case_services.add_attachment(
        user=caseworker, case=case_a, filename="passport.jpg", content_type="image/jpeg",
        content=PHOTO,
    )
    return {"case": case_a, "attachment": attachment, "referral": referral}


@pytest.fixture
def backup_file(registry: dict[str, Any], key_file: Path, tmp_path: Path) -> Path:
    out = tmp_path / "palermo.backup"
    code, stdout, stderr = run_command("backup", "--out", str(out), "--key-file", str(key_file),
                                       "--format", "json")
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["audit_intact"] is True
    assert summary["files"] == 1
    return out


def test_new_key_is_32_random_bytes_readable_only_by_its_owner(key_file: Path, tmp_path: Path):
    assert len(base64.b64decode(key_file.read_text())) == 32
    assert key_file.stat().st_mode & 0o777 == 0o600
    code, _, err = run_command("backup", "--new-key", str(key_file))
    assert code == 2 and "never overwritten" in err


def test_restored_copy_equals_the_original(backup_file: Path, key_file: Path, caseworker: Any,
                                           registry: dict[str, Any]):
    before = raw_tables()
    checkpoint_before = audit.read_checkpoint()
    attachment = registry["attachment"]
    # Change everything after the backup: a new case, and a removed attachment file.
    case_services.create_case(user=caseworker, persons=[], case_type="ForcedLabour",
                              opened_on=datetime.date(2026, 6, 1))
    Path(settings.PALERMO_ATTACHMENTS_DIR, f"{attachment.uid}.bin").unlink()

    code, stdout, stderr = run_command("restore", str(backup_file), "--key-file", str(key_file),
                                       "--force", "--format", "json")
    assert code == 0, stderr
    assert json.loads(stdout)["files"] == 1

    after = raw_tables()
    restore_events = after["core.AuditEvent"][len(before["core.AuditEvent"]):]
    assert len(restore_events) == 1  # the restore's own audit event
    after["core.AuditEvent"] = after["core.AuditEvent"][: len(before["core.AuditEvent"])]
    del before["core.AuditChainHead"], after["core.AuditChainHead"]
    assert after == before
    assert sum(len(rows) for rows in before.values()) > 50

    person = Person.objects.get()
    assert person.given_name == "Дилноза"
    assert person.documents == [{"type": "passport", "number": "FA 1234567", "country": "UZ"}]
    assert Case.objects.get().narrative.startswith("Recruited through an acquaintance")
    assert read_attachment(Attachment.objects.get()) == PHOTO
    assert Referral.objects.get().message == "Needs a check-up."
    audited = list(AuditEvent.objects.filter(object_type__in=["core.Backup", "core.Restore"])
                   .values_list("object_type", "action"))
    assert audited == [("core.Backup", "export"), ("core.Restore", "create")]
    verified = audit.verify()
    assert verified.intact, verified.problem
    LINES.append(f"backup and restore ({connection.vendor}): {sum(map(len, before.values()))} "
                 f"rows in {len(before)} tables and 1 attachment restored equal to the original; "
                 f"audit chain of {verified.events} events intact")
    assert checkpoint_before is not None and verified.events == checkpoint_before.seq + 1
    assert run_command("audit", "verify")[0] == 0


def test_restore_refuses_a_database_that_holds_data(backup_file: Path, key_file: Path):
    before = raw_tables()
    code, _, err = run_command("restore", str(backup_file), "--key-file", str(key_file))
    assert code == 2
    assert "already holds data" in err
    assert raw_tables() == before


def test_backup_holds_no_plaintext_even_without_its_own_encryption(backup_file: Path):
    content = backup_file.read_bytes()
    assert content.startswith(MAGIC)
    for secret in ("Дилноза", "Karimova", "FA 1234567", "embassy", "acquaintance"):
        assert secret.encode() not in content
    assert PHOTO[:512] not in content


def test_backup_is_unreadable_with_another_key(backup_file: Path, tmp_path: Path):
    other = tmp_path / "other.key"
    run_command("backup", "--new-key", str(other))
    before = raw_tables()
    code, _, err = run_command("restore", str(backup_file), "--key-file", str(other), "--force")
    assert code == 2
    assert "wrong key" in err
    assert raw_tables() == before
    REFUSED.append("another key")


@pytest.mark.parametrize("where", ["header", "early", "middle", "last"])
def test_an_altered_byte_is_refused_and_nothing_is_written(
    backup_file: Path, key_file: Path, tmp_path: Path, where: str
):
    content = bytearray(backup_file.read_bytes())
    position = {"header": len(MAGIC) + 3, "early": len(MAGIC) + 60,
                "middle": len(content) // 2, "last": len(content) - 5}[where]
    content[position] ^= 0x01
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(content))
    before = raw_tables()
    files_before = sorted(Path(settings.PALERMO_ATTACHMENTS_DIR).rglob("*"))
    code, _, err = run_command("restore", str(damaged), "--key-file", str(key_file), "--force")
    assert code == 2
    assert "damaged" in err or "wrong key" in err or "not a palermo backup" in err
    assert raw_tables() == before
    assert sorted(Path(settings.PALERMO_ATTACHMENTS_DIR).rglob("*")) == files_before
    REFUSED.append(f"altered byte ({where})")


def test_a_truncated_backup_is_refused(backup_file: Path, key_file: Path, tmp_path: Path):
    cut = tmp_path / "cut.backup"
    cut.write_bytes(backup_file.read_bytes()[:-200])
    before = raw_tables()
    code, _, err = run_command("restore", str(cut), "--key-file", str(key_file), "--force")
    assert code == 2
    assert "truncated" in err
    assert raw_tables() == before
    REFUSED.append("truncated")


def test_restore_with_other_data_keys_is_refused(backup_file: Path, key_file: Path,
                                                 settings: Any):
    settings.PALERMO_DATA_KEYS = {"k9": b"9" * 32}
    before = raw_tables()
    code, _, err = run_command("restore", str(backup_file), "--key-file", str(key_file), "--force")
    assert code == 2
    assert "PALERMO_DATA_KEYS cannot read" in err
    assert raw_tables() == before
    REFUSED.append("other data keys")


def test_backup_never_overwrites_and_needs_a_valid_key(key_file: Path, tmp_path: Path, db: None):
    existing = tmp_path / "exists.backup"
    existing.write_bytes(b"keep me")
    code, _, err = run_command("backup", "--out", str(existing), "--key-file", str(key_file))
    assert code == 2 and "never overwritten" in err
    assert existing.read_bytes() == b"keep me"
    bad = tmp_path / "bad.key"
    bad.write_text("not base64!")
    code, _, err = run_command("backup", "--out", str(tmp_path / "x"), "--key-file", str(bad))
    assert code == 2 and "base64" in err
    assert not (tmp_path / "x").exists()


def test_a_large_attachment_spans_several_frames(caseworker: Any, case_a: Case, key_file: Path,
                                                 tmp_path: Path):
    big = bytes(range(251)) * (CHUNK // 100)  # 2.5 chunks, before encryption
    attachment = case_services.add_attachment(user=caseworker, case=case_a, filename="scan.pdf",
                                              content_type="application/pdf", content=big)
    out = tmp_path / "big.backup"
    assert run_command("backup", "--out", str(out), "--key-file", str(key_file))[0] == 0
    code, _, err = run_command("restore", str(out), "--key-file", str(key_file), "--force")
    assert code == 0, err
    assert read_attachment(Attachment.objects.get(pk=attachment.pk)) == big


def test_the_snapshot_is_consistent_and_does_not_block_writers(caseworker: Any):
    """A write committed by another connection during the snapshot neither waits for it nor
    appears in it."""
    import threading

    from django.db import connections

    from palermo.core.backup import _snapshot

    written: list[int] = []

    def write_elsewhere() -> None:
        try:
            with transaction.atomic():
                written.append(audit.record(actor=caseworker, action=AuditAction.VIEW).seq)
        finally:
            connections.close_all()

    with _snapshot():
        before = AuditEvent.objects.count()  # the snapshot starts with this read
        writer = threading.Thread(target=write_elsewhere)
        started = time.monotonic()
        writer.start()
        writer.join(timeout=20)
        assert written, "the writer did not finish while the snapshot was open"
        assert time.monotonic() - started < 10
        assert AuditEvent.objects.count() == before  # not in the snapshot
    assert AuditEvent.objects.count() == before + 1
