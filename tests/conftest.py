"""Shared fixtures: the personas of DESIGN.md and a client signed in as each of them.

Organisation A (an NGO): caseworker, lawyer, intake officer, org admin. Organisation B (a
shelter): its caseworker is the outsider. The coordination body: coordinator and analyst.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def audit_head_file(settings: Any, tmp_path: Path) -> Path:
    """Each test gets its own checkpoint file, as each gets its own database."""
    path = tmp_path / "audit-head.json"
    settings.PALERMO_AUDIT_HEAD_FILE = path
    return path


@pytest.fixture(autouse=True)
def _no_2fa_by_default(settings: Any) -> None:
    """Most tests sign in with a password only; tests of 2FA switch it back on."""
    settings.REQUIRE_2FA = False


@pytest.fixture
def org_a(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Organisation A", org_type=OrganisationType.NGO, country="RU", region="Moscow"
    )


@pytest.fixture
def org_b(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Organisation B", org_type=OrganisationType.SHELTER, country="RU", region="Kazan"
    )


@pytest.fixture
def coordination_body(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Coordination body", org_type=OrganisationType.COORDINATION_BODY, country="RU"
    )


def _make_user(username: str, organisation: Organisation, role: str) -> User:
    user = User(username=username, organisation=organisation, role=role)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def caseworker(org_a: Organisation) -> User:
    return _make_user("caseworker_a", org_a, Role.CASEWORKER)


@pytest.fixture
def lawyer(org_a: Organisation) -> User:
    return _make_user("lawyer_a", org_a, Role.LAWYER)


@pytest.fixture
def intake_officer(org_a: Organisation) -> User:
    return _make_user("intake_a", org_a, Role.INTAKE_OFFICER)


@pytest.fixture
def org_admin(org_a: Organisation) -> User:
    return _make_user("admin_a", org_a, Role.ORG_ADMIN)


@pytest.fixture
def outsider(org_b: Organisation) -> User:
    return _make_user("caseworker_b", org_b, Role.CASEWORKER)


@pytest.fixture
def admin_b(org_b: Organisation) -> User:
    return _make_user("admin_b", org_b, Role.ORG_ADMIN)


@pytest.fixture
def coordinator(coordination_body: Organisation) -> User:
    return _make_user("coordinator", coordination_body, Role.COORDINATOR)


@pytest.fixture
def analyst(coordination_body: Organisation) -> User:
    return _make_user("analyst", coordination_body, Role.ANALYST)


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    """A client signed in as ``user`` through the real sign-in form (session clock included)."""

    def make(user: User) -> Client:
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302, "persona could not sign in"
        return client

    return make
