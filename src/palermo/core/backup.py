"""``palermo backup`` and ``palermo restore``: one consistent, encrypted copy of everything.

A backup is a stream of JSON lines sealed by ``backup_stream``: a manifest (format, palermo
version, applied migrations, the audit checkpoint and the snapshot's chain head), then every row
of every table read in one snapshot transaction (REPEATABLE READ on PostgreSQL, a deferred read
transaction under WAL on SQLite, so writers are never blocked), then the attachment files, then a
trailer with the counts. Rows are read raw: encrypted columns are copied as the ciphertexts they
are, so the backup holds no plaintext identifier even once its own encryption is removed, and a
restore needs the same ``PALERMO_DATA_KEYS``. The logical format works on both databases, and a
backup of one restores into the other.

Restore loads everything in one transaction into a migrated database (emptied first only with
``force``), checks the row counts, the key canaries against the configured data keys and the audit
chain against the backup's checkpoint before it commits, and moves the attachment files into
place only after the commit. Any failure before that leaves the database and files untouched.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import io
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.duration import duration_iso_string

from palermo.core import audit, keys
from palermo.core.backup_stream import BackupError, EncryptedReader, EncryptedWriter
from palermo.core.fields import EncryptedField
from palermo.core.models import AuditAction, AuditChainHead

FORMAT = "palermo-backup/1"
#: Sessions are not kept: after a restore everyone signs in again.
EXCLUDED = {"sessions.Session"}
BATCH = 500

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default progress reporter: says nothing."""


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    audit_events: int = 0
    audit_intact: bool = True
    audit_problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": sum(self.rows.values()),
            "tables": len(self.rows),
            "files": self.files,
            "file_bytes": self.file_bytes,
            "audit_events": self.audit_events,
            "audit_intact": self.audit_intact,
            "audit_problem": self.audit_problem,
        }


