"""Assistance delivered: who records it (the owner's editors; an organisation working on an
accepted or in-progress referral), who sees which records, and bad input on the tab's form."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.referrals import assistance
from palermo.referrals.codes import ReferralStatus, ServiceType
from palermo.referrals.models import Assistance, Consent, Referral, Service
from tests.cases.conftest import case_a, person_a

__all__ = ["case_a", "person_a"]  # organisation A's case; C (conftest) receives

ClientFor = Callable[[User], Client]
TODAY = timezone.localdate()


@pytest.fixture
def shelter_c(org_c: Organisation) -> Service:
    return Service.objects.create(organisation=org_c, service_type=ServiceType.SHELTER,
                                  name="Shelter C", region="St Petersburg", capacity_total=10,
                                  capacity_free=2)


@pytest.fixture
def accepted(case_a: Case, caseworker: User, org_c: Organisation,
             shelter_c: Service) -> Referral:
    """Organisation A's case, referred to C's shelter with consent, and accepted (written
    directly: these tests are about assistance, not the workflow)."""
    consent = Consent.objects.create(case=case_a, recipient=org_c, groups=["contact"],
                                     given_on=TODAY, recorded_by=caseworker)
    return Referral.objects.create(case=case_a, sender=case_a.organisation, receiver=org_c,
                                   service=shelter_c, status=ReferralStatus.ACCEPTED,
                                   groups=["contact"], consent=consent, sent_by=caseworker)


def _record(user: User, case: Case, **values: Any) -> Assistance:
    defaults: dict[str, Any] = {"service_type": ServiceType.SHELTER,
                                   "delivered_on": TODAY, "quantity": Decimal(3),
                                   "unit": "nights"}
    return assistance.record_assistance(user=user, case=case, **{**defaults, **values})


def test_owner_records_assistance_with_an_audit_row(caseworker: User, case_a: Case) -> None:
    record = _record(caseworker, case_a, cost=Decimal("1500.00"), currency="rub",
                     outcome="Safe for three nights.")
    assert record.provider_id == caseworker.organisation_id
    assert record.currency == "RUB"
    event = AuditEvent.objects.filter(detail__assistance_added=record.pk).get()
    assert event.object_ids == [str(case_a.pk)]
    assert "Safe" not in str(event.detail)


def test_receiver_records_assistance_answering_its_referral(
    receiver: User, case_a: Case, accepted: Referral,
) -> None:
    record = _record(receiver, case_a, referral=accepted)
    assert record.provider_id == receiver.organisation_id
    assert record.referral_id == accepted.pk


def test_receiver_must_name_the_referral(receiver: User, case_a: Case,
                                         accepted: Referral) -> None:
    with pytest.raises(ValidationError) as caught:
        _record(receiver, case_a)
    assert "referral" in caught.value.message_dict
    assert not Assistance.objects.exists()


@pytest.mark.parametrize("status", [ReferralStatus.SENT, ReferralStatus.COMPLETED,
                                    ReferralStatus.DECLINED, ReferralStatus.REVOKED])
def test_receiver_cannot_record_outside_accepted_or_in_progress(
    receiver: User, case_a: Case, accepted: Referral, status: str,
) -> None:
    Referral.objects.filter(pk=accepted.pk).update(status=status)
    with pytest.raises(PermissionDenied):
        _record(receiver, case_a, referral=accepted)
    assert not Assistance.objects.exists()


def test_withdrawn_consent_stops_the_receiver_recording(
    receiver: User, case_a: Case, accepted: Referral,
) -> None:
    assert accepted.consent is not None
    Consent.objects.filter(pk=accepted.consent.pk).update(withdrawn_at=timezone.now())
    assert not assistance.may_record(receiver, case_a)


def test_analyst_and_org_admin_cannot_record(analyst: User, org_admin: User,
                                             case_a: Case) -> None:
    for user in (analyst, org_admin):
        with pytest.raises(PermissionDenied):
            _record(user, case_a)


@pytest.mark.parametrize(("values", "field"), [
    ({"delivered_on": TODAY + datetime.timedelta(days=1)}, "delivered_on"),
    ({"quantity": Decimal(-1)}, "quantity"),
    ({"unit": ""}, "unit"),
    ({"quantity": None, "unit": "nights"}, "quantity"),
    ({"cost": Decimal("-0.01"), "currency": "RUB"}, "cost"),
    ({"cost": Decimal(10), "currency": "RUR"}, "currency"),
    ({"cost": Decimal(10), "currency": ""}, "currency"),
    ({"currency": "EUR"}, "cost"),
    ({"service_type": "spa"}, "service_type"),
])
def test_bad_values_are_refused_by_field(caseworker: User, case_a: Case,
                                         values: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _record(caseworker, case_a, **values)
    assert field in caught.value.message_dict
    assert not Assistance.objects.exists()


def test_owner_sees_all_and_a_provider_only_its_own(
    caseworker: User, receiver: User, case_a: Case, accepted: Referral,
) -> None:
    own = _record(caseworker, case_a)
    theirs = _record(receiver, case_a, referral=accepted)
    assert set(assistance.assistance_on(caseworker, case_a)) == {own, theirs}
    assert list(assistance.assistance_on(receiver, case_a)) == [theirs]


# --- The tab ---------------------------------------------------------------------------------


def _url(case: Case) -> str:
    return f"/cases/{case.pk}/assistance/"


def test_anonymous_goes_to_sign_in(client: Client, case_a: Case) -> None:
    response = client.get(_url(case_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsider_without_a_referral_gets_404(client_for: ClientFor, outsider: User,
                                              case_a: Case) -> None:
    client = client_for(outsider)
    assert client.get(_url(case_a)).status_code == 404
    assert client.post(_url(case_a), {"service_type": "shelter"}).status_code == 404
    assert client.get(_url(case_a) + "plan/").status_code == 404


def test_analyst_gets_403(client_for: ClientFor, analyst: User, case_a: Case) -> None:
    assert client_for(analyst).get(_url(case_a)).status_code == 403


def test_owner_records_through_the_tab(client_for: ClientFor, caseworker: User,
                                       case_a: Case) -> None:
    client = client_for(caseworker)
    page = client.get(_url(case_a))
    assert page.status_code == 200
    assert "Record assistance delivered" in page.content.decode()
    response = client.post(_url(case_a), {
        "service_type": "medical", "delivered_on": TODAY.isoformat(), "cost": "250",
        "currency": "eur", "outcome": "Seen by a doctor."})
    assert response.status_code == 302
    record = Assistance.objects.get()
    assert (record.service_type, record.cost, record.currency) == ("medical", 250, "EUR")
    shown = client.get(_url(case_a)).content.decode()
    assert "Seen by a doctor." in shown
    assert "Organisation A" in shown


def test_bad_input_on_the_tab_shows_messages_and_writes_nothing(
    client_for: ClientFor, caseworker: User, case_a: Case,
) -> None:
    response = client_for(caseworker).post(_url(case_a), {
        "service_type": "shelter", "delivered_on": (TODAY + datetime.timedelta(days=2))
        .isoformat(), "quantity": "2", "cost": "5", "currency": "ZZZ"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "The date cannot be in the future." in text
    assert "ISO 4217" in text
    assert "Say what the quantity counts" in text
    assert not Assistance.objects.exists()


def test_receiver_sees_only_its_records_and_records_against_its_referral(
    client_for: ClientFor, caseworker: User, receiver: User, case_a: Case,
    accepted: Referral,
) -> None:
    _record(caseworker, case_a, outcome="Owner's own record")
    client = client_for(receiver)
    page = client.get(_url(case_a)).content.decode()
    assert "Owner&#x27;s own record" not in page and "Owner's own record" not in page
    assert "Support plan" not in page
    response = client.post(_url(case_a), {
        "service_type": "shelter", "delivered_on": TODAY.isoformat(), "quantity": "5",
        "unit": "nights", "referral": str(accepted.pk), "outcome": "Stayed five nights."})
    assert response.status_code == 302
    assert Assistance.objects.filter(provider=receiver.organisation,
                                     referral=accepted).exists()


def test_receiver_of_a_completed_referral_sees_but_cannot_post(
    client_for: ClientFor, receiver: User, case_a: Case, accepted: Referral,
) -> None:
    Referral.objects.filter(pk=accepted.pk).update(status=ReferralStatus.COMPLETED)
    client = client_for(receiver)
    page = client.get(_url(case_a))
    assert page.status_code == 200
    assert "Record assistance delivered" not in page.content.decode()
    response = client.post(_url(case_a), {"service_type": "shelter",
                                          "delivered_on": TODAY.isoformat()})
    assert response.status_code == 403
    assert not Assistance.objects.exists()


def test_tab_query_count_does_not_grow_with_records(
    client_for: ClientFor, caseworker: User, case_a: Case,
) -> None:
    client = client_for(caseworker)
    for _ in range(3):
        _record(caseworker, case_a)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(case_a))
    for _ in range(10):
        _record(caseworker, case_a)
    with CaptureQueriesContext(connection) as many:
        client.get(_url(case_a))
    assert len(many) == len(few)
