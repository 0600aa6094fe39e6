"""``palermo restore``: load a backup made by ``palermo backup`` into an empty database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.core import backup_stream
from palermo.core.backup import restore_backup
from palermo.core.backup_stream import BackupError
from palermo.core.management.commands._help import ParagraphHelpFormatter

HELP = """Restore FILE, a backup made by 'palermo backup', with the key in --key-file.

Run 'palermo migrate' first (same palermo version as the backup's); the database must hold no
organisations, accounts or audit events, unless --force is given, which replaces everything in
it (the replaced attachments folder is renamed, never deleted). Stop the web application and the
worker while restoring. The configured PALERMO_DATA_KEYS must be the ones the backup's data was
encrypted with, and PALERMO_AUDIT_KEY the one its audit chain was written with.

Everything is loaded in one transaction. Before it commits, the row counts are checked against
the backup's, the key canaries against PALERMO_DATA_KEYS, and the audit chain (with the backup's
checkpoint) with PALERMO_AUDIT_KEY. A wrong key, a damaged, altered or truncated file, or any
failed check stops with exit code 2 and a one-line reason, and nothing is written. On success
the attachments are put in place, the audit head file is set to the restored chain's head, one
audit event (core.Restore) is appended, and a summary is printed (--format text|json).
"""


class Command(BaseCommand):
    help = HELP
    # The key canaries come from the backup: they are checked after loading, not before.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--key-file", type=Path, metavar="KEY", required=True)
        parser.add_argument("--force", action="store_true",
                            help="Replace whatever the database holds.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            key = backup_stream.read_key_file(options["key_file"])
            try:
                handle = path.open("rb")
            except OSError as exc:
                raise BackupError(f"cannot read {path}: {exc.strerror}.") from None
            with handle:
                summary = restore_backup(
                    handle, key, force=options["force"], progress=self.stderr.write
                )
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        document = {**summary.as_dict(), "file": str(path)}
        if options["format"] == "json":
            self.stdout.write(json.dumps(document))
        else:
            self.stdout.write(
                f"restored {path}: {document['rows']} rows in {document['tables']} tables, "
                f"{summary.files} attachment files; audit chain intact "
                f"({summary.audit_events} events)"
            )
