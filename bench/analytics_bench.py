"""Statistics at scale: the main dashboard (an analyst's /analytics/, every table, charts and page
rendered, the audit row written) at 1,000,000 cases, its filtered views, CSV and API, an
organisation's own view; the summary rebuild it reads from (the background job); and the
disclosure control alone on the largest table.

The registry is the registry benchmark's (demo generator, encrypted, indexed): copied from
var/bench/registry-N/ when that cache exists, else generated the same way, then given
identification decisions, referrals and assistance in bulk, and kept in var/bench/analytics-N/
for the next run. With DATABASE_URL set (and ``--backends`` naming it), the same again on
PostgreSQL in a temporary database created beside the one named (dropped at the end).

    PYTHONPATH=. .venv/bin/python bench/analytics_bench.py [--cases N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _setup import configure, line
from registry_bench import percentiles, postgres_scratch, verdict

TARGET_P95_MS = 1_000.0
SAMPLES = 30
BATCH = 20_000
#: Shares of cases with a signed decision, with referrals, with assistance.
DECIDED, REFERRED, ASSISTED = 0.4, 0.2, 0.3
DECISIONS = (("ActualVictimOfTrafficking", 0.55), ("PossibleVictimOfTrafficking", 0.35),
             ("NotAVictimOfTrafficking", 0.10))
STATUSES = (("completed", .70), ("declined", .18), ("revoked", .07), ("sent", .015),
            ("accepted", .015), ("in_progress", .02))
SERVICE_TYPES = ("shelter", "medical", "psychological", "legal_aid", "material_aid",
                 "interpretation", "return_reintegration", "employment", "education")


def copy_registry(cases: int, folder: Path) -> bool:
    """The registry benchmark's cached database, copied into ``folder`` (consistent: read
    through SQLite's backup, WAL included). False when there is no such cache."""
    source = Path("var/bench") / f"registry-{cases}"
    if not (source / "palermo.sqlite3").exists() or (folder / "palermo.sqlite3").exists():
        return False
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copy2(source / "bench-keys.json", folder / "bench-keys.json")
    start = time.perf_counter()
    with sqlite3.connect(source / "palermo.sqlite3") as src, \
            sqlite3.connect(folder / "palermo.sqlite3") as dst:
        src.backup(dst, pages=65_536)
    print(f"copied the registry benchmark's {source} in {time.perf_counter() - start:,.0f} s")
    return True


