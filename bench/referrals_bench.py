"""Referral mechanism at scale: the coordination view (every table, charts and page rendered)
and a receiving organisation's case list (``Case.objects.visible_to`` through the list's
selector and pagination), at 1,000,000 cases and 2,000,000 referrals. The data is bulk-inserted
(rows prepared once, one executemany per batch) and, on SQLite, cached in
var/bench/referrals-N/ for the next run; with DATABASE_URL set, the same again on PostgreSQL in
a temporary database created beside the one named (dropped at the end).

    PYTHONPATH=. .venv/bin/python bench/referrals_bench.py [--cases N] [--referrals N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _setup import configure, line
from registry_bench import percentiles, postgres_scratch, verdict

TARGET_P95_MS = 300.0
ORGANISATIONS = 40
REGIONS = ("Moscow", "St Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg", "Vladivostok",
           "Rostov", "Samara")
SERVICE_TYPES = ("shelter", "medical", "psychological", "legal_aid", "material_aid",
                 "interpretation", "return_reintegration", "employment", "education")
#: (status, share of referrals): most are long finished; one in twenty is still open.
STATUSES = (("completed", .70), ("declined", .18), ("revoked", .07), ("sent", .015),
            ("accepted", .015), ("in_progress", .02))
REASONS = ("no_capacity", "no_capacity", "not_eligible", "not_offered", "other")
#: The organisation that receives many referrals: a tenth of them.
BIG_RECEIVER_SHARE = 0.10
BATCH = 20_000


def _rows_of(model: Any, constants: dict[str, Any]) -> tuple[str, list[str], list[Any]]:
    """The INSERT for ``model`` and, per column, either a constant already prepared for the
    database (encrypted once: every row of the benchmark shares it) or None (given per row)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    prepared = []
    for f in fields:
        if f.name in constants:
            prepared.append(f.get_db_prep_save(constants[f.name], connection))
        else:
            prepared.append(None)
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - fixed text
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    return sql, [f.name for f in fields], prepared


def _insert(model: Any, constants: dict[str, Any], rows: Iterator[dict[str, Any]],
            total: int, label: str) -> float:
    from django.db import connection, transaction

    sql, names, prepared = _rows_of(model, constants)
    fields = {f.name: f for f in model._meta.concrete_fields}
    start = time.perf_counter()
    batch: list[list[Any]] = []
    done = 0

    def flush() -> None:
        nonlocal done
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        done += len(batch)
        batch.clear()

    for row in rows:
        values = []
        for name, constant in zip(names, prepared, strict=True):
            if name in row:
                values.append(fields[name].get_db_prep_save(row[name], connection))
            else:
                values.append(constant)
        batch.append(values)
        if len(batch) >= BATCH:
            flush()
            if done % 200_000 == 0:
                print(f"  … {label}: {done:,} of {total:,}", file=sys.stderr, flush=True)
    if batch:
        flush()
    return time.perf_counter() - start


