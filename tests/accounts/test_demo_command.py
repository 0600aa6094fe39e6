"""``palermo demo``: demo mode only, idempotent, five organisations, demo cases loaded once,
personas sign in, audited, serves and stops."""

from __future__ import annotations

import io
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from palermo.accounts import demo
from palermo.accounts.models import Organisation, User
from palermo.cases import demo_data
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent
from palermo.linkage import demo as linkage_demo


def run_demo(settings: Any, *args: str, cases: bool = False) -> str:
    """``palermo demo --no-serve``; without the demo cases unless asked (they take a second)."""
    settings.DEMO = True
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, *([] if cases else ["--no-cases"]), stdout=out,
                 stderr=io.StringIO())
    return out.getvalue()


def created_ids(object_type: str) -> list[str]:
    events = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type=object_type)
    return [object_id for event in events for object_id in event.object_ids]


def test_demo_refuses_to_run_outside_demo_mode(db: None, settings: Any) -> None:
    settings.DEMO = False
    with pytest.raises(CommandError, match="PALERMO_DEMO=1") as raised:
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert raised.value.returncode == 2
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_demo_creates_every_persona_in_its_organisation(db: None, settings: Any) -> None:
    run_demo(settings)
    names = {spec.key: spec.name for spec in demo.ORGANISATIONS}
    expected = {a.username: (names[a.organisation], a.role) for a in demo.ACCOUNTS}
    found = {
        u.username: (u.organisation.name, u.role)
        for u in User.objects.select_related("organisation")
        if u.organisation is not None
    }
    assert found == expected
    roles_by_type = {
        (u.organisation.org_type, u.role)
        for u in User.objects.select_related("organisation")
        if u.organisation is not None
    }
    assert ("NGO", "caseworker") in roles_by_type
    assert ("Shelter", "caseworker") in roles_by_type
    assert ("CoordinationBody", "coordinator") in roles_by_type
    assert ("CoordinationBody", "analyst") in roles_by_type


def test_running_the_demo_twice_reuses_what_exists(db: None, settings: Any) -> None:
    run_demo(settings)
    users_before = dict(User.objects.values_list("username", "pk"))
    organisations_before = dict(Organisation.objects.values_list("name", "pk"))
    lawyer = User.objects.get(username="lawyer")
    lawyer.first_name = "Renamed"
    lawyer.save(update_fields=["first_name"])
    events_before = AuditEvent.objects.count()

    output = run_demo(settings)

    assert dict(User.objects.values_list("username", "pk")) == users_before
    assert dict(Organisation.objects.values_list("name", "pk")) == organisations_before
    assert User.objects.get(username="lawyer").first_name == "Renamed"
    assert AuditEvent.objects.count() == events_before
    assert f"{len(demo.ACCOUNTS)} of {len(demo.ACCOUNTS)} accounts already existed" in output


def test_demo_has_five_organisations_of_the_kinds_the_issue_names(
    db: None, settings: Any
) -> None:
    run_demo(settings)
    kinds = set(Organisation.objects.values_list("org_type", "region"))
    assert kinds == {("NGO", "Moscow"), ("Shelter", "St Petersburg"), ("LegalService", "Moscow"),
                     ("LabourInspectorate", "Moscow Oblast"), ("CoordinationBody", "")}
    shelter = User.objects.get(username="shelter").organisation
    assert shelter is not None and shelter.org_type == "Shelter"
    assert User.objects.get(username="inspector").role == "caseworker"
    legal = {u.role for u in User.objects.filter(organisation__org_type="LegalService")}
    assert legal == {"lawyer", "caseworker"}


def test_demo_renames_the_shelter_of_an_older_demo_and_keeps_its_account(
    db: None, settings: Any
) -> None:
    old = Organisation.objects.create(name="Volga Women's Shelter", org_type="Shelter",
                                      country="RU", region="Republic of Tatarstan")
    User.objects.create(username="shelter", organisation=old, role="caseworker")

    run_demo(settings)

    old.refresh_from_db()
    assert (old.name, old.region) == ("Neva Shelter for Women", "St Petersburg")
    assert User.objects.get(username="shelter").organisation_id == old.pk
    assert Organisation.objects.filter(org_type="Shelter").count() == 1


