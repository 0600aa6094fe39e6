"""``palermo import-recommendations FILE --format uhri|upr-info --user NAME [--check]``: import a
CSV of recommendations for the user's organisation, all or nothing (``docs/monitoring.md``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.monitoring import csv_formats


class Command(BaseCommand):
    help = ("Import recommendations from a CSV file in the UHRI or UPR Info layout, owned by the "
            "user's organisation. Any problem in any row: nothing is imported and every problem "
            "is listed with its row and column (exit status 1).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=sorted(csv_formats.FORMATS))
        parser.add_argument("--user", required=True,
                            help="Username of the account the import is made by (its role must "
                                 "edit monitoring data).")
        parser.add_argument("--check", action="store_true",
                            help="Check the file and report; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None or user.organisation_id is None:
            raise CommandError(f"No active account {options['user']!r} in an organisation.")
        if not has_capability(user, Capability.EDIT_MONITORING):
            raise CommandError(f"{user.username} has no role that edits monitoring data.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        fmt = csv_formats.FORMATS[options["format"]]
        result = csv_formats.import_file(actor=user, fmt=fmt, data=data,
                                         write=not options["check"])
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"{len(result.errors)} problem(s); nothing was imported.")
        if options["check"]:
            self.stdout.write(f"{path}: {result.rows} row(s), no problem found.")
        else:
            self.stdout.write(f"Created {len(result.created)} and updated "
                              f"{len(result.updated)} recommendation(s).")
