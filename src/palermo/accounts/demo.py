"""The demo's organisations, accounts (one for every persona of DESIGN.md, one shared password)
and cases (``cases.demo_data``, loaded once).

Used only by ``palermo demo`` (which refuses to run outside demo mode). Everything is created
through ``accounts.services``, so the demo's audit chain starts the way a real one does, and
creating is idempotent: an organisation or account that already exists is reused as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from palermo.accounts import services
from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role
from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent

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
    #: Names this organisation had in earlier versions of the demo: renamed in place, so an
    #: existing demo database keeps its accounts where they were.
    former_names: tuple[str, ...] = ()


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
        name="Neva Shelter for Women",
        org_type=OrganisationType.SHELTER,
        country="RU",
        region="St Petersburg",
        former_names=("Volga Women's Shelter",),
    ),
    DemoOrganisation(
        key="legal",
        name="Pravo Legal Aid Network",
        org_type=OrganisationType.LEGAL_SERVICE,
        country="RU",
        region="Moscow",
    ),
    DemoOrganisation(
        key="inspectorate",
        name="State Labour Inspectorate, Moscow Oblast",
        org_type=OrganisationType.LABOUR_INSPECTORATE,
        country="RU",
        region="Moscow Oblast",
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
    DemoAccount("legal-lawyer", "legal", Role.LAWYER, "Timur", "Akhmedov", "lawyer (legal aid)"),
    DemoAccount(
        "legal-caseworker", "legal", Role.CASEWORKER, "Olga", "Belova", "caseworker (legal aid)"
    ),
    DemoAccount(
        "inspector", "inspectorate", Role.CASEWORKER, "Igor", "Vasiliev", "labour inspector"
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
        if organisation is None and spec.former_names:
            organisation = _rename(spec)
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


@transaction.atomic
def _rename(spec: DemoOrganisation) -> Organisation | None:
    """The organisation under one of its former demo names, renamed to ``spec``; or None."""
    organisation = Organisation.objects.filter(name__in=spec.former_names).first()
    if organisation is not None:
        organisation.name, organisation.region = spec.name, spec.region
        organisation.full_clean()
        organisation.save(update_fields=["name", "region"])
        audit.record(actor=None, action=AuditAction.UPDATE,
                     object_type="accounts.Organisation", objects=[organisation],
                     detail={"fields": ["name", "region"]})
    return organisation


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


#: Who is named as the creator of each demo organisation's demo cases.
CASE_OWNERS = {"A": "caseworker", "B": "shelter", "legal": "legal-caseworker",
               "inspectorate": "inspector", "national": "coordinator"}


def demo_cases_loaded() -> bool:
    return AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="cases.Case", detail__demo=True
    ).exists()


def ensure_cases(progress: Callable[[int], None] | None = None) -> int:
    """Load the demo cases (``demo_data.DEMO_CASES`` of ``DEMO_SEED``) unless they were loaded
    before; returns how many were created now."""
    from palermo.cases import demo_data

    if demo_cases_loaded():
        return 0
    organisations = ensure_organisations()
    users = dict(User.objects.filter(username__in=CASE_OWNERS.values())
                 .values_list("username", "pk"))
    result = demo_data.seed(
        seed=demo_data.DEMO_SEED, count=demo_data.DEMO_CASES,
        organisations={key: org.pk for key, org in organisations.items()},
        created_by={key: users.get(username) for key, username in CASE_OWNERS.items()},
        detail={"demo": True}, progress=progress,
    )
    return result.cases
