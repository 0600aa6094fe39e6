"""Fixtures of the security suite: the personas by name, organisation A's records, and the
figures printed at the end of the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from palermo.accounts.models import Organisation, User
from tests.security.figures import FIGURES, SWEPT
from tests.security.objects import OrgA, build_org_a
from tests.security.objects_more import build_more
from tests.security.policy_types import PERSONAS


@pytest.fixture(autouse=True)
def _complaints_and_files(settings: Any, tmp_path: Path, org_a: Organisation) -> None:
    """Organisation A receives the public complaint channel; files go to a temporary folder."""
    settings.PALERMO_COMPLAINTS_ORGANISATION = org_a.name
    settings.PALERMO_ATTACHMENTS_DIR = tmp_path / "attachments"


@pytest.fixture
def persona_users(request: pytest.FixtureRequest) -> dict[str, User | None]:
    """Every persona's user (None for anonymous), all created."""
    return {name: None if name == "anonymous" else request.getfixturevalue(name)
            for name in PERSONAS}


@pytest.fixture
def org_a_records(persona_users: dict[str, User | None], org_a: Organisation) -> OrgA:
    caseworker, lawyer = persona_users["caseworker"], persona_users["lawyer"]
    coordinator, outsider = persona_users["coordinator"], persona_users["outsider"]
    assert caseworker and lawyer and coordinator and outsider and outsider.organisation
    found = build_org_a(org_a=org_a, caseworker=caseworker, lawyer=lawyer)
    build_more(found, org_b=outsider.organisation, caseworker=caseworker,
               coordinator=coordinator)
    return found


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("palermo security figures")
    if FIGURES["sweep requests"]:
        routes = len({route for route, _persona in SWEPT})
        personas = len({persona for _route, persona in SWEPT})
        write(f"access sweep: {routes} routes and operations x {personas} personas, "
              f"{FIGURES['sweep objects']} of organisation A's records in "
              f"{FIGURES['sweep requests']} requests; leaks: {FIGURES['sweep leaks']}, "
              f"other mismatches: {FIGURES['sweep mismatches']}")
    if FIGURES["api fuzz cases"]:
        write(f"API fuzzing: {FIGURES['api fuzz cases']} generated requests, "
              f"failures: {FIGURES['api fuzz failures']}")
    inputs = sorted(n for n in FIGURES if n.startswith("fuzz cases: "))
    if inputs:
        total = sum(FIGURES[n] for n in inputs)
        write(f"input fuzzing: {total} inputs to {len(inputs)} importers and forms, "
              f"failures: {FIGURES['fuzz failures']}")
        for name in inputs:
            what = name.removeprefix("fuzz cases: ")
            write(f"  {what}: {FIGURES[name]} inputs, "
                  f"{FIGURES['fuzz accepted: ' + what]} taken")
