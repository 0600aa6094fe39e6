"""``palermo export-recommendations --format uhri|upr-info [--output FILE]``: every recommendation
in the registry as CSV in the UHRI or UPR Info layout (assessments are not exported)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring import csv_formats, selectors


class Command(BaseCommand):
    help = ("Write every recommendation as CSV in the UHRI or UPR Info layout to a file or to "
            "standard output.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=sorted(csv_formats.FORMATS))
        parser.add_argument("--output", type=Path, help="The file to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = csv_formats.FORMATS[options["format"]]
        rows = list(selectors.readable_all())
        text = csv_formats.export(fmt, rows)
        audit.record(actor=None, action=AuditAction.EXPORT,
                     object_type="monitoring.Recommendation", objects=rows,
                     detail={"format": fmt.key, "command": True})
        output: Path | None = options["output"]
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(f"Wrote {len(rows)} recommendation(s) to {output}.")
