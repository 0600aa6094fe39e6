"""Crash consistency: gunicorn is killed with SIGKILL at random moments while client processes
write persons, cases, consents and referrals through the API; after each kill it is started
again. At the end every write that was acknowledged is there, decrypts to what was sent and has
its audit row, and the audit chain verifies. On the database the suite runs on (SQLite in a
file, or PostgreSQL when DATABASE_URL is set).

The seed of the kill moments is printed on failure; ``PALERMO_CRASH_SEED`` replays one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections

from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role
from palermo.api.tokens import create_token
from palermo.referrals import services as referral_services
from palermo.referrals.codes import ServiceType
from tests.conftest import _make_user
from tests.core.figures import LINES

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
CLIENTS = 3
KILLS = 4
UPTIME_SECONDS = (0.3, 1.5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn with two workers in its own process group, so SIGKILL takes them all at once.

    ``--preload``: the app is imported once, before the workers fork, so a restart is quick.
    """

    def __init__(self, environ: dict[str, str], port: int, log: Path) -> None:
        self.environ, self.port, self.log = environ, port, log
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds: list[float] = []
        self.base = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        began = time.monotonic()
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 - fixed argv, our own app
                [sys.executable, "-m", "gunicorn", "tests.core.crash_wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--preload",
                 "--no-control-socket", "--log-level", "warning"],
                env=self.environ, cwd=REPO, stdout=output, stderr=output, start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=5):  # noqa: S310 - loopback
                    self.start_seconds.append(time.monotonic() - began)
                    return
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                if self.process.poll() is not None:
                    log = self.log.read_text()[-2000:]
                    raise AssertionError(f"gunicorn exited: {log}") from exc
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer within 60 s")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, sig)
        self.process.wait(timeout=30)


@pytest.fixture
def server_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A copy of the (migrated) test database for the server, and the environment to reach it."""
    data_dir = tmp_path / "var"
    (data_dir / "static").mkdir(parents=True)
    shutil.copy(settings.PALERMO_AUDIT_HEAD_FILE, data_dir / "audit-head.json")
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "palermo.settings",
               "PALERMO_DATA_DIR": str(data_dir), "PALERMO_REQUIRE_2FA": "0",
               "PALERMO_SSL_REDIRECT": "0", "PALERMO_ALLOWED_HOSTS": "127.0.0.1",
               "PYTHONPATH": str(REPO)}
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        environ.pop("DATABASE_URL", None)
        with sqlite3.connect(source["NAME"]) as src, sqlite3.connect(
            data_dir / "palermo.sqlite3"
        ) as dst:
            src.backup(dst)
        yield environ
        return
    name = f"palermo_crash_{os.getpid()}_{random.randrange(10**6)}"  # noqa: S311 - a name
    admin = {"host": source["HOST"] or "127.0.0.1", "port": source["PORT"] or 5432,
             "user": source["USER"], "password": source["PASSWORD"] or None,
             "dbname": "postgres", "autocommit": True}
    connections.close_all()  # a template database must have no other session
    for attempt in range(20):
        try:
            with psycopg.connect(**admin) as pg:
                pg.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source["NAME"]}"')
            break
        except psycopg.errors.ObjectInUse:
            # A session of an earlier test (a live server's thread) is still closing.
            if attempt == 19:
                raise
            time.sleep(0.5)
    environ["DATABASE_URL"] = (
        f"postgresql://{source['USER']}@{admin['host']}:{admin['port']}/{name}"
    )
    try:
        yield environ
    finally:
        with psycopg.connect(**admin) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def writers(caseworker: User) -> dict[str, Any]:
    """Organisation A's caseworker with an API token; organisation C with a service."""
    org_c = Organisation.objects.create(name="Organisation C", country="RU",
                                        org_type=OrganisationType.HEALTH_SERVICE)
    receiver = _make_user("caseworker_c", org_c, Role.CASEWORKER)
    service = referral_services.create_service(
        user=receiver, service_type=ServiceType.MEDICAL, name="Clinic", region="Moscow")
    token = create_token(user=caseworker, name="crash test").raw
    return {"token": token, "service": service.pk, "org_c": org_c.pk}


def run_palermo(environ: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script, fixed argv
        [sys.executable, "-m", "palermo", *args], env=environ, cwd=REPO,
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_acknowledged_writes_survive_sigkill(writers: dict[str, Any],
                                             tmp_path: Path, server_database: dict[str, str]):
    environ = server_database
    seed = int(os.environ.get("PALERMO_CRASH_SEED") or random.SystemRandom().randrange(10**6))
    rng = random.Random(seed)
    server = Server(environ, free_port(), tmp_path / "gunicorn.log")
    stop = tmp_path / "stop"
    logs = [tmp_path / f"client-{n}.jsonl" for n in range(CLIENTS)]
    server.start()
    clients = [
        subprocess.Popen(  # noqa: S603 - the test's own client module
            [sys.executable, "-m", "tests.core.crash_client", server.base, writers["token"],
             str(writers["service"]), str(writers["org_c"]), str(n), str(log), str(stop)],
            cwd=REPO, env={**environ, "PYTHONPATH": str(REPO)},
        )
        for n, log in enumerate(logs)
    ]
    try:
        for _ in range(KILLS):
            time.sleep(rng.uniform(*UPTIME_SECONDS))
            server.kill()
            server.start()
        time.sleep(1.0)
    finally:
        stop.touch()
        for client in clients:
            client.wait(timeout=60)
        server.kill(signal.SIGTERM)
    assert all(client.returncode == 0 for client in clients), f"a client failed (seed {seed})"

    checked = run_palermo({**environ, "CRASH_LOGS": ",".join(map(str, logs))}, "shell", "-c",
                          "from tests.core.crash_check import main; main()")
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout.strip().splitlines()[-1])
    figure = (f"crash consistency ({connection.vendor}, seed {seed}): {KILLS} SIGKILLs of "
              f"gunicorn, {report['acknowledged']} acknowledged writes {report['by_kind']}, "
              f"{len(report['problems'])} lost or altered, {report['decrypted_values']} "
              f"encrypted values decrypted, audit chain of {report['audit']['events']} events "
              f"{'intact' if report['audit']['intact'] else 'BROKEN'}; restarts took "
              f"{', '.join(f'{s:.1f}' for s in server.start_seconds)} s")
    print(figure)
    LINES.append(figure)
    assert report["problems"] == [], f"seed {seed}: {report['problems'][:20]}"
    assert report["audit"]["intact"], f"seed {seed}: {report['audit']['problem']}"
    # Not vacuous: writes of every kind were acknowledged across the kills.
    assert report["by_kind"]["referral"] >= CLIENTS, report
    verified = run_palermo(environ, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("intact")
