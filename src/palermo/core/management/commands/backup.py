"""``palermo backup``: a consistent, encrypted copy of the database, attachments and audit head."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.core import backup_stream
from palermo.core.backup import write_backup
from palermo.core.backup_stream import BackupError
from palermo.core.management.commands._help import ParagraphHelpFormatter

HELP = """Write one consistent backup of this installation to --out FILE, encrypted with
AES-256-GCM under the key in --key-file (base64 of 32 bytes; create one with --new-key FILE).

The backup holds every table (read in one snapshot: REPEATABLE READ on PostgreSQL, a read
transaction on SQLite; the application keeps running and writing meanwhile), the attachment
files of PALERMO_DATA_DIR/attachments and the audit checkpoint. Sessions are left out. Encrypted
fields are copied as ciphertext: restoring needs this key file AND the same PALERMO_DATA_KEYS,
PALERMO_INDEX_KEY and PALERMO_AUDIT_KEY. Keep the key file away from the backups.

The file is written beside FILE and renamed into place when complete; an existing FILE is never
overwritten. Prints a summary (--format text|json) on stdout, progress on stderr. Exit 0 on
success, 1 when the backup was written but the audit chain did not verify (the message says why),
2 on bad input (missing or malformed key file, FILE exists).
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, metavar="FILE", help="Where to write the backup.")
        parser.add_argument("--key-file", type=Path, metavar="KEY",
                            help="The backup key (base64 of 32 bytes).")
        parser.add_argument("--new-key", type=Path, metavar="FILE",
                            help="Create a new random key file (mode 0600) and exit.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["new_key"]:
                backup_stream.new_key_file(options["new_key"])
                self.stdout.write(f"new backup key written to {options['new_key']}")
                return
            self._backup(options["out"], options["key_file"], options["format"])
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None

    def _backup(self, out: Path | None, key_file: Path | None, output_format: str) -> None:
        if out is None or key_file is None:
            raise BackupError("give --out FILE and --key-file KEY (or --new-key FILE).")
        key = backup_stream.read_key_file(key_file)
        if out.exists():
            raise BackupError(f"{out} already exists; a backup is never overwritten.")
        partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise BackupError(f"cannot write {out}: {exc.strerror}.") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                summary = write_backup(handle, key, progress=self.stderr.write)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
        document = {**summary.as_dict(), "file": str(out), "bytes": out.stat().st_size}
        if output_format == "json":
            self.stdout.write(json.dumps(document))
        else:
            self.stdout.write(
                f"backup written to {out}: {document['rows']} rows in {document['tables']} "
                f"tables, {summary.files} attachment files, {summary.audit_events} audit events"
            )
        if not summary.audit_intact:
            raise CommandError(
                f"the audit chain did not verify at backup time ({summary.audit_problem}); "
                "the backup was written all the same.",
                returncode=1,
            )
