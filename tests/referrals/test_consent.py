"""Consent to share: recorded and withdrawn by the case's own organisation only, withdrawal
effective at once, states shown, bad input refused with nothing written, audit rows without the
person's data."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palermo.accounts.roles import Role
from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.referrals import services
from palermo.referrals.codes import ReferralStatus, ShareGroup
from palermo.referrals.models import Consent
from palermo.referrals.selectors import active_consent, consent_state
from tests.conftest import _make_user

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_a_consent_is_recorded_on_the_page(client_for, caseworker, case_a, org_c):
    client = client_for(caseworker)
    assert client.get(f"/cases/{case_a.pk}/referrals/consents/new/").status_code == 200
    response = client.post(f"/cases/{case_a.pk}/referrals/consents/new/", {
        "recipient": org_c.pk, "groups": ["identity", "contact"], "given_on": str(TODAY),
        "valid_until": str(TODAY + 90 * DAY)})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case_a.pk}/referrals/"
    consent = Consent.objects.get()
    assert (consent.recipient, consent.groups, consent.recorded_by) == (
        org_c, ["identity", "contact"], caseworker)
    row = AuditEvent.objects.filter(detail__consent_recorded=consent.pk).get()
    assert row.object_type == "cases.Case" and row.object_ids == [str(case_a.pk)]
    tab = client.get(f"/cases/{case_a.pk}/referrals/").content.decode()
    assert "Organisation C" in tab and "holds" in tab


@pytest.mark.parametrize(("change", "field"), [
    ({"recipient": ""}, "recipient"),
    ({"recipient": "999999"}, "recipient"),
    ({"groups": ["everything"]}, "groups"),
    ({"given_on": ""}, "given_on"),
    ({"given_on": "31.12.2025"}, "given_on"),
    ({"given_on": str(TODAY + DAY)}, "given_on"),
    ({"valid_until": str(TODAY - 3 * DAY), "given_on": str(TODAY - DAY)}, "valid_until"),
    ({"valid_until": str(TODAY - DAY), "given_on": str(TODAY - 5 * DAY)}, "valid_until"),
])
def test_bad_consent_input_is_refused_and_nothing_is_written(client_for, caseworker, case_a,
                                                            org_c, change, field):
    data = {"recipient": org_c.pk, "groups": ["events"], "given_on": str(TODAY), **change}
    client = client_for(caseworker)
    before = AuditEvent.objects.count()
    response = client.post(f"/cases/{case_a.pk}/referrals/consents/new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not Consent.objects.exists()
    # Only the page view's own audit row.
    assert AuditEvent.objects.count() == before + 1


def test_ones_own_organisation_is_not_offered_and_refused_by_the_service(caseworker, case_a,
                                                                        org_a, client_for):
    page = client_for(caseworker).get(f"/cases/{case_a.pk}/referrals/consents/new/")
    assert "Organisation A" not in page.content.decode().split("<main", 1)[1].split(
        "</select>", 1)[0]
    with pytest.raises(ValidationError) as refused:
        services.record_consent(user=caseworker, case=case_a, recipient=org_a, groups=[],
                                given_on=TODAY)
    assert "recipient" in refused.value.message_dict


def test_an_inactive_organisation_cannot_be_chosen(caseworker, case_a, org_c):
    org_c.is_active = False
    org_c.save()
    with pytest.raises(ValidationError):
        services.record_consent(user=caseworker, case=case_a, recipient=org_c, groups=[],
                                given_on=TODAY)


def test_only_the_owners_editors_record_and_withdraw(case_a, org_a, org_c, consent_c, receiver,
                                                    outsider):
    lawyer_b = _make_user("lawyer_b", outsider.organisation, Role.LAWYER)
    intake = _make_user("intake_x", org_a, Role.INTAKE_OFFICER)
    for user in (receiver, outsider, lawyer_b, intake):
        with pytest.raises(PermissionDenied):
            services.record_consent(user=user, case=case_a, recipient=org_c, groups=[],
                                    given_on=TODAY)
        with pytest.raises(PermissionDenied):
            services.withdraw_consent(user=user, consent=consent_c)
    assert Consent.objects.count() == 1 and Consent.objects.get().withdrawn_at is None


def test_withdrawal_is_effective_at_once(client_for, caseworker, receiver, case_a, consent_c,
                                         make_referral):
    referral = make_referral(ReferralStatus.ACCEPTED)
    assert Case.objects.visible_to(receiver).filter(pk=case_a.pk).exists()
    receiving = client_for(receiver)
    assert receiving.get(f"/cases/{case_a.pk}/").status_code == 200
    client = client_for(caseworker)
    confirm = client.get(f"/cases/{case_a.pk}/referrals/consents/{consent_c.pk}/withdraw/")
    assert "1 referral rests on it" in confirm.content.decode()
    response = client.post(f"/cases/{case_a.pk}/referrals/consents/{consent_c.pk}/withdraw/")
    assert response.status_code == 302
    consent_c.refresh_from_db()
    assert consent_c.withdrawn_at is not None and consent_c.withdrawn_by == caseworker
    assert consent_state(consent_c) == "withdrawn"
    # The receiver's next request no longer finds the case.
    assert receiving.get(f"/cases/{case_a.pk}/").status_code == 404
    assert not Case.objects.visible_to(receiver).filter(pk=case_a.pk).exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED  # the referral stays; the sharing ends
    assert AuditEvent.objects.filter(detail__consent_withdrawn=consent_c.pk).count() == 1


def test_withdrawing_twice_says_so(client_for, caseworker, case_a, consent_c):
    services.withdraw_consent(user=caseworker, consent=consent_c)
    with pytest.raises(ValidationError):
        services.withdraw_consent(user=caseworker, consent=consent_c)
    response = client_for(caseworker).post(
        f"/cases/{case_a.pk}/referrals/consents/{consent_c.pk}/withdraw/", follow=True)
    assert "already withdrawn" in response.content.decode()


def test_states(caseworker, case_a, org_c):
    def make(**values):
        return services.record_consent(user=caseworker, case=case_a, recipient=org_c,
                                       groups=[ShareGroup.EVENTS], **values)

    holds = make(given_on=TODAY - DAY)
    ends_today = make(given_on=TODAY - DAY, valid_until=TODAY)
    assert consent_state(holds) == consent_state(ends_today) == "active"
    Consent.objects.filter(pk=ends_today.pk).update(valid_until=TODAY - DAY)
    ends_today.refresh_from_db()
    assert consent_state(ends_today) == "expired"
    Consent.objects.filter(pk=holds.pk).update(given_on=TODAY + DAY)
    holds.refresh_from_db()
    assert consent_state(holds) == "pending"
    assert active_consent(case_a, org_c.pk) is None


def test_the_newest_consent_that_holds_is_the_one_used(caseworker, case_a, org_c):
    old = services.record_consent(user=caseworker, case=case_a, recipient=org_c,
                                  groups=[ShareGroup.EVENTS], given_on=TODAY - 10 * DAY)
    new = services.record_consent(user=caseworker, case=case_a, recipient=org_c,
                                  groups=[ShareGroup.NOTES], given_on=TODAY)
    assert active_consent(case_a, org_c.pk) == new
    services.withdraw_consent(user=caseworker, consent=new)
    assert active_consent(case_a, org_c.pk) == old


def test_the_audit_rows_hold_no_free_text(caseworker, case_a, org_c):
    consent = services.record_consent(user=caseworker, case=case_a, recipient=org_c,
                                      groups=[ShareGroup.IDENTITY], given_on=TODAY)
    services.withdraw_consent(user=caseworker, consent=consent)
    details = list(AuditEvent.objects.filter(object_type="cases.Case").values_list(
        "detail", flat=True))
    assert {"consent_recorded": consent.pk, "recipient": org_c.pk,
            "groups": ["identity"]} in details
    assert {"consent_withdrawn": consent.pk, "recipient": org_c.pk} in details


def test_the_case_history_names_consents_and_referrals(client_for, caseworker, case_a,
                                                       referral, consent_c):
    history = client_for(caseworker).get(f"/cases/{case_a.pk}/history/").content.decode()
    assert "consent to share recorded" in history and "referral sent" in history