def _insert(model: Any, rows: Iterator[dict[str, Any]], total: int, label: str) -> float:
    """Bulk insert: every column given per row, prepared for the database, one executemany
    per batch."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - fixed text
           f"({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    start = time.perf_counter()
    batch: list[list[Any]] = []
    done = 0
    for row in rows:
        batch.append([f.get_db_prep_save(row[f.name], connection) for f in fields])
        if len(batch) >= BATCH:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            done += len(batch)
            batch.clear()
            if done % 200_000 == 0:
                print(f"  … {label}: {done:,} of {total:,}", file=sys.stderr, flush=True)
    if batch:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
    return time.perf_counter() - start


def add_activity(staff: Any) -> None:
    """Decisions, referrals and assistance on a share of the cases, in bulk."""
    from django.utils import timezone

    from palermo.accounts.models import Organisation
    from palermo.cases.models import Case
    from palermo.referrals.models import Assistance, Referral, Service
    from palermo.screening.models import IdentificationDecision

    rng = random.Random(11)  # noqa: S311 - benchmark data
    now = timezone.now()
    cases = list(Case.objects.order_by("pk").values_list("pk", "organisation_id", "opened_on"))
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    services = {org: Service.objects.create(organisation_id=org, service_type=kind,
                                            name=f"Bench {kind} {org}", region="Moscow").pk
                for org, kind in zip(organisations, SERVICE_TYPES, strict=False)}

    def at(day: datetime.date, days: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(
            min(day + datetime.timedelta(days=days), now.date()), datetime.time(12)))

    decided = rng.sample(cases, int(len(cases) * DECIDED))
    outcomes = [outcome for outcome, _share in DECISIONS]
    weights = [share for _outcome, share in DECISIONS]
    seconds = _insert(IdentificationDecision, (
        {"case": pk, "screening": None, "decision": rng.choices(outcomes, weights)[0],
         "deciding_org": "NGO", "reasons": "bench", "decided_by": staff.pk,
         "signed_at": at(opened, rng.randint(0, 40)), "content_hash": "0" * 64}
        for pk, _org, opened in decided), len(decided), "decisions")
    line("decisions inserted", f"{len(decided):,}", f"in {seconds:,.0f} s")
    referred = rng.sample(cases, int(len(cases) * REFERRED))
    states = [state for state, _share in STATUSES]
    shares = [share for _state, share in STATUSES]

    def referral(pk: int, org: int, opened: datetime.date) -> dict[str, Any]:
        receiver = rng.choice([o for o in services if o != org] or list(services))
        state = rng.choices(states, shares)[0]
        return {"case": pk, "sender": org, "receiver": receiver, "service": services[receiver],
                "status": state, "groups": ["contact"], "consent": None, "valid_until": None,
                "override_reason": "", "message": "", "decline_note": "",
                "decline_reason": "no_capacity" if state == "declined" else "",
                "sent_by": staff.pk, "sent_at": at(opened, rng.randint(0, 60)),
                "responded_at": None, "closed_at": None, "updated_at": now}

    seconds = _insert(Referral, (referral(*case) for case in referred), len(referred),
                      "referrals")
    line("referrals inserted", f"{len(referred):,}", f"in {seconds:,.0f} s")
    assisted = rng.sample(cases, int(len(cases) * ASSISTED))
    seconds = _insert(Assistance, (
        {"case": pk, "provider": org, "referral": None,
         "service_type": rng.choice(SERVICE_TYPES),
         "delivered_on": at(opened, int(rng.expovariate(1 / 20))).date(), "quantity": None,
         "unit": "", "cost": None, "currency": "", "outcome": "", "recorded_by": staff.pk,
         "recorded_at": now} for pk, org, opened in assisted), len(assisted), "assistance")
    line("assistance inserted", f"{len(assisted):,}", f"in {seconds:,.0f} s")


def run(cases: int, backend: str, keep: bool, workers: int) -> None:
    kept = Path("var/bench") / f"analytics-{cases}" if keep and backend == "sqlite" else None
    if kept is not None:
        copy_registry(cases, kept)
    folder = configure(keep_database_url=backend == "postgresql", keep=kept)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from django.utils import timezone

    from palermo.accounts import demo
    from palermo.accounts.models import Organisation, User
    from palermo.accounts.roles import Role
    from palermo.analytics import disclosure, summary
    from palermo.analytics.access import Scope
    from palermo.analytics.dashboard import Filters, build
    from palermo.analytics.views import dashboard_view, table_csv
    from palermo.cases import demo_data
    from palermo.cases.models import Case
    from palermo.screening.models import IdentificationDecision

    call_command("migrate", verbosity=0)
    where = "PostgreSQL" if connection.vendor == "postgresql" else f"SQLite in {folder}"
    print(f"palermo statistics benchmark on {where}: {cases:,} cases")
    organisations = demo.ensure_organisations()
    if not Case.objects.exists():
        result = demo_data.seed(seed=1, count=cases, workers=workers,
                                organisations={k: o.pk for k, o in organisations.items()},
                                screenings=False)
        line("registry generated (as registry_bench)", f"{result.rate:,.0f} cases/s",
             f"{result.cases:,} cases in {result.seconds:,.0f} s")
    body = Organisation.objects.get_or_create(
        name="Bench coordination body", defaults={"org_type": "CoordinationBody",
                                                  "country": "RU"})[0]
    analyst = User.objects.get_or_create(username="bench-analyst", defaults={
        "organisation": body, "role": Role.ANALYST})[0]
    ngo = organisations["A"]
    caseworker = User.objects.get_or_create(username="bench-caseworker", defaults={
        "organisation": ngo, "role": Role.CASEWORKER})[0]
    if not IdentificationDecision.objects.exists():
        add_activity(caseworker)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            connection.set_autocommit(True)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    print(f"{Case.objects.count():,} cases, {Case.persons.through.objects.count():,} victims "
          f"(case-person links); {ngo.name} holds "
          f"{Case.objects.filter(organisation=ngo).count():,}")

    start = time.perf_counter()
    state = summary.refresh()
    refresh_seconds = time.perf_counter() - start
    from palermo.analytics.models import SummaryCount

    line("summary rebuild (background job)", f"{refresh_seconds:,.1f} s",
         f"{SummaryCount.objects.count():,} summary rows; every {summary.REFRESH_AFTER} "
         "at most, in the task worker")

    (folder / "static").mkdir(exist_ok=True)  # the test client passes WhiteNoise
    factory = RequestFactory()

    def page(user: User, query: str) -> None:
        request = factory.get("/analytics/" + query)
        request.user = user
        response = dashboard_view(request)
        assert response.status_code == 200, response.status_code

    def csv(query: str) -> None:
        request = factory.get("/analytics/citizenship.csv" + query)
        request.user = analyst
        assert table_csv(request, slug="citizenship").status_code == 200

    from django.test import Client

    from palermo.api import tokens

    token = tokens.create_token(user=analyst, name=f"bench {timezone.now():%Y%m%d%H%M%S}").raw
    client = Client(SERVER_NAME="localhost", headers={"Authorization": f"Bearer {token}"})

    def api(query: str) -> None:
        response = client.get("/api/v1/analytics/tables" + query, secure=True)
        assert response.status_code == 200, response.status_code

    region = "Moscow Oblast"
    year = timezone.localdate().year
    results = []
    for label, work in (
        ("main dashboard (analyst, every table)", lambda _i: page(analyst, "")),
        ("  one region", lambda _i: page(analyst, f"?region={region}")),
        ("  one organisation, last two years",
         lambda _i: page(analyst, f"?organisation={ngo.pk}&year_from={year - 1}")),
        ("  caseworker's own organisation", lambda _i: page(caseworker, "")),
        ("  CSV of a table (citizenship)", lambda _i: csv("")),
        ("  API, every table", lambda _i: api("")),
    ):
        results.append((label, *percentiles(work, SAMPLES)))
    for label, p50, p95 in results:
        line(label, f"p50 {p50:.1f} ms",
             f"p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f}: "
             f"{verdict(p95 <= TARGET_P95_MS)})")

    dashboard = build(analyst, Scope.ALL, Filters(), threshold=settings.PALERMO_MIN_CELL,
                      state=state)
    largest = max(dashboard.breakdowns, key=lambda b: len(b.table.rows) * len(b.table.columns))
    hidden = sum(b.table.primary + b.table.secondary for b in dashboard.breakdowns)
    print(f"  {dashboard.get('case-types').table.total.value:,} cases in "  # type: ignore[union-attr]
          f"{len(dashboard.years)} years; {hidden:,} figures hidden in all tables, "
          f"largest table {largest.slug} ({len(largest.table.rows)} rows)")
    counts = summary.read([largest.slug])[largest.slug]
    years = sorted({y for _c, y in counts})
    categories = sorted({c for c, _y in counts})
    table = disclosure.Table.from_counts(
        [(c, y, n) for (c, y), n in counts.items()], rows=[(c, c) for c in categories],
        columns=[(y, str(y)) for y in years])
    p50, p95 = percentiles(lambda _i: disclosure.suppress(table, settings.PALERMO_MIN_CELL), 20)
    line(f"  disclosure control alone ({len(categories)}×{len(years)})", f"p50 {p50:.1f} ms",
         f"p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=max(0, (os.cpu_count() or 1) - 1),
                        help="processes generating the registry beside the writer")
    parser.add_argument("--no-keep", dest="keep", action="store_false",
                        help="SQLite: do not cache the generated database in var/bench/")
    parser.add_argument("--backends", default="sqlite,postgresql",
                        help="which to run (PostgreSQL only with DATABASE_URL set)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        run(args.cases, args.backend, args.keep, args.workers)
        return
    me = [sys.executable, str(Path(__file__).resolve()), "--cases", str(args.cases),
          "--workers", str(args.workers), *([] if args.keep else ["--no-keep"])]
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if "sqlite" in args.backends:
        # S603: this very script again, with arguments it built itself
        subprocess.run([*me, "--backend", "sqlite"], env=environment, check=True)  # noqa: S603
    url = os.environ.get("DATABASE_URL")
    if url and "postgresql" in args.backends:
        scratch, drop = postgres_scratch(url)
        try:
            # S603: this very script again, with arguments it built itself
            subprocess.run([*me, "--backend", "postgresql"],  # noqa: S603
                           env={**environment, "DATABASE_URL": scratch}, check=True)
        finally:
            drop()


if __name__ == "__main__":
    main()
