"""``palermo seed-demo``: synthetic cases of any size, for trying palermo out and for benchmarks."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentTypeError
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from palermo.accounts.models import Organisation
from palermo.cases import demo_data

HELP = """Generate --cases synthetic cases from --seed and store them: persons with names in
Cyrillic and Latin (encrypted, with their search tokens), cases in the patterns the demo shows,
events and perpetrators. The same seed always gives the same cases. Cases go to the demo
organisations (created if missing) or all to --organisation. They are written --batch-size cases
per transaction with one audit row per batch (cases.Case, create). Progress goes to stderr, the
summary to stdout. Generated cases must never mix with real ones: outside demo mode
(PALERMO_DEMO=1) the command refuses to run unless --force says the database is a scratch one.
"""


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise ArgumentTypeError(f"{number} is not a positive number")
    return number


def _not_negative(value: str) -> int:
    return 0 if value.strip() == "0" else _positive(value)


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=_positive, required=True, metavar="N",
                            help="How many cases to generate.")
        parser.add_argument("--seed", type=int, default=demo_data.DEMO_SEED, metavar="S",
                            help=f"Random seed (default {demo_data.DEMO_SEED}).")
        parser.add_argument("--organisation", metavar="NAME",
                            help="Give every case to this existing organisation (default: spread "
                                 "over the demo organisations).")
        parser.add_argument("--batch-size", type=_positive, default=demo_data.BATCH_SIZE,
                            metavar="N", help="Cases per transaction and audit row "
                                              f"(default {demo_data.BATCH_SIZE}).")
        parser.add_argument("--workers", type=_not_negative, default=0, metavar="N",
                            help="Processes that generate and encrypt while this one writes "
                                 "(default 0: all in this process).")
        parser.add_argument("--format", choices=("text", "json"), default="text",
                            help="Summary as text (default) or JSON.")
        parser.add_argument("--force", action="store_true",
                            help="Run outside demo mode (only on a scratch database, e.g. for "
                                 "benchmarks).")

    def execute(self, *args: Any, **options: Any) -> str | None:
        # rich needs the raw stream: Django's wrapper adds a newline to every write.
        self.progress_stream: TextIO = options.get("stderr") or sys.stderr
        return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO and not options["force"]:
            raise CommandError(
                "palermo seed-demo writes synthetic cases: it runs in demo mode (PALERMO_DEMO=1), "
                "or with --force on a scratch database.", returncode=2)
        count: int = options["cases"]
        seed: int = options["seed"]
        if options["organisation"]:
            organisation = Organisation.objects.filter(name=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"no organisation is named {options['organisation']!r}.",
                                   returncode=2)
            organisations = {"any": organisation.pk}
            spread: tuple[tuple[str, float], ...] = (("any", 1.0),)
        else:
            from palermo.accounts import demo

            organisations = {key: org.pk for key, org in demo.ensure_organisations().items()}
            spread = demo_data.DEMO_SPREAD

        console = Console(file=self.progress_stream, stderr=True)
        with Progress(TextColumn("Generating cases"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                      transient=False) as progress:
            task = progress.add_task("cases", total=count)
            result = demo_data.seed(
                seed=seed, count=count, organisations=organisations, spread=spread,
                batch_size=options["batch_size"], workers=options["workers"],
                progress=lambda done: progress.advance(task, done),
            )
        summary = {"cases": result.cases, "persons": result.persons, "batches": result.batches,
                   "seconds": round(result.seconds, 3),
                   "cases_per_second": round(result.rate, 1), "seed": seed}
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"Created {result.cases:,} cases and {result.persons:,} persons in "
                f"{result.batches:,} batches in {result.seconds:.1f} s "
                f"({result.rate:,.0f} cases/s), seed {seed}."
            )
