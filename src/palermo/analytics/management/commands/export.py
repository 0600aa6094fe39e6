"""``palermo export glotip`` and ``palermo export ctdc``: the disclosure-controlled exports."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from palermo.analytics import ctdc, export, glotip
from palermo.core.management.commands._help import ParagraphHelpFormatter

HELP = """Write an anonymised export; data on stdout (or --out FILE), progress and the report on
stderr. Exit 0 on success, 2 on invalid arguments.

  glotip   UNODC GLOTIP long-format table of one year (--year Y), small counts as <5 and
           further cells hidden so that no total reveals them (threshold PALERMO_MIN_CELL).
  ctdc     CTDC global-dataset microdata, one row per victim, k-anonymous over the
           quasi-identifiers (--k, default PALERMO_CTDC_K = 11); --report FILE writes what
           was generalised and suppressed as JSON.
"""
#: Above this many victims the CTDC export shows a progress bar.
PROGRESS_FROM = 50_000


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise CommandError(f"--year must be a year between 1900 and 2100, not {text!r}",
                           returncode=2)
    return int(text)


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="EXPORT")
        glotip_parser = sub.add_parser("glotip", help="GLOTIP long-format table of one year.")
        glotip_parser.add_argument("--year", required=True)
        glotip_parser.add_argument("--format", choices=["csv", "json"], default="csv")
        glotip_parser.add_argument("--out", default="-", help="file to write ('-': stdout)")
        ctdc_parser = sub.add_parser("ctdc", help="k-anonymous CTDC microdata.")
        ctdc_parser.add_argument("--k", type=int, default=None)
        ctdc_parser.add_argument("--out", required=True, help="file to write ('-': stdout)")
        ctdc_parser.add_argument("--report", default=None, help="JSON report file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "glotip":
            self._glotip(_year(options["year"]), options["format"], options["out"])
        else:
            k = settings.PALERMO_CTDC_K if options["k"] is None else options["k"]
            if k < 2:
                raise CommandError(f"--k must be at least 2, not {k}", returncode=2)
            self._ctdc(k, options["out"], options["report"])

    def _target(self, out: str) -> Path | None:
        if out == "-":
            return None
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"no such folder: {path.parent}", returncode=2)
        return path

    def _emit(self, text: str, target: Path | None) -> None:
        if target is None:
            self.stdout.write(text, ending="")
        else:
            target.write_text(text, encoding="utf-8")

    def _glotip(self, year: int, output_format: str, out: str) -> None:
        target = self._target(out)
        threshold = settings.PALERMO_MIN_CELL
        published = export.glotip_tables(year, threshold)
        buffer = io.StringIO()
        rows = export.write_glotip_csv(buffer, published, settings.PALERMO_COUNTRY)
        text = buffer.getvalue()
        if output_format == "json":
            lines = text.splitlines()[1:]
            text = json.dumps([dict(zip(glotip.HEADER, r, strict=True))
                               for r in csv.reader(lines)], ensure_ascii=False, indent=1) + "\n"
        self._emit(text, target)
        export.record_glotip(None, published, rows, threshold)
        self.stderr.write(f"GLOTIP {year}: {rows} rows (threshold {threshold})")

    def _ctdc(self, k: int, out: str, report_file: str | None) -> None:
        target = self._target(out)
        report_target = self._target(report_file) if report_file else None
        victims = ctdc.victim_count()
        if victims >= PROGRESS_FROM:
            console = Console(file=sys.stderr)
            with Progress(TextColumn("CTDC export"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=console) as bar:
                task = bar.add_task("rows", total=2 * victims)
                report = self._write_ctdc(target, k, lambda n: bar.advance(task, n))
        else:
            report = self._write_ctdc(target, k, None)
        if report_target is not None:
            report_target.write_text(json.dumps(report.as_dict(), indent=1) + "\n")
        self.stderr.write(report.as_text())

    def _write_ctdc(self, target: Path | None, k: int,
                    progress: ctdc.Progress | None) -> Any:
        if target is None:
            buffer = io.StringIO()
            report = export.write_ctdc(buffer, k, None, progress=progress)
            self.stdout.write(buffer.getvalue(), ending="")
            return report
        handle: IO[str]
        with target.open("w", encoding="utf-8", newline="") as handle:
            return export.write_ctdc(handle, k, None, progress=progress)