def build(cases: int, referrals: int) -> None:
    """Organisations, services, cases, referrals, decisions, assistance, reflection periods."""
    from django.utils import timezone

    from palermo.accounts.models import Organisation, User
    from palermo.accounts.roles import Role
    from palermo.cases.models import Case
    from palermo.referrals.models import Assistance, Referral, ReflectionPeriod, Service
    from palermo.screening.models import IdentificationDecision

    rng = random.Random(5)  # noqa: S311 - benchmark data
    today = timezone.localdate()
    now = timezone.now()
    orgs = [Organisation.objects.create(name=f"Bench organisation {i:02d}", org_type="NGO",
                                        country="RU", region=REGIONS[i % len(REGIONS)])
            for i in range(ORGANISATIONS)]
    staff = User.objects.create(username="bench-staff", organisation=orgs[1],
                                role=Role.CASEWORKER)
    services: dict[int, list[int]] = {}
    for i, org in enumerate(orgs):
        services[org.pk] = [Service.objects.create(
            organisation=org, service_type=SERVICE_TYPES[(i + k) % len(SERVICE_TYPES)],
            name=f"Service {i}-{k}", region=org.region, capacity_total=20,
            capacity_free=rng.randint(0, 20)).pk for k in range(3)]
    org_ids = [o.pk for o in orgs]
    first_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    opened: list[datetime.date] = []
    owner: list[int] = []
    for _ in range(cases):
        opened.append(today - datetime.timedelta(days=rng.randint(0, 5 * 365)))
        # The big receiver (orgs[0]) holds few cases of its own.
        owner.append(org_ids[rng.randint(1, ORGANISATIONS - 1)] if rng.random() > .002
                     else org_ids[0])

    def case_rows() -> Iterator[dict[str, Any]]:
        for i in range(cases):
            yield {"organisation": owner[i], "code": f"C-BENCH-{i:07d}",
                   "opened_on": opened[i],
                   "status": "Active" if rng.random() < .6 else "Closed",
                   "exploitation": [rng.choice(("ForcedLabour", "SexualExploitation",
                                                "Servitude"))]}

    seconds = _insert(Case, {"case_type": "ForcedLabour", "trafficking_status":
                             "PossibleVictimOfTrafficking", "status_decided_by": "",
                             "industry": "", "sex_exploitation": [], "means_of_control": [],
                             "recruitment": [], "relationship": "", "age_when_trafficked": None,
                             "recruitment_country": "", "recruitment_region": "",
                             "exploitation_country": "RU", "exploitation_region": "",
                             "exploitation_started_on": None, "exploitation_ended_on": None,
                             "closed_on": None, "narrative": "", "created_by": staff.pk,
                             "created_at": now, "updated_at": now},
                      case_rows(), cases, "cases")
    line("cases inserted", f"{cases / seconds:,.0f} rows/s", f"{cases:,} in {seconds:,.0f} s")

    statuses = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]

    def referral_rows() -> Iterator[dict[str, Any]]:
        for _ in range(referrals):
            i = rng.randrange(cases)
            status = rng.choices(statuses, weights)[0]
            receiver = (org_ids[0] if rng.random() < BIG_RECEIVER_SHARE
                        else rng.choice(org_ids[1:]))
            if receiver == owner[i]:
                receiver = org_ids[0]
            open_ = status in ("sent", "accepted", "in_progress")
            age = rng.randint(0, 60) if open_ and rng.random() < .8 else rng.randint(0, 3 * 365)
            sent = now - datetime.timedelta(days=age, minutes=rng.randint(0, 1440))
            yield {"case": first_case + i, "sender": owner[i], "receiver": receiver,
                   "service": rng.choice(services[receiver]), "status": status,
                   "decline_reason": rng.choice(REASONS) if status == "declined" else "",
                   "sent_at": sent, "responded_at": None if status == "sent" else sent}

    seconds = _insert(Referral, {"groups": ["contact"], "consent": None, "valid_until": None,
                                 "override_reason": "", "message": "", "decline_note": "",
                                 "sent_by": staff.pk, "closed_at": None, "updated_at": now},
                      referral_rows(), referrals, "referrals")
    line("referrals inserted", f"{referrals / seconds:,.0f} rows/s",
         f"{referrals:,} in {seconds:,.0f} s")

    decided = rng.sample(range(cases), cases // 10)
    _insert(IdentificationDecision, {"screening": None, "decision":
                                     "PossibleVictimOfTrafficking", "deciding_org": "NGO",
                                     "reasons": "bench", "decided_by": staff.pk,
                                     "content_hash": "0" * 64},
            ({"case": first_case + i, "signed_at": timezone.make_aware(datetime.datetime
             .combine(opened[i] + datetime.timedelta(days=rng.randint(0, 20)),
                      datetime.time(12)))} for i in decided), len(decided), "decisions")
    assisted = rng.sample(range(cases), cases * 3 // 10)
    _insert(Assistance, {"referral": None, "quantity": None, "unit": "", "cost": None,
                         "currency": "", "outcome": "", "recorded_by": staff.pk,
                         "recorded_at": now},
            ({"case": first_case + i, "provider": owner[i],
              "service_type": rng.choice(SERVICE_TYPES),
              "delivered_on": min(today, opened[i] + datetime.timedelta(
                  days=int(rng.expovariate(1 / 20))))} for i in assisted),
            len(assisted), "assistance")
    periods = rng.sample(decided, min(len(decided), 30_000))
    _insert(ReflectionPeriod, {"closed_on": None},
            ({"case": first_case + i, "started_on": today - datetime.timedelta(days=d),
              "ends_on": today - datetime.timedelta(days=d - 30)}
             for i in periods for d in (rng.randint(0, 90),)), len(periods), "reflection")


def run(cases: int, referrals: int, backend: str, keep: bool) -> None:
    kept = (Path("var/bench") / f"referrals-{cases}-{referrals}"
            if keep and backend == "sqlite" else None)
    folder = configure(keep_database_url=backend == "postgresql", keep=kept)
    from django.core.management import call_command
    from django.core.paginator import Paginator
    from django.db import connection
    from django.db.models import Prefetch
    from django.test import RequestFactory
    from django.utils import timezone

    from palermo.accounts.models import Organisation, User
    from palermo.accounts.roles import Role
    from palermo.cases import selectors
    from palermo.cases.models import Case, Person
    from palermo.cases.selectors import CaseFilters
    from palermo.referrals import coordination
    from palermo.referrals.coordination import Filters
    from palermo.referrals.coordination_views import coordination_view
    from palermo.referrals.models import Referral

    call_command("migrate", verbosity=0)
    where = "PostgreSQL" if connection.vendor == "postgresql" else f"SQLite in {folder}"
    print(f"palermo referrals benchmark on {where}: {cases:,} cases, {referrals:,} referrals")
    if Referral.objects.exists():
        print(f"reusing the {Case.objects.count():,} cases and {Referral.objects.count():,} "
              f"referrals in {folder}")
    else:
        build(cases, referrals)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            connection.set_autocommit(True)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")

    body = Organisation.objects.get_or_create(
        name="Bench coordination body", defaults={"org_type": "CoordinationBody",
                                                  "country": "RU"})[0]
    coordinator = User.objects.get_or_create(username="bench-coordinator",
                                             defaults={"organisation": body,
                                                       "role": Role.COORDINATOR})[0]
    big = Organisation.objects.get(name="Bench organisation 00")
    receiver = User.objects.get_or_create(username="bench-receiver",
                                          defaults={"organisation": big,
                                                    "role": Role.CASEWORKER})[0]
    factory = RequestFactory()

    def page(query: str) -> None:
        request = factory.get("/coordination/" + query)
        request.user = coordinator
        response = coordination_view(request)
        assert response.status_code == 200, response.status_code

    results = []
    for label, query in (("coordination view, all", ""),
                         ("coordination view, one region", "?region=Kazan"),
                         ("coordination view, region + 90 days",
                          "?region=Kazan&date_from="
                          f"{(timezone.localdate() - datetime.timedelta(days=90)):%Y-%m-%d}")):
        results.append((label, *percentiles(lambda _i, q=query: page(q), 20)))
    for label, p50, p95 in results:
        line(label, f"p50 {p50:.1f} ms",
             f"p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f}: {verdict(p95 <= TARGET_P95_MS)})")
    report = coordination.report(Filters())
    print(f"  open referrals {sum(r[-1] for r in report.open.rows):,}, declined "
          f"{sum(r[-1] for r in report.declined.rows):,}, assisted cases "
          f"{report.assistance.rows[-1][1]:,}, reflection periods at risk "
          f"{report.reflection_at_risk:,}")

    visible = Case.objects.visible_to(receiver).count()
    owned = Case.objects.owned_by(receiver).count()

    def case_list(filters: CaseFilters, number: int) -> None:
        # What the case list view does (cases/case_views.py): own and shared cases apart.
        listing = selectors.list_cases(receiver, filters).shaped(lambda rows: (
            rows.select_related("organisation").defer("narrative").prefetch_related(
                Prefetch("persons", queryset=Person.objects.only("id", "code")))))
        listed = Paginator(listing, 25).get_page(number)
        for case in listed.object_list:
            assert case.code

    print(f"receiver's case list: {big.name} sees {visible:,} cases ({owned:,} its own)")
    for label, filters, number in (
        ("first page", CaseFilters(), 1),
        ("page 20, status + exploitation filter",
         CaseFilters(status="Active", exploitation="ForcedLabour"), 20),
    ):
        p50, p95 = percentiles(lambda _i, f=filters, n=number: case_list(f, n), 20)
        line(f"receiver case list, {label}", f"p50 {p50:.1f} ms",
             f"p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f}: "
             f"{verdict(p95 <= TARGET_P95_MS)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=2_000_000)
    parser.add_argument("--no-keep", dest="keep", action="store_false",
                        help="SQLite: do not cache the generated database in var/bench/")
    parser.add_argument("--backends", default="sqlite,postgresql",
                        help="which to run (PostgreSQL only with BENCH_DATABASE_URL or "
                             "DATABASE_URL set)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        run(args.cases, args.referrals, args.backend, args.keep)
        return
    me = [sys.executable, str(Path(__file__).resolve()), "--cases", str(args.cases),
          "--referrals", str(args.referrals), *([] if args.keep else ["--no-keep"])]
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if "sqlite" in args.backends:
        # S603: this very script again, with arguments it built itself
        subprocess.run([*me, "--backend", "sqlite"], env=environment, check=True)  # noqa: S603
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
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
