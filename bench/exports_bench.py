"""Anonymised exports at scale: the GLOTIP export of one year (tables, disclosure control, the
long-format CSV) within 10 s and the k-anonymous CTDC export (k = 11, every victim, one pass
over the registry) within 60 s at 1,000,000 cases; and, in the same run, the information the
k-anonymisation keeps (share of cells not suppressed, share of values not generalised) beside
plain suppression of every row in a class smaller than k.

The registry is the statistics benchmark's (var/bench/analytics-N/, with identification
decisions) or else the registry benchmark's (var/bench/registry-N/) given decisions the same
way; copied into var/bench/exports-N/ and kept for the next run.

    PYTHONPATH=bench .venv/bin/python bench/exports_bench.py [--cases N] [--k K]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from _setup import configure, line
from analytics_bench import add_activity
from registry_bench import verdict

TARGETS = {"glotip_s": 10.0, "ctdc_s": 60.0}


def copy_cache(cases: int, folder: Path) -> str:
    """The statistics or registry benchmark's database, copied into ``folder`` once."""
    if (folder / "palermo.sqlite3").exists():
        return "kept from an earlier run"
    for name in (f"analytics-{cases}", f"registry-{cases}"):
        source = Path("var/bench") / name
        if (source / "palermo.sqlite3").exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(source / "bench-keys.json", folder / "bench-keys.json")
            with sqlite3.connect(source / "palermo.sqlite3") as src, \
                    sqlite3.connect(folder / "palermo.sqlite3") as dst:
                src.backup(dst, pages=65_536)
            return f"copied from {source}"
    raise SystemExit(f"no cached registry of {cases:,} cases: run bench/registry_bench.py")


def run(cases: int, k: int) -> None:
    folder = Path("var/bench") / f"exports-{cases}"
    start = time.perf_counter()
    origin = copy_cache(cases, folder)
    configure(keep=folder)
    from django.core.management import call_command

    from palermo.accounts import demo
    from palermo.accounts.models import User
    from palermo.accounts.roles import Role
    from palermo.analytics import ctdc, export
    from palermo.analytics.ctdc_anonymise import Anonymiser
    from palermo.cases.models import Case
    from palermo.screening.models import IdentificationDecision

    call_command("migrate", verbosity=0)
    print(f"palermo exports benchmark on SQLite: {cases:,} cases, registry {origin} "
          f"({time.perf_counter() - start:,.0f} s); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs (wall times rise with it; CPU times do not)")
    organisations = demo.ensure_organisations()
    if not IdentificationDecision.objects.exists():
        caseworker = User.objects.get_or_create(username="bench-caseworker", defaults={
            "organisation": organisations["A"], "role": Role.CASEWORKER})[0]
        add_activity(caseworker)
    victims = ctdc.victim_count()
    year = Case.objects.order_by("-opened_on").values_list("opened_on", flat=True).first()
    assert year is not None  # noqa: S101 - the registry is not empty
    year_of = year.year - 1
    print(f"{Case.objects.count():,} cases, {victims:,} victims, "
          f"{IdentificationDecision.objects.count():,} decisions")

    start, cpu = time.perf_counter(), time.process_time()
    published = export.glotip_tables(year_of, 5)
    buffer = io.StringIO()
    rows = export.write_glotip_csv(buffer, published, "RU")
    export.record_glotip(None, published, rows, 5)
    glotip_s, glotip_cpu = time.perf_counter() - start, time.process_time() - cpu
    counted = sum(t.by_sex_age.total.value or 0 for t in published.victims)
    line(f"GLOTIP export of {year_of}", f"{glotip_s:,.2f} s",
         f"target {TARGETS['glotip_s']:.0f} s: {verdict(glotip_s <= TARGETS['glotip_s'])}; "
         f"{rows} rows, {counted:,} victims; {glotip_cpu:,.1f} s of CPU in this process")

    with tempfile.TemporaryDirectory() as scratch:
        start, cpu = time.perf_counter(), time.process_time()
        with (Path(scratch) / "ctdc.csv").open("w", encoding="utf-8", newline="") as out:
            report = export.write_ctdc(out, k, None)
        ctdc_s, ctdc_cpu = time.perf_counter() - start, time.process_time() - cpu
    line(f"CTDC export, k = {k}", f"{ctdc_s:,.1f} s",
         f"target {TARGETS['ctdc_s']:.0f} s: {verdict(ctdc_s <= TARGETS['ctdc_s'])}; "
         f"{report.rows_out:,} of {report.rows_in:,} rows; {ctdc_cpu:,.1f} s of CPU")
    print(report.as_text())

    start = time.perf_counter()
    counts = ctdc.count_combinations()
    print(f"\ninformation kept (the same counts, {time.perf_counter() - start:,.0f} s to count "
          f"again; {len(counts):,} distinct combinations):")
    print(f"{'k':>5} {'':<40} {'cells not suppressed':>21} {'values not generalised':>23} "
          f"{'values kept':>12}")
    for each in sorted({k, 100, 1_000}):
        for label, result in (
                ("generalisation first (2 % suppressed)", Anonymiser(counts, each).report),
                ("generalisation until none suppressed",
                 Anonymiser(counts, each, max_suppressed=0.0).report),
                ("plain suppression of every rare row",
                 Anonymiser(counts, each, generalise=False).report)):
            print(f"{each:>5} {label:<40} {result.cells_kept:>21.4f} "
                  f"{result.values_not_generalised:>23.4f} {result.values_kept:>12.4f}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--k", type=int, default=11)
    args = parser.parse_args()
    run(args.cases, args.k)


if __name__ == "__main__":
    main()
