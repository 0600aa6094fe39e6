"""``palermo import-cases FILE --username U``: the importer of the import page, from a shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.accounts.models import User
from palermo.cases import import_files, importer
from palermo.core.management.commands._help import ParagraphHelpFormatter

HELP = """Import persons and cases from a CSV (UTF-8) or XLSX file in HTCDS columns, as the
import page does (docs/import-export.md lists the columns), on behalf of --username, whose role
must allow editing cases; the records belong to that user's organisation.

Every row is checked first. If any value is wrong, nothing is written, every problem is printed
to stderr (row, column, message; values of name and identity columns are never printed) and the
exit code is 2. Otherwise every row is written in one transaction, with its audit rows, and the
count and the first and last case codes are printed. With --dry-run the file is only checked.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file.")
        parser.add_argument("--username", required=True,
                            help="The account the records are created by.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Only check the file; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist:
            raise CommandError("no active account with that username", returncode=2) from None
        try:
            if path.stat().st_size > import_files.MAX_BYTES:
                raise CommandError(import_files.size_message(), returncode=2)
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from None
        try:
            result = importer.import_cases(user=user, content=content, filename=path.name,
                                           dry_run=options["dry_run"])
        except PermissionDenied:
            raise CommandError("this account's role may not edit cases", returncode=2) from None
        if not result.ok:
            for problem in result.problems:
                where = f"row {problem.row}" if problem.row else "file"
                if problem.column:
                    where += f", {problem.column}"
                value = " (value hidden)" if problem.value_hidden else (
                    f" {problem.value!r}" if problem.value else "")
                self.stderr.write(f"{where}:{value} {problem.message}")
            raise CommandError(f"{len(result.problems)} problem(s); nothing was imported",
                               returncode=2)
        if result.dry_run:
            self.stdout.write(f"{result.rows} row(s) checked; the file can be imported")
        else:
            self.stdout.write(f"{len(result.cases)} case(s) imported: "
                              f"{result.cases[0].code} to {result.cases[-1].code}")
