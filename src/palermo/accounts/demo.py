"""The demo's organisations and accounts: one for every persona of DESIGN.md, one shared password.

Used only by ``palermo demo`` (which refuses to run outside demo mode). Everything is created
through ``accounts.services``, so the demo's audit chain starts the way a real one does, and
creating is idempotent: an organisation or account that already exists is reused as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.accounts import services
from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role

#: Printed by ``palermo demo``; long enough and uncommon enough for the password validators.
DEMO_PASSWORD = "palermo-demo-2025"  # noqa: S105 - the demo's published password, by design
DEMO_URL = "http://127.0.0.1:{port}"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    org_type: str
    country: str
    region: str


@dataclass(frozen=True)
class DemoAccount:
    username: str
    organisation: str  # a DemoOrganisation key
    role: str
    first_name: str
    last_name: str
    persona: str


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        key="A",
        name="Open Door Anti-Trafficking Centre",
        org_type=OrganisationType.NGO,
        country="RU",
        region="Moscow",
    ),
    DemoOrganisation(
        key="B",
        name="Volga Women's Shelter",
        org_type=OrganisationType.SHELTER,
        country="RU",
        region="Republic of Tatarstan",
    ),
    DemoOrganisation(
        key="national",
        name="National Anti-Trafficking Coordination Council",
        org_type=OrganisationType.COORDINATION_BODY,
        country="RU",
        region="",
    ),
)

ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("caseworker", "A", Role.CASEWORKER, "Anna", "Sokolova", "caseworker"),
    DemoAccount("lawyer", "A", Role.LAWYER, "Dmitry", "Orlov", "lawyer"),
    DemoAccount("intake", "A", Role.INTAKE_OFFICER, "Marina", "Volkova", "intake officer"),
    DemoAccount("orgadmin", "A", Role.ORG_ADMIN, "Sergei", "Pavlov", "org admin"),
    DemoAccount(
        "shelter", "B", Role.CASEWORKER, "Gulnara", "Khabibullina", "caseworker (outsider)"
    ),
    DemoAccount("coordinator", "national", Role.COORDINATOR, "Elena", "Morozova", "coordinator"),
    DemoAccount("analyst", "national", Role.ANALYST, "Pavel", "Lebedev", "analyst"),
)


@dataclass(frozen=True)
class DemoLogin:
    """One row of the table ``palermo demo`` prints."""

    username: str
    organisation: str
    role: str
    persona: str
    created: bool


def ensure_organisations() -> dict[str, Organisation]:
    """The demo organisations by key, created the first time and reused after that."""
    found: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec.name).first()
        if organisation is None:
            organisation = services.create_organisation(
                actor=None,
                name=spec.name,
                org_type=spec.org_type,
                country=spec.country,
                region=spec.region,
            )
        found[spec.key] = organisation
    return found


def ensure_accounts() -> list[DemoLogin]:
    """Every demo account, created with ``DEMO_PASSWORD`` unless it already exists."""
    organisations = ensure_organisations()
    logins = []
    for spec in ACCOUNTS:
        user = User.objects.select_related("organisation").filter(username=spec.username).first()
        created = user is None
        if user is None:
            user = services.create_user(
                actor=None,
                organisation=organisations[spec.organisation],
                username=spec.username,
                role=spec.role,
                password=DEMO_PASSWORD,
                first_name=spec.first_name,
                last_name=spec.last_name,
            )
        logins.append(
            DemoLogin(
                username=user.username,
                organisation=str(user.organisation) if user.organisation else "",
                role=str(user.get_role_display()),
                persona=spec.persona,
                created=created,
            )
        )
    return logins
