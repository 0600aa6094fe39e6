"""``palermo audit verify`` and ``palermo audit checkpoint``: check and anchor the audit chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.core import audit
from palermo.core.management.commands._help import ParagraphHelpFormatter

HELP = """Check or anchor the audit log's hash chain.

  verify       Walk every audit event in order and recompute its HMAC link with
               PALERMO_AUDIT_KEY; hold the chain against the checkpoint head file in
               PALERMO_DATA_DIR, every --checkpoint FILE given (off-box copies), and the
               head row in the database. Prints "intact (N events, head ...)" or the first
               broken link or truncation. Exit 0 intact, 1 broken, 2 bad input.
  checkpoint   Verify, then write the current head to the checkpoint file and print it as
               JSON ({"seq", "hash", "mac"}) on stdout. Save that output somewhere the
               database's administrators cannot write (another machine, printed, mailed):
               'verify --checkpoint FILE' then catches any later truncation or rewrite.
               Refuses (exit 1) when the chain is broken, so a forgery is never anchored.
"""


class Command(BaseCommand):
    help = HELP
    # Verifying the audit chain needs only the audit key; a data-key problem must not stop it.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        verify = subcommands.add_parser(
            "verify", help="Check the whole chain; exit 0 if intact, 1 if not."
        )
        verify.add_argument(
            "--checkpoint", action="append", default=[], type=Path, metavar="FILE",
            help="Also hold the chain against this checkpoint (JSON printed by 'audit "
                 "checkpoint'); may be repeated.",
        )
        verify.add_argument("--format", choices=["text", "json"], default="text")
        subcommands.add_parser(
            "checkpoint", help="Write the verified head to the head file and print it as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify(options["checkpoint"], options["format"])
        else:
            self._checkpoint()

    def _verify(self, extra: list[Path], output_format: str) -> None:
        for path in extra:
            if not path.is_file():
                raise CommandError(f"checkpoint file {path} does not exist.", returncode=2)
        paths = [audit.checkpoint_path(), *extra]
        result = audit.verify(checkpoints=paths)
        if output_format == "json":
            document = {**result.as_dict(), "checkpoints": [str(p) for p in paths]}
            self.stdout.write(json.dumps(document))
        elif result.intact:
            events, checked = result.events, result.checkpoints_checked
            self.stdout.write(
                f"intact ({events} event{'' if events == 1 else 's'}, head {result.head[:16]}…; "
                f"{checked} checkpoint{'' if checked == 1 else 's'} matched)"
            )
        else:
            self.stdout.write(f"BROKEN: {result.problem}")
            self.stdout.write(f"(the chain holds up to event #{result.events})")
        if not result.intact:
            raise CommandError("the audit chain is not intact.", returncode=1)

    def _checkpoint(self) -> None:
        result = audit.verify()
        if not result.intact:
            raise CommandError(
                f"the audit chain is not intact ({result.problem}); no checkpoint written.",
                returncode=1,
            )
        if result.events:
            audit.write_checkpoint(result.events, result.head)
            self.stderr.write(f"checkpoint #{result.events} written to {audit.checkpoint_path()}")
        self.stdout.write(json.dumps(audit.checkpoint_document(result.events, result.head)))
