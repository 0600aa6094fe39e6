"""Referrals: the consent gate, the workflow (every action × side × state, as transitions.py
says), events, notifications and audit rows per change, and the pages for each side."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palermo.accounts.models import User
from palermo.accounts.roles import Role
from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.referrals import services
from palermo.referrals.codes import ReferralStatus, ShareGroup
from palermo.referrals.models import Consent, Notification, Referral, ReferralEvent, Service
from palermo.referrals.sharing import shared_case_ids
from palermo.referrals.transitions import TRANSITIONS, Side
from tests.conftest import _make_user
from tests.referrals.conftest import PATH_TO

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _counts() -> tuple[int, int, int, int]:
    return (Referral.objects.count(), ReferralEvent.objects.count(),
            Notification.objects.count(), AuditEvent.objects.count())


# --- The consent gate -------------------------------------------------------------------------


def test_no_consent_refuses_the_referral_with_a_clear_message_and_writes_nothing(
    caseworker, case_a, service_c
):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.send_referral(user=caseworker, case=case_a, service=service_c)
    message = " ".join(refused.value.messages)
    assert "has not given a consent" in message and "Organisation C" in message
    assert case_a.code in message
    assert _counts() == before


def test_a_consent_to_another_organisation_does_not_open_the_gate(
    caseworker, case_a, service_c, org_b
):
    services.record_consent(user=caseworker, case=case_a, recipient=org_b, groups=[],
                            given_on=YESTERDAY)
    with pytest.raises(ValidationError):
        services.send_referral(user=caseworker, case=case_a, service=service_c)
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_refuses_the_referral(caseworker, case_a, service_c, consent_c):
    services.withdraw_consent(user=caseworker, consent=consent_c)
    with pytest.raises(ValidationError, match="withdrawn or expired"):
        services.send_referral(user=caseworker, case=case_a, service=service_c)
    assert not Referral.objects.exists()


def test_an_expired_consent_refuses_the_referral(caseworker, case_a, service_c, org_c):
    consent = services.record_consent(user=caseworker, case=case_a, recipient=org_c,
                                      groups=[ShareGroup.EVENTS], given_on=YESTERDAY,
                                      valid_until=timezone.localdate())
    Consent.objects.filter(pk=consent.pk).update(valid_until=YESTERDAY)
    with pytest.raises(ValidationError):
        services.send_referral(user=caseworker, case=case_a, service=service_c)
    assert not Referral.objects.exists()


def test_the_referral_takes_its_groups_and_end_date_from_the_consent(
    caseworker, case_a, service_c, org_c
):
    until = timezone.localdate() + datetime.timedelta(days=30)
    consent = services.record_consent(user=caseworker, case=case_a, recipient=org_c,
                                      groups=[ShareGroup.CONTACT, ShareGroup.NOTES],
                                      given_on=YESTERDAY, valid_until=until)
    referral = services.send_referral(user=caseworker, case=case_a, service=service_c,
                                      override_reason="ignored where consent holds",
                                      override_groups=[ShareGroup.IDENTITY])
    assert referral.consent == consent
    assert sorted(referral.groups) == [ShareGroup.CONTACT, ShareGroup.NOTES]
    assert referral.valid_until == until
    assert referral.override_reason == ""
    row = AuditEvent.objects.filter(object_type="cases.Case").latest("seq")
    assert row.detail["referral_sent"] == referral.pk and row.detail["consent"] == consent.pk
    assert "consent_override" not in row.detail


def test_override_needs_the_role(caseworker, case_a, service_c):
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.send_referral(user=caseworker, case=case_a, service=service_c,
                               override_reason="Urgent: no way to reach the person.",
                               override_groups=[ShareGroup.CONTACT])
    assert _counts() == before


@pytest.fixture
def coordinator_case(coordinator: User, person_a) -> Case:
    from palermo.cases import services as case_services

    person = case_services.create_person(user=coordinator, gender="Feminine", birth_year=1990)
    return case_services.create_case(user=coordinator, persons=[person], case_type="Other",
                                     opened_on=YESTERDAY)


def test_override_needs_a_written_reason(coordinator, coordinator_case, service_c):
    before = _counts()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.send_referral(user=coordinator, case=coordinator_case, service=service_c,
                                   override_reason=reason, override_groups=[ShareGroup.CONTACT])
        assert "override_reason" in refused.value.message_dict
    assert _counts() == before


def test_an_override_is_encrypted_and_audit_logged_as_such(
    coordinator, coordinator_case, service_c
):
    referral = services.send_referral(
        user=coordinator, case=coordinator_case, service=service_c,
        override_reason="Medical emergency; the person is unconscious.",
        override_groups=[ShareGroup.IDENTITY, ShareGroup.CONTACT])
    referral.refresh_from_db()
    assert referral.consent is None
    assert referral.override_reason == "Medical emergency; the person is unconscious."
    assert sorted(referral.groups) == [ShareGroup.CONTACT, ShareGroup.IDENTITY]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT override_reason FROM referrals_referral WHERE id = %s",
                       [referral.pk])
        stored = cursor.fetchone()[0]
    assert "unconscious" not in str(stored)
    row = AuditEvent.objects.filter(object_type="cases.Case",
                                    detail__referral_sent=referral.pk).get()
    assert row.detail["consent_override"] is True
    assert row.detail["groups"] == ["contact", "identity"]
    assert "unconscious" not in str(row.detail)


def test_only_the_cases_owner_refers_it(outsider, case_a, service_c, consent_c):
    with pytest.raises(PermissionDenied):
        services.send_referral(user=outsider, case=case_a, service=service_c)


def test_roles_that_do_not_refer_cannot_send(org_a, case_a, service_c, consent_c):
    for role in (Role.INTAKE_OFFICER, Role.ANALYST, Role.ORG_ADMIN):
        user = _make_user(f"no-refer-{role}", org_a, role)
        with pytest.raises(PermissionDenied):
            services.send_referral(user=user, case=case_a, service=service_c)
    assert not Referral.objects.exists()


def test_a_service_of_ones_own_organisation_is_refused(caseworker, case_a):
    own = services.create_service(user=caseworker, service_type="legal_aid", name="Own",
                                  region="Moscow")
    with pytest.raises(ValidationError):
        services.send_referral(user=caseworker, case=case_a, service=own)


def test_an_inactive_service_and_a_duplicate_are_refused(referral, caseworker, case_a,
                                                         service_c, receiver):
    with pytest.raises(ValidationError, match="open referral"):
        services.send_referral(user=caseworker, case=case_a, service=service_c)
    services.update_service(user=receiver, service=service_c, active=False)
    services.transition(user=caseworker, referral=referral, action="revoke")
    with pytest.raises(ValidationError, match="not accepting"):
        services.send_referral(user=caseworker, case=case_a, service=service_c)


# --- The workflow: every action x side x state -------------------------------------------------

CASES = list(itertools.product(TRANSITIONS, Side, ReferralStatus.values))


@pytest.mark.parametrize(("action", "side", "state"), CASES)
def test_each_action_is_allowed_only_to_its_side_from_its_states(
    make_referral, caseworker, receiver, action, side, state
):
    referral = make_referral(state)
    user = caseworker if side == Side.SENDER else receiver
    allowed_side, sources, goal = TRANSITIONS[action]
    extra = ({"decline_reason": "not_offered", "decline_note": "We only treat adults."}
             if action == "decline" else {})
    before = (_counts(), Referral.objects.get(pk=referral.pk).status)
    if side != allowed_side:
        with pytest.raises(PermissionDenied):
            services.transition(user=user, referral=referral, action=action, **extra)
        assert (_counts(), Referral.objects.get(pk=referral.pk).status) == before
    elif state not in sources:
        with pytest.raises(services.TransitionRefused) as refused:
            services.transition(user=user, referral=referral, action=action, **extra)
        assert "Nothing was changed" in str(refused.value)
        assert (_counts(), Referral.objects.get(pk=referral.pk).status) == before
    else:
        moved = services.transition(user=user, referral=referral, action=action, **extra)
        assert moved.status == goal == Referral.objects.get(pk=referral.pk).status
        event = ReferralEvent.objects.filter(referral=referral).latest("id")
        assert (event.from_status, event.to_status, event.actor) == (state, goal, user)
        notice = Notification.objects.filter(referral=referral).latest("id")
        other = referral.receiver if side == Side.SENDER else referral.sender
        assert (notice.organisation, notice.status) == (other, goal)
        row = AuditEvent.objects.latest("seq")
        assert row.object_type == "referrals.Referral" and row.object_ids == [str(referral.pk)]
        assert row.detail["transition"] == action and row.detail["to"] == goal


def test_the_table_covers_every_state():
    assert set(PATH_TO) == set(ReferralStatus.values)


def test_outsiders_and_roles_without_referrals_cannot_act(referral, outsider, org_c, org_a):
    users = [outsider, _make_user("analyst_c", org_c, Role.ANALYST),
             _make_user("intake_a2", org_a, Role.INTAKE_OFFICER)]
    for user, action in itertools.product(users, TRANSITIONS):
        with pytest.raises(PermissionDenied):
            services.transition(user=user, referral=referral, action=action,
                                decline_reason="other", decline_note="x")
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_decline_needs_a_reason_code_and_a_note(referral, receiver):
    before = _counts()
    for reason, note in (("", "full"), ("no_capacity", ""), ("no_capacity", "   "),
                         ("bogus", "full")):
        with pytest.raises(ValidationError):
            services.transition(user=receiver, referral=referral, action="decline",
                                decline_reason=reason, decline_note=note)
    assert _counts() == before
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_a_decline_keeps_its_note_encrypted_out_of_the_audit_log(referral, receiver):
    services.transition(user=receiver, referral=referral, action="decline",
                        decline_reason="no_capacity", decline_note="All twelve beds taken.")
    referral.refresh_from_db()
    assert referral.decline_note == "All twelve beds taken."
    assert referral.closed_at is not None and referral.responded_at is not None
    assert "beds" not in str(AuditEvent.objects.latest("seq").detail)


def test_acceptance_shares_the_case_and_revocation_ends_it_at_once(
    make_referral, caseworker, receiver, case_a
):
    referral = make_referral(ReferralStatus.ACCEPTED)
    assert list(Case.objects.visible_to(receiver)) == [case_a]
    services.transition(user=caseworker, referral=referral, action="revoke")
    assert not Case.objects.visible_to(receiver).exists()
    assert not shared_case_ids(receiver).exists()


def test_visibility_is_own_organisation_or_listed_ids_not_a_subquery(
    make_referral, caseworker, receiver, case_a
):
    """"Own organisation OR id IN (subquery)" makes PostgreSQL read every case of every
    organisation; with the shared ids read first it answers from two indexes."""
    from palermo.cases.models import Person

    assert "referral" not in str(Case.objects.visible_to(caseworker).query).lower()
    make_referral(ReferralStatus.ACCEPTED)
    for queryset in (Case.objects.visible_to(receiver), Person.objects.visible_to(receiver)):
        sql = str(queryset.query).lower()
        assert "referral" not in sql and "select" not in sql.split("where", 1)[1]
    assert list(Case.objects.visible_to(receiver)) == [case_a]
    assert set(Person.objects.visible_to(receiver)) == set(case_a.persons.all())


# --- Pages ------------------------------------------------------------------------------------


def test_the_sender_sends_a_referral_from_the_case(client_for, caseworker, case_a, service_c,
                                                  consent_c):
    client = client_for(caseworker)
    page = client.get(f"/cases/{case_a.pk}/referrals/new/")
    assert page.status_code == 200 and "Clinic for migrants" in page.content.decode()
    response = client.post(f"/cases/{case_a.pk}/referrals/new/",
                           {"service": service_c.pk, "message": "Needs a check-up."})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.message == "Needs a check-up." and referral.consent == consent_c


def test_the_send_page_refuses_without_consent_with_the_message(
    client_for, caseworker, case_a, service_c
):
    response = client_for(caseworker).post(f"/cases/{case_a.pk}/referrals/new/",
                                           {"service": service_c.pk})
    assert response.status_code == 400
    assert "has not given a consent" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_send_page_offers_the_override_only_to_those_who_may(
    client_for, caseworker, coordinator, case_a, coordinator_case, service_c
):
    assert "override_reason" not in client_for(caseworker).get(
        f"/cases/{case_a.pk}/referrals/new/").content.decode()
    client = client_for(coordinator)
    assert "override_reason" in client.get(
        f"/cases/{coordinator_case.pk}/referrals/new/").content.decode()
    response = client.post(f"/cases/{coordinator_case.pk}/referrals/new/", {
        "service": service_c.pk, "override_reason": "Cannot reach the person in time.",
        "override_groups": ["contact"]})
    assert response.status_code == 302
    assert Referral.objects.get().groups == ["contact"]


def test_a_caseworker_posting_an_override_gets_403(client_for, caseworker, case_a, service_c):
    response = client_for(caseworker).post(f"/cases/{case_a.pk}/referrals/new/", {
        "service": service_c.pk, "override_reason": "because"})
    # The form has no such field for a caseworker: it is ignored and the gate refuses.
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_send_page_filters_services_by_the_persons_eligibility(
    client_for, caseworker, case_a, receiver, consent_c
):
    services.create_service(user=receiver, service_type="shelter", name="Shelter for men",
                            region="St Petersburg", eligible_genders=["Masculine"])
    services.create_service(user=receiver, service_type="shelter", name="Shelter for women",
                            region="St Petersburg", eligible_genders=["Feminine"],
                            eligible_nationalities="UZ,TJ")
    services.create_service(user=receiver, service_type="education", name="School",
                            region="St Petersburg", max_age=17)
    client = client_for(caseworker)
    page = client.get(f"/cases/{case_a.pk}/referrals/new/").content.decode()
    assert "Shelter for women" in page
    assert "Shelter for men" not in page and "School" not in page
    everything = client.get(f"/cases/{case_a.pk}/referrals/new/?all=1").content.decode()
    assert "Shelter for men" in everything and "School" in everything


def test_the_send_form_rejects_bad_input(client_for, caseworker, case_a, consent_c, org_b):
    other = Service.objects.create(organisation=org_b, service_type="shelter", name="Far",
                                   region="Kazan", active=False)
    client = client_for(caseworker)
    for data in ({}, {"service": "abc"}, {"service": 999999}, {"service": other.pk},
                 {"service": "", "message": "x" * 6000}):
        response = client.post(f"/cases/{case_a.pk}/referrals/new/", data)
        assert response.status_code == 400, data
        assert "There is a problem" in response.content.decode()
    assert not Referral.objects.exists()


def test_lists_show_incoming_and_outgoing_newest_first(client_for, caseworker, receiver,
                                                       make_referral, case_a):
    first = make_referral(ReferralStatus.REVOKED)
    second = make_referral(ReferralStatus.SENT)
    incoming = client_for(receiver).get("/referrals/").content.decode()
    assert incoming.index(f"/referrals/{second.pk}/") < incoming.index(f"/referrals/{first.pk}/")
    outgoing = client_for(caseworker).get("/referrals/?box=outgoing").content.decode()
    assert f"/referrals/{first.pk}/" in outgoing and f"/referrals/{second.pk}/" in outgoing
    assert "/referrals/" + str(second.pk) not in client_for(caseworker).get(
        "/referrals/").content.decode()
    revoked = client_for(receiver).get("/referrals/?status=revoked").content.decode()
    assert f"/referrals/{first.pk}/" in revoked and f"/referrals/{second.pk}/" not in revoked


def test_the_list_makes_a_fixed_number_of_queries(client_for, receiver, make_referral,
                                                  django_assert_max_num_queries):
    for state in (ReferralStatus.REVOKED, ReferralStatus.DECLINED, ReferralStatus.SENT):
        make_referral(state)
    client = client_for(receiver)
    with django_assert_max_num_queries(16):
        assert client.get("/referrals/").status_code == 200


def test_the_receiver_accepts_on_the_page_and_the_sender_sees_it(client_for, caseworker,
                                                                receiver, referral):
    client = client_for(receiver)
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Accept the referral" in page and "Revoke" not in page
    assert "Needs a check-up." in page
    response = client.post(f"/referrals/{referral.pk}/transition/", {"action": "accept"})
    assert response.status_code == 302
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
    sender_page = client_for(caseworker).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Revoke the referral" in sender_page and "Accept the referral" not in sender_page


def test_the_wrong_side_gets_403_on_the_page(client_for, caseworker, receiver, referral):
    assert client_for(caseworker).post(f"/referrals/{referral.pk}/transition/",
                                       {"action": "accept"}).status_code == 403
    assert client_for(receiver).post(f"/referrals/{referral.pk}/transition/",
                                     {"action": "revoke"}).status_code == 403
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_a_state_that_moved_on_gives_a_clear_message_and_changes_nothing(
    client_for, caseworker, receiver, make_referral
):
    referral = make_referral(ReferralStatus.REVOKED)
    before = _counts()
    client = client_for(receiver)
    response = client.post(f"/referrals/{referral.pk}/transition/", {"action": "accept"},
                           follow=True)
    assert "can no longer be accepted" in response.content.decode()
    assert _counts()[:3] == before[:3]
    assert Referral.objects.get().status == ReferralStatus.REVOKED


def test_decline_on_the_page_needs_reason_and_note(client_for, receiver, referral):
    client = client_for(receiver)
    for data in ({}, {"decline_reason": "no_capacity"}, {"decline_note": "full"},
                 {"decline_reason": "nonsense", "decline_note": "full"}):
        response = client.post(f"/referrals/{referral.pk}/transition/",
                               {"action": "decline", **data})
        assert response.status_code == 400, data
        assert "There is a problem" in response.content.decode()
    assert Referral.objects.get().status == ReferralStatus.SENT
    response = client.post(f"/referrals/{referral.pk}/transition/", {
        "action": "decline", "decline_reason": "no_capacity", "decline_note": "Full."})
    assert response.status_code == 302
    assert Referral.objects.get().status == ReferralStatus.DECLINED


def test_an_unknown_action_changes_nothing(client_for, receiver, referral):
    response = client_for(receiver).post(f"/referrals/{referral.pk}/transition/",
                                         {"action": "delete"}, follow=True)
    assert "Unknown action" in response.content.decode()
    assert Referral.objects.get().status == ReferralStatus.SENT


def test_the_receiver_sees_the_summary_but_not_the_consent_or_override(
    client_for, receiver, referral
):
    page = client_for(receiver).get(f"/referrals/{referral.pk}/").content.decode()
    assert referral.case.code in page and "Case summary" in page
    assert "On the basis of" not in page and "consent given on" not in page


def test_the_receiver_is_told_when_the_consent_behind_an_accepted_referral_is_withdrawn(
    client_for, caseworker, receiver, make_referral, consent_c
):
    referral = make_referral(ReferralStatus.ACCEPTED)
    services.withdraw_consent(user=caseworker, consent=consent_c)
    page = client_for(receiver).get(f"/referrals/{referral.pk}/").content.decode()
    assert "no longer shared" in page and "Case summary" not in page
    assert f'href="/cases/{referral.case_id}/"' not in page


def test_the_case_tab_lists_the_referrals_and_offers_sending(client_for, caseworker, referral,
                                                            case_a):
    page = client_for(caseworker).get(f"/cases/{case_a.pk}/referrals/").content.decode()
    assert "Clinic for migrants" in page and "Refer to a service" in page
    assert "Organisation C" in page


def test_referral_pages_are_403_for_roles_without_referrals(client_for, org_a, referral):
    analyst = _make_user("analyst_a", org_a, Role.ANALYST)
    admin = _make_user("admin_a2", org_a, Role.ORG_ADMIN)
    for user in (analyst, admin):
        client = client_for(user)
        for url in ("/referrals/", f"/referrals/{referral.pk}/",
                    "/referrals/notifications/"):
            assert client.get(url).status_code == 403, (user.role, url)


def test_an_action_on_a_referral_that_changed_since_it_was_shown_is_refused(
    client_for, caseworker, receiver, referral
):
    """The sender's page showed "sent"; the receiver accepted meanwhile: the revoke button the
    sender pressed does not revoke an acceptance they have not seen."""
    services.transition(user=receiver, referral=referral, action="accept")
    before = _counts()
    response = client_for(caseworker).post(f"/referrals/{referral.pk}/transition/",
                                           {"action": "revoke", "status": "sent"}, follow=True)
    assert "changed while you were looking at it" in response.content.decode()
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
    assert _counts()[:3] == before[:3]
    page = client_for(caseworker).get(f"/referrals/{referral.pk}/").content.decode()
    assert 'name="status" value="accepted"' in page
