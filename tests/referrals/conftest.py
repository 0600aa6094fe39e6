"""Fixtures for the referral mechanism: organisation A's case (the sender's), organisation C (a
clinic, the receiver) with its staff and a service, a consent of the person to share with C, and
a referral in any state. Organisation B's caseworker (``outsider``) is never party to anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role
from palermo.cases.models import Case
from palermo.referrals import services
from palermo.referrals.codes import ReferralStatus, ServiceType, ShareGroup
from palermo.referrals.models import Consent, Referral, Service
from tests.cases.conftest import case_a, person_a
from tests.conftest import _make_user

__all__ = ["case_a", "person_a"]

#: The actions that take a freshly sent referral to each state, by the side that takes them.
PATH_TO: dict[str, tuple[str, ...]] = {
    ReferralStatus.SENT: (),
    ReferralStatus.ACCEPTED: ("accept",),
    ReferralStatus.DECLINED: ("decline",),
    ReferralStatus.IN_PROGRESS: ("accept", "start"),
    ReferralStatus.COMPLETED: ("accept", "start", "complete"),
    ReferralStatus.REVOKED: ("revoke",),
}


@pytest.fixture
def org_c(db: None) -> Organisation:
    return Organisation.objects.create(
        name="Organisation C", org_type=OrganisationType.HEALTH_SERVICE, country="RU",
        region="St Petersburg",
    )


@pytest.fixture
def receiver(org_c: Organisation) -> User:
    """A caseworker of organisation C, which receives the referrals."""
    return _make_user("caseworker_c", org_c, Role.CASEWORKER)


@pytest.fixture
def admin_c(org_c: Organisation) -> User:
    return _make_user("admin_c", org_c, Role.ORG_ADMIN)


@pytest.fixture
def service_c(receiver: User) -> Service:
    return services.create_service(
        user=receiver, service_type=ServiceType.MEDICAL, name="Clinic for migrants",
        region="St Petersburg", capacity_total=10, capacity_free=3, languages=["ru", "uz"],
    )


@pytest.fixture
def consent_c(caseworker: User, case_a: Case, org_c: Organisation) -> Consent:
    return services.record_consent(
        user=caseworker, case=case_a, recipient=org_c,
        groups=[ShareGroup.NARRATIVE, ShareGroup.EVENTS],
        given_on=timezone.localdate() - datetime.timedelta(days=1),
    )


@pytest.fixture
def make_referral(caseworker: User, receiver: User, case_a: Case, service_c: Service,
                  consent_c: Consent) -> Callable[[str], Referral]:
    """A referral of case A to C's service, taken to ``status`` by the sides that may."""

    def make(status: str = ReferralStatus.SENT) -> Referral:
        referral = services.send_referral(user=caseworker, case=case_a, service=service_c,
                                          message="Needs a check-up.")
        for action in PATH_TO[status]:
            actor = caseworker if action == "revoke" else receiver
            extra = ({"decline_reason": "no_capacity", "decline_note": "Full this week."}
                     if action == "decline" else {})
            referral = services.transition(user=actor, referral=referral, action=action,
                                           **extra)
        assert referral.status == status
        return referral

    return make


@pytest.fixture
def referral(make_referral: Callable[[str], Referral]) -> Referral:
    return make_referral(ReferralStatus.SENT)


#: Operations every member organisation may call on another's records: the directory is shared.
READABLE_BY_ALL = {("GET", "/api/v1/services/{service_id}")}


def referral_ids(caseworker: User, case: Case) -> dict[str, int]:
    """Ids for the API's object routes of the referral mechanism, all about ``case`` of
    organisation A and organisation C (made here): for access walks outside this folder."""
    org = Organisation.objects.create(name="Receiving clinic", org_type=OrganisationType.NGO,
                                      country="RU")
    receiving = _make_user("receiving_caseworker", org, Role.CASEWORKER)
    service = services.create_service(user=receiving, service_type=ServiceType.MEDICAL,
                                      name="Walk-in clinic", region="Moscow")
    consent = services.record_consent(user=caseworker, case=case, recipient=org, groups=[],
                                      given_on=timezone.localdate())
    referral = services.send_referral(user=caseworker, case=case, service=service)
    notification = referral.notifications.get()
    return {"service_id": service.pk, "consent_id": consent.pk, "referral_id": referral.pk,
            "notification_id": notification.pk}
