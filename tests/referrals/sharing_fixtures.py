"""Fixtures for the field-level sharing tests: organisation A's case with something recorded in
every group of fields (each with a value that appears nowhere else), a receiving organisation R
with a caseworker and a lawyer, and ``share(groups, ...)`` writing a consent and a referral
straight through the ORM. Imported by the ``test_sharing_*`` modules."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role
from palermo.cases import services
from palermo.cases.models import Case, Person
from palermo.referrals.codes import ReferralStatus, ServiceType, ShareGroup
from palermo.referrals.models import Consent, Referral, Service
from palermo.screening import services as screening_services
from tests.conftest import PASSWORD, _make_user
from tests.screening.conftest import CONSTRUCTION

#: Values that only the named group may reveal (the summary holds none of them).
SECRETS: dict[str, tuple[str, ...]] = {
    ShareGroup.IDENTITY: ("Каримова", "Dilnoza", "FA 1234567", "1998-03-14", "Usmonova"),
    ShareGroup.CONTACT: ("+7 900 111 22 33", "Lenina street 5"),
    ShareGroup.NARRATIVE: ("acquaintance from the bazaar",),
    ShareGroup.EVENTS: ("warehouse on Tverskaya",),
    ShareGroup.PERPETRATORS: ("Rustam Aliev",),
    ShareGroup.NOTES: ("Meets the lawyer on Tuesdays",),
    ShareGroup.ATTACHMENTS: ("statement-dk.pdf",),
    ShareGroup.SCREENING: ("Deceived about wages in writing",),
    # Consent to linkage opens no page: a linkage run reads the names, no person sees them.
    ShareGroup.LINKAGE: (),
}
ALL = list(ShareGroup.values)


@pytest.fixture
def org_r(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Shelter R", org_type=OrganisationType.SHELTER, country="RU", region="Tver"
    )


@pytest.fixture
def receiver_cw(org_r: Organisation) -> User:
    return _make_user("caseworker_r", org_r, Role.CASEWORKER)


@pytest.fixture
def receiver_lawyer(org_r: Organisation) -> User:
    return _make_user("lawyer_r", org_r, Role.LAWYER)


@pytest.fixture
def service_r(org_r: Organisation) -> Service:
    return Service.objects.create(organisation=org_r, service_type=ServiceType.SHELTER,
                                  name="Shelter beds", region="Tver")


@pytest.fixture
def rich_person(caseworker: User) -> Person:
    return services.create_person(
        user=caseworker, given_name="Дилноза", family_name="Каримова",
        given_name_latin="Dilnoza", family_name_latin="Karimova",
        aliases=["Dilnoza Usmonova"], birth_date=datetime.date(1998, 3, 14),
        documents=[{"type": "passport", "number": "FA 1234567", "country": "UZ"}],
        contacts=["+7 900 111 22 33"], addresses=["Tver, Lenina street 5"],
        gender="Feminine", birth_year=1998, citizenships=["UZ"], languages=["uz"],
    )


@pytest.fixture
def rich_case(caseworker: User, lawyer: User, rich_person: Person) -> Case:
    case = services.create_case(
        user=caseworker, persons=[rich_person], case_type="ForcedLabour",
        exploitation=["ForcedLabour"], industry="F_Construction",
        means_of_control=["WithholdsDocuments"], exploitation_country="RU",
        exploitation_region="Moscow", opened_on=datetime.date(2026, 5, 4),
        narrative="Recruited by an acquaintance from the bazaar.",
    )
    services.add_event(user=caseworker, case=case, event_type="Exploitation", country="RU",
                       place="warehouse on Tverskaya")
    services.add_perpetrator(user=caseworker, case=case, roles=["RecruiterOrIntermediary"],
                             name="Rustam Aliev")
    services.add_note(user=caseworker, case=case, text="Meets the lawyer on Tuesdays.")
    services.add_attachment(user=caseworker, case=case, filename="statement-dk.pdf",
                            content_type="application/pdf", content=b"%PDF-1.4 secret")
    screening = screening_services.save_screening(user=lawyer, case=case,
                                                  answers=CONSTRUCTION)
    screening_services.sign_decision(
        user=lawyer, case=case, decision="PossibleVictimOfTrafficking", deciding_org="NGO",
        reasons="Deceived about wages in writing.", password=PASSWORD, screening=screening,
    )
    case.refresh_from_db()
    return case


Share = Callable[..., Referral]


@pytest.fixture
def share(caseworker: User, org_r: Organisation, service_r: Service, rich_case: Case) -> Share:
    """A referral of ``rich_case`` to organisation R sharing ``groups``, with its consent."""

    def make(groups: list[str], *, status: str = ReferralStatus.ACCEPTED,
             consent_until: datetime.date | None = None,
             until: datetime.date | None = None, **consent: Any) -> Referral:
        record = Consent.objects.create(
            case=rich_case, recipient=org_r, groups=groups, given_on=datetime.date(2026, 5, 5),
            valid_until=consent_until, recorded_by=caseworker, **consent,
        )
        return Referral.objects.create(
            case=rich_case, sender=rich_case.organisation, receiver=org_r, service=service_r,
            status=status, groups=groups, consent=record, valid_until=until,
            sent_by=caseworker, responded_at=timezone.now(),
        )

    return make


def case_urls(case: Case) -> dict[str, str]:
    """Every read page of the case, by the group it needs ("" for the summary)."""
    screening = case.screenings.first()
    assert screening is not None
    attachment = case.attachments.get()
    return {
        "summary": f"/cases/{case.pk}/",
        "persons": f"/cases/{case.pk}/persons/",
        ShareGroup.EVENTS: f"/cases/{case.pk}/events/",
        ShareGroup.PERPETRATORS: f"/cases/{case.pk}/perpetrators/",
        ShareGroup.NOTES: f"/cases/{case.pk}/notes/",
        ShareGroup.ATTACHMENTS: f"/cases/{case.pk}/attachments/",
        "download": f"/cases/{case.pk}/attachments/{attachment.pk}/",
        ShareGroup.SCREENING: f"/cases/{case.pk}/screening/",
        "screening_detail": f"/cases/{case.pk}/screening/{screening.pk}/",
        "history": f"/cases/{case.pk}/history/",
    }