def test_demo_loads_its_cases_once_over_every_organisation(db: None, settings: Any) -> None:
    output = run_demo(settings, cases=True)
    assert f"Loaded {demo_data.DEMO_CASES} demo cases" in output
    per_organisation = Counter(Case.objects.values_list("organisation__name", flat=True))
    assert set(per_organisation) == {spec.name for spec in demo.ORGANISATIONS}
    # The linkage demo records a few of those persons again, each on a case of its own.
    assert Case.objects.count() == demo_data.DEMO_CASES + linkage_demo.RECORDED_AGAIN
    assert not Case.objects.filter(created_by=None).exists()
    events = AuditEvent.objects.count()

    output = run_demo(settings, cases=True)

    assert "Demo cases already loaded" in output
    assert Case.objects.count() == demo_data.DEMO_CASES + linkage_demo.RECORDED_AGAIN
    assert AuditEvent.objects.count() == events
    assert audit.verify().intact


def test_demo_writes_an_audit_row_for_everything_it_creates(db: None, settings: Any) -> None:
    run_demo(settings)
    assert sorted(created_ids("accounts.User")) == sorted(
        str(pk) for pk in User.objects.values_list("pk", flat=True)
    )
    assert sorted(created_ids("accounts.Organisation")) == sorted(
        str(pk) for pk in Organisation.objects.values_list("pk", flat=True)
    )
    assert audit.verify().intact


def test_every_demo_account_signs_in_with_the_printed_password(db: None, settings: Any) -> None:
    output = run_demo(settings)
    assert demo.DEMO_PASSWORD in output
    for account in demo.ACCOUNTS:
        response = Client().post(
            "/accounts/login/", {"username": account.username, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, f"{account.username} could not sign in"
        assert response["Location"] == "/"


def test_demo_prints_every_login_and_the_address(db: None, settings: Any) -> None:
    output = run_demo(settings)
    for account in demo.ACCOUNTS:
        assert re.search(rf"\b{account.username}\b", output), account.username
    assert "http://127.0.0.1:8000" in output
    assert "http://127.0.0.1:8123" in run_demo(settings, "--port", "8123")


def test_demo_rejects_a_port_out_of_range(db: None, settings: Any) -> None:
    settings.DEMO = True
    with pytest.raises(CommandError, match="between 1 and 65535"):
        call_command("demo", "--no-serve", "--port", "70000", stdout=io.StringIO())


# --- The real thing: a subprocess serving on a free port, stopped with Ctrl-C -----------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _demo_environment(data_dir: Path) -> dict[str, str]:
    """Demo mode on SQLite in a fresh folder, whatever the test run itself is configured with."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PALERMO_")
        and name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(PALERMO_DEMO="1", PALERMO_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    return environ


def _lines(stream: io.TextIOBase | Any, into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def _wait_for(
    lines: queue.Queue[str], pattern: str, seen: list[str], timeout: float
) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)}")
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        seen.append(line)
        match = re.search(pattern, line)
        if match:
            return match


def test_demo_serves_until_ctrl_c_and_stops_its_worker(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own console script, fixed argv
        [sys.executable, "-m", "palermo", "demo", "--port", str(port)],
        cwd=tmp_path,
        env=_demo_environment(tmp_path / "var"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        worker_pid = int(_wait_for(lines, r"Task worker started \(pid (\d+)\)", seen, 120)[1])
        _wait_for(lines, rf"palermo is ready at http://127\.0\.0\.1:{port}", seen, 120)
        os.kill(worker_pid, 0)  # the worker is running beside the server

        # S310: the demo server this test started, on loopback
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as response:  # noqa: S310
            assert response.status == 200
            assert b'name="password"' in response.read()
        stylesheet = f"http://127.0.0.1:{port}/static/palermo/palermo.css"
        # S310: the demo server this test started, on loopback
        with urllib.request.urlopen(stylesheet) as response:  # noqa: S310
            assert response.status == 200

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0, "".join(seen)
        with pytest.raises(ProcessLookupError):
            os.kill(worker_pid, 0)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
