"""``palermo rotate-keys``: re-encrypt every stored value under the newest data key."""

from __future__ import annotations

import sys
from collections import Counter
from functools import partial
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from palermo.core import audit, crypto, keys
from palermo.core.management.commands._help import ParagraphHelpFormatter
from palermo.core.models import AuditAction

HELP = """Re-encrypt every encrypted value in the database that is not under the newest key of
PALERMO_DATA_KEYS (the first one), so that older keys can be removed from the ring.

Every encrypted field of every installed model is scanned. Only values under an older key are
decrypted and written back under the newest key, --batch-size rows per transaction; a value the
application saves meanwhile is left alone (it is already under the newest key). Progress goes to
stderr. At the end palermo stores a key canary for every key in the ring, writes one audit event
(core.KeyRing, update) with the counts per model, scans again, reports how many values are still
under older keys (it must be 0), and names the keys that may now leave PALERMO_DATA_KEYS.

Run it after putting the new key first in PALERMO_DATA_KEYS on every palermo process. With
--dry-run it only counts. If a value cannot be decrypted it stops with exit code 2, naming the
model, field, row and key (never the value); that batch is left as it was, earlier batches stay
re-encrypted, and running the command again continues where it stopped.
"""


class Command(BaseCommand):
    help = HELP
    # The system check refuses a ring that lacks a key still holding data: exactly the state
    # this command exists to repair, so it runs its own narrower check instead.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Only count the values under older keys; change nothing.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, metavar="ROWS",
            help="Rows re-encrypted per transaction (default 500).",
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        # rich needs the raw stream: Django's wrapper adds a newline to every write.
        self.progress_stream: TextIO = options.get("stderr") or sys.stderr
        return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.", returncode=2)
        missing = keys.missing_tables()
        if missing:
            raise CommandError(
                f"tables of {', '.join(missing)} do not exist; run 'palermo migrate' first.",
                returncode=2,
            )
        wrong = keys.wrong_keys()
        if wrong:
            raise CommandError(
                f"key(s) {', '.join(map(repr, wrong))} in PALERMO_DATA_KEYS are not the keys "
                "data was encrypted with under those ids; nothing was changed.",
                returncode=2,
            )
        newest = crypto.current_key_id()
        if options["dry_run"]:
            self._dry_run(newest)
            return
        keys.ensure_canaries()
        done, failure = self._rotate(options["batch_size"], options["verbosity"])
        remaining = keys.stale_values()
        left = sum(sum(counts.values()) for counts in remaining.values())
        audit.record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="core.KeyRing",
            objects=[newest],
            detail={
                "newest_key": newest,
                "values_reencrypted": {label: r.values for label, r in done.items()},
                "rows_rewritten": {label: r.rows for label, r in done.items()},
                "rows_changed_meanwhile": {label: r.skipped for label, r in done.items()},
                "values_left_under_older_keys": left,
                "completed": failure is None,
            },
        )
        total = sum(r.values for r in done.values())
        rows = sum(r.rows for r in done.values())
        if failure is not None:
            raise CommandError(
                f"{failure}. Nothing in that batch was changed; {total} value(s) re-encrypted "
                "before it are committed and readable. Put the key that value was written with "
                "back into PALERMO_DATA_KEYS (after the newest) and run rotate-keys again.",
                returncode=2,
            )
        self.stdout.write(f"Re-encrypted {total} value(s) in {rows} row(s) under key {newest!r}.")
        for label, result in done.items():
            if result.values or result.skipped:
                fields = ", ".join(f"{name} {n}" for name, n in sorted(result.by_field.items()))
                self.stdout.write(f"  {label}: {result.values} value(s) ({fields or 'none'})")
        self.stdout.write(f"Values still under older keys: {left}.")
        if left:
            self._write_counts(remaining)
            raise CommandError(
                f"{left} value(s) are still under older keys (written by a palermo process that "
                "does not have the new ring yet?). Restart every process with the new "
                "PALERMO_DATA_KEYS and run rotate-keys again; remove no key until this reports 0.",
                returncode=1,
            )
        keys.retire_all_but_newest()
        older = [key_id for key_id in crypto.key_ring() if key_id != newest]
        if older:
            self.stdout.write(
                f"Keys that may now be removed from PALERMO_DATA_KEYS: {', '.join(older)}. "
                "Keep a copy of each for as long as you keep backups made before now: restoring "
                "such a backup needs them."
            )
        else:
            self.stdout.write(f"The ring holds only {newest!r}; there is no older key to remove.")

    def _rotate(
        self, batch_size: int, verbosity: int
    ) -> tuple[dict[str, keys.TableRotation], str | None]:
        done: dict[str, keys.TableRotation] = {}
        console = Console(file=self.progress_stream, quiet=verbosity == 0)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console,
        ) as progress:
            for table in keys.encrypted_tables():
                task = progress.add_task(table.label, total=keys.stale_row_count(table))
                try:
                    done[table.label] = keys.rotate_table(
                        table,
                        batch_size=batch_size,
                        progress=partial(progress.advance, task),
                    )
                except keys.RotationError as exc:
                    return done, str(exc)
        return done, None

    def _dry_run(self, newest: str) -> None:
        stale = keys.stale_values()
        total = sum(sum(counts.values()) for counts in stale.values())
        rows = sum(keys.stale_row_count(table) for table in keys.encrypted_tables())
        self.stdout.write(
            f"Dry run: {total} value(s) in {rows} row(s) are under keys other than {newest!r} "
            "and would be re-encrypted. Nothing was changed."
        )
        self._write_counts(stale)

    def _write_counts(self, stale: dict[str, Counter[str]]) -> None:
        for label, counts in stale.items():
            if counts:
                per_key = ", ".join(f"{key_id}: {n}" for key_id, n in sorted(counts.items()))
                self.stdout.write(f"  {label}: {per_key}")
        if any("?" in counts for counts in stale.values()):
            self.stdout.write(
                "  ('?' = under a key that is not in PALERMO_DATA_KEYS, or not encrypted at all)"
            )