def backed_up_models() -> list[type[models.Model]]:
    """Every table's model (many-to-many tables included), in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label not in EXCLUDED
    ]
    return sorted(found, key=lambda model: model._meta.label)


def _encode(value: Any) -> Any:
    """A database value as JSON; each field's ``to_python`` reads it back."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _applied_migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[str(app), str(name)] for app, name in cursor.fetchall()]


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent, read-only view of the database that does not block writers."""
    if connection.in_atomic_block:
        # Called inside a transaction (a test's): its snapshot is the one we read.
        yield
        return
    if connection.vendor == "sqlite":
        # Connecting sets transaction_mode from the settings (IMMEDIATE, which would hold the
        # write lock for the whole backup): connect first, then read in a deferred transaction.
        connection.ensure_connection()
        previous = getattr(connection, "transaction_mode", None)
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = previous  # type: ignore[attr-defined]
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _line(out: EncryptedWriter, document: Any) -> None:
    out.write(json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode() + b"\n")


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.local_concrete_fields)


def _dump_table(out: EncryptedWriter, model: type[models.Model]) -> int:
    fields = _columns(model)
    # Encrypted columns are read through a cast, so their ciphertext is copied, not decrypted.
    selected = [
        Cast(f.attname, models.TextField()) if isinstance(f, EncryptedField) else f.attname
        for f in fields
    ]
    _line(out, {"table": model._meta.label, "columns": [f.column for f in fields]})
    count = 0
    rows = model._base_manager.order_by("pk").values_list(*selected)
    for row in rows.iterator(chunk_size=2000):
        _line(out, [_encode(value) for value in row])
        count += 1
    _line(out, {"end_table": model._meta.label, "rows": count})
    return count


def _attachment_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.PALERMO_ATTACHMENTS_DIR)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        # Half-written files (.tmp) belong to no committed row; links are never followed.
        if path.is_file() and not path.is_symlink() and path.suffix != ".tmp":
            yield path, path.relative_to(root).as_posix()


def write_backup(target: BinaryIO, key: bytes, *, progress: Progress = _quiet) -> Summary:
    """Write a complete backup of this installation to ``target`` (sealed under ``key``)."""
    summary = Summary()
    # The checkpoint is read before the snapshot, so it never names an event the copy lacks.
    checkpoint = audit.read_checkpoint()
    verified = audit.verify()
    summary.audit_intact, summary.audit_problem = verified.intact, verified.problem
    # A backup reads every record: it is audited like any export, and holds its own event.
    with transaction.atomic():
        audit.record(actor=None, action=AuditAction.EXPORT, object_type="core.Backup",
                     detail={"format": FORMAT})
    sealed = EncryptedWriter(target, key)
    with _snapshot():
        head = AuditChainHead.objects.filter(pk=1).first()
        _line(sealed, {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "palermo": metadata.version("palermo"),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "checkpoint": (audit.checkpoint_document(checkpoint.seq, checkpoint.hash)
                           if checkpoint is not None and checkpoint.authentic else None),
            "chain_head": {"seq": head.seq, "hash": head.hash} if head else None,
        })
        for model in backed_up_models():
            summary.rows[model._meta.label] = _dump_table(sealed, model)
            progress(f"{model._meta.label}: {summary.rows[model._meta.label]} rows")
        summary.audit_events = head.seq if head else 0
    for path, name in _attachment_files():
        content = path.read_bytes()
        _line(sealed, {"file": name, "size": len(content)})
        sealed.write(content)
        summary.files += 1
        summary.file_bytes += len(content)
    progress(f"attachments: {summary.files} files")
    _line(sealed, {"end": True, "rows": summary.rows, "files": summary.files})
    sealed.finish()
    return summary


# --- Restore ----------------------------------------------------------------------------------


def holds_data() -> bool:
    """True when the database has organisations, accounts or audit events (not just migrated)."""
    from palermo.accounts.models import Organisation, User
    from palermo.core.models import AuditEvent

    return any(m.objects.exists() for m in (Organisation, User, AuditEvent))


class _Lines:
    """The plaintext of a backup read back as JSON lines and raw file contents."""

    def __init__(self, reader: EncryptedReader) -> None:
        self._reader = reader
        self._buffered = io.BufferedReader(reader, buffer_size=1024 * 1024)

    def next(self) -> Any:
        line = self._buffered.readline()
        if not line.endswith(b"\n"):
            raise BackupError("the backup ends in the middle of its contents.")
        try:
            return json.loads(line)
        except ValueError:
            raise BackupError("the backup's contents are not in the expected format.") from None

    def read_exact(self, size: int) -> bytes:
        data = self._buffered.read(size)
        if len(data) != size:
            raise BackupError("the backup ends in the middle of a file.")
        return data

    def at_end(self) -> bool:
        return not self._buffered.peek(1) and self._reader.ended


def _insert_rows(model: type[models.Model], columns: list[str], lines: _Lines) -> int:
    by_column = {f.column: f for f in _columns(model)}
    if set(columns) != set(by_column) or len(columns) != len(by_column):
        raise BackupError(
            f"the backup's columns of {model._meta.label} differ from this database's; "
            "restore into palermo at the backup's version."
        )
    fields = [by_column[c] for c in columns]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 (quoted identifiers from the model)
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )

    def prepare(row: list[Any]) -> list[Any]:
        values = []
        for f, value in zip(fields, row, strict=True):
            if value is None or isinstance(f, EncryptedField):
                values.append(value)  # the ciphertext exactly as it was stored
            else:
                values.append(f.get_db_prep_save(f.to_python(value), connection))
        return values

    count, batch = 0, []
    with connection.cursor() as cursor:
        while True:
            item = lines.next()
            if isinstance(item, dict):
                if item.get("end_table") != model._meta.label or item.get("rows") != count:
                    raise BackupError(f"the backup's rows of {model._meta.label} are incomplete.")
                break
            if not isinstance(item, list) or len(item) != len(fields):
                raise BackupError(f"a row of {model._meta.label} in the backup is malformed.")
            batch.append(prepare(item))
            count += 1
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    return count


def _empty_all_tables(wanted: list[type[models.Model]]) -> None:
    tables = [m._meta.db_table for m in wanted]
    for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
        with connection.cursor() as cursor:
            cursor.execute(statement)


def _staged_name(root: Path, name: str) -> Path:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"the backup names a file outside the attachments folder: {name!r}.")
    return root.joinpath(*relative.parts)


def _check_keys_and_chain(checkpoint_file: Path | None) -> None:
    wrong = keys.wrong_keys()
    from palermo.core.models import KeyCanary

    ring = set(settings.PALERMO_DATA_KEYS)
    missing = sorted(
        c.key_id for c in KeyCanary.objects.filter(retired_at__isnull=True)
        if c.key_id not in ring
    )
    if wrong or missing:
        raise BackupError(
            "the configured PALERMO_DATA_KEYS cannot read this backup's data "
            f"(wrong: {', '.join(wrong) or 'none'}; missing: {', '.join(missing) or 'none'}); "
            "nothing was restored."
        )
    result = audit.verify(checkpoints=[checkpoint_file] if checkpoint_file else [])
    if not result.intact:
        raise BackupError(
            f"the restored audit chain does not verify ({result.problem}): wrong "
            "PALERMO_AUDIT_KEY, or the chain was already broken when the backup was taken; "
            "nothing was restored."
        )


def restore_backup(
    source: BinaryIO, key: bytes, *, force: bool = False, progress: Progress = _quiet
) -> Summary:
    """Restore a backup into this (migrated) database and the attachments folder."""
    lines = _Lines(EncryptedReader(source, key))
    manifest = lines.next()
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the backup's manifest is missing or of an unknown format.")
    here = _applied_migrations()
    if manifest.get("migrations") != here:
        raise BackupError(
            "the backup was taken at another schema version than this database's; install the "
            "palermo version that made it and run 'palermo migrate' before restoring."
        )
    if holds_data() and not force:
        raise BackupError(
            "this database already holds data; restore into an empty, migrated database, or "
            "give --force to replace everything in it."
        )
    attachments = Path(settings.PALERMO_ATTACHMENTS_DIR)
    staging = attachments.with_name(f"{attachments.name}.restoring-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    summary = Summary()
    checkpoint_file: Path | None = None
    try:
        with transaction.atomic():
            wanted = {m._meta.label: m for m in backed_up_models()}
            _empty_all_tables(list(wanted.values()))
            for label, model in wanted.items():
                header = lines.next()
                if not isinstance(header, dict) or header.get("table") != label:
                    raise BackupError(f"the backup does not hold the table of {label} in place.")
                summary.rows[label] = _insert_rows(model, list(header["columns"]), lines)
                progress(f"{label}: {summary.rows[label]} rows")
            while True:
                item = lines.next()
                if not isinstance(item, dict):
                    raise BackupError("the backup's contents are not in the expected format.")
                if "end" in item:
                    break
                target = _staged_name(staging, str(item["file"]))
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                target.write_bytes(lines.read_exact(int(item["size"])))
                summary.files += 1
                summary.file_bytes += int(item["size"])
            if item.get("rows") != summary.rows or item.get("files") != summary.files:
                raise BackupError("the backup's trailer does not match its contents.")
            if not lines.at_end():
                raise BackupError("the backup is damaged (data follows its trailer).")
            for statement in connection.ops.sequence_reset_sql(no_style(), list(wanted.values())):
                with connection.cursor() as cursor:
                    cursor.execute(statement)
            if manifest.get("checkpoint"):
                checkpoint_file = staging.with_name(staging.name + ".checkpoint.json")
                checkpoint_file.write_text(json.dumps(manifest["checkpoint"]), encoding="utf-8")
            _check_keys_and_chain(checkpoint_file)
            head = AuditChainHead.objects.filter(pk=1).first()
            summary.audit_events = head.seq if head else 0
        _put_files_in_place(staging, attachments)
        _reset_checkpoint(checkpoint_file)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if checkpoint_file is not None:
            checkpoint_file.unlink(missing_ok=True)
    with transaction.atomic():
        audit.record(actor=None, action=AuditAction.CREATE, object_type="core.Restore",
                     detail={"rows": sum(summary.rows.values()), "files": summary.files,
                             "backup_created_at": str(manifest.get("created_at", ""))})
    return summary


def _put_files_in_place(staging: Path, attachments: Path) -> None:
    if attachments.exists() and any(attachments.iterdir()):
        # Never deleted: files of the replaced installation stay readable beside it.
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        attachments.rename(attachments.with_name(f"{attachments.name}.before-restore-{stamp}"))
    elif attachments.exists():
        attachments.rmdir()
    if staging.exists():
        staging.rename(attachments)
    else:
        attachments.mkdir(mode=0o700, parents=True, exist_ok=True)


def _reset_checkpoint(checkpoint_file: Path | None) -> None:
    """The head file becomes the backup's checkpoint, then moves to the restored head."""
    path = audit.checkpoint_path()
    if checkpoint_file is not None:
        os.replace(checkpoint_file, path)
    else:
        path.unlink(missing_ok=True)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq:
        audit.write_checkpoint(head.seq, head.hash)
