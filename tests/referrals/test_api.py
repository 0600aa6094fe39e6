"""The referral API: the same rules as the pages (consent gate, sides, states, scoping), the
error body of api/errors.py, and the documented contract."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from palermo.accounts.roles import Role
from palermo.core.models import AuditEvent
from palermo.referrals.codes import ReferralStatus
from palermo.referrals.models import Consent, Notification, Referral, ReferralEvent, Service
from tests.api.conftest import bearer, send, token_for
from tests.api.routes import fill, object_operations, operations
from tests.conftest import _make_user
from tests.referrals.conftest import READABLE_BY_ALL, referral_ids

PREFIXES = ("/api/v1/services", "/api/v1/consents", "/api/v1/referrals",
            "/api/v1/notifications")
TODAY = timezone.localdate()
__all__ = ["bearer", "token_for"]


def _mine(path: str) -> bool:
    return path.startswith(PREFIXES)


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def api(bearer):
    return bearer


# --- Authentication and scoping ---------------------------------------------------------------


def test_every_operation_is_documented_with_its_errors(db):
    schema = Client().get("/api/v1/openapi.json").json()
    mine = [(m, p) for m, p in operations() if _mine(p)]
    assert len(mine) == 19
    for method, path in mine:
        operation = schema["paths"][path][method.lower()]
        assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
        assert operation["security"] and operation["summary"]
    for action in ("accept", "decline", "start", "complete", "revoke"):
        responses = schema["paths"][f"/api/v1/referrals/{{referral_id}}/{action}"]["post"]
        assert "409" in responses["responses"]
    assert "sent" in schema["components"]["schemas"]["ReferralStatus"]["enum"]


def test_anonymous_gets_401_everywhere(db):
    for method, path in operations():
        if _mine(path):
            url = path.replace("{", "").replace("}", "")
            _error(send(Client(), method, url, {}), 401, "not_authenticated")


def test_an_organisation_never_party_gets_404_on_every_object_route(
    outsider, client_for, bearer, caseworker, case_a
):
    ids = referral_ids(caseworker, case_a)
    before = (list(Referral.objects.values_list("status", flat=True)),
              list(Notification.objects.values_list("read_at", flat=True)),
              list(Consent.objects.values_list("withdrawn_at", flat=True)))
    for client in (client_for(outsider), bearer(outsider)):
        for method, path in object_operations():
            if not _mine(path) or (method, path) in READABLE_BY_ALL:
                continue
            body = {"reason": "other", "note": "x"} if path.endswith("decline") else {}
            _error(send(client, method, fill(path, ids), body), 404, "not_found")
    after = (list(Referral.objects.values_list("status", flat=True)),
             list(Notification.objects.values_list("read_at", flat=True)),
             list(Consent.objects.values_list("withdrawn_at", flat=True)))
    assert after == before


def test_the_outsider_lists_nothing_of_others(outsider, api, make_referral):
    make_referral(ReferralStatus.ACCEPTED)
    client = api(outsider)
    for direction in ("incoming", "outgoing"):
        assert client.get(f"/api/v1/referrals?direction={direction}").json()["count"] == 0
    assert client.get("/api/v1/notifications").json()["count"] == 0
    assert client.get("/api/v1/consents").json()["items"] == []


def test_roles_without_referrals_get_403(org_a, api, referral):
    analyst = _make_user("analyst_a", org_a, Role.ANALYST)
    client = api(analyst)
    for method, url in (("GET", "/api/v1/referrals"), ("GET", f"/api/v1/referrals/{referral.pk}"),
                        ("POST", f"/api/v1/referrals/{referral.pk}/revoke"),
                        ("GET", "/api/v1/notifications"), ("POST", "/api/v1/notifications/read"),
                        ("GET", "/api/v1/consents"),
                        ("POST", "/api/v1/services")):
        _error(send(client, method, url, {"service_type": "medical", "name": "x",
                                          "region": "y"}), 403, "forbidden")


# --- Services ---------------------------------------------------------------------------------


def test_the_directory_is_listed_and_filtered(api, outsider, receiver, service_c):
    Service.objects.create(organisation=receiver.organisation, service_type="shelter",
                           name="Women's shelter", region="Kazan", capacity_total=5,
                           capacity_free=0, eligible_genders=["Feminine"])
    client = api(outsider)
    everything = client.get("/api/v1/services").json()
    assert everything["count"] == 2
    item = next(i for i in everything["items"] if i["id"] == service_c.pk)
    assert item["organisation"] == {"id": service_c.organisation_id, "name": "Organisation C"}
    assert item["languages"] == ["ru", "uz"] and item["editable"] is False
    assert [i["name"] for i in client.get("/api/v1/services?free=true").json()["items"]] == [
        "Clinic for migrants"]
    assert client.get("/api/v1/services?sex=Masculine&service_type=shelter").json()[
        "count"] == 0
    assert client.get("/api/v1/services?region=kazan").json()["count"] == 1
    _error(client.get("/api/v1/services?service_type=spa"), 422, "invalid")
    _error(client.get("/api/v1/services?citizenship=XX"), 422, "invalid")
    assert client.get(f"/api/v1/services/{service_c.pk}").json()["name"] == "Clinic for migrants"


def test_services_are_created_and_changed_by_their_organisation_only(
    api, receiver, outsider, admin_c, service_c
):
    client = api(admin_c)
    created = send(client, "post", "/api/v1/services", {
        "service_type": "legal_aid", "name": "Legal clinic", "region": "St Petersburg",
        "eligible_nationalities": ["uz", "TJ"], "min_age": 18})
    assert created.status_code == 201, created.content
    assert created.json()["eligible_nationalities"] == ["UZ", "TJ"]
    assert created.json()["editable"] is True
    changed = send(api(receiver), "patch", f"/api/v1/services/{service_c.pk}",
                   {"capacity_free": 0})
    assert changed.status_code == 200 and changed.json()["capacity_free"] == 0
    _error(send(api(outsider), "patch", f"/api/v1/services/{service_c.pk}",
                {"capacity_free": 9}), 404, "not_found")
    assert Service.objects.get(pk=service_c.pk).capacity_free == 0


@pytest.mark.parametrize(("body", "field"), [
    ({"capacity_free": 11}, "capacity_free"),
    ({"min_age": 30, "max_age": 20}, "max_age"),
    ({"eligible_nationalities": ["ZZ"]}, "eligible_nationalities"),
    ({"languages": ["xx"]}, "languages"),
    ({"capacity_total": -1}, "capacity_total"),
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"colour": "red"}, "colour"),
])
def test_bad_service_input_is_refused_with_the_field_named(api, receiver, service_c, body,
                                                          field):
    before = Service.objects.values().get(pk=service_c.pk)
    error = _error(send(api(receiver), "patch", f"/api/v1/services/{service_c.pk}", body), 422,
                   "invalid")
    assert any(name.split(".")[0] == field for name in error["fields"]), error
    assert Service.objects.values().get(pk=service_c.pk) == before


# --- Consents ---------------------------------------------------------------------------------


def test_consents_are_recorded_listed_and_withdrawn_by_the_owner(api, caseworker, case_a,
                                                                 org_c, receiver):
    client = api(caseworker)
    created = send(client, "post", "/api/v1/consents", {
        "case_id": case_a.pk, "recipient_id": org_c.pk, "groups": ["events", "notes"],
        "given_on": str(TODAY)})
    assert created.status_code == 201, created.content
    consent = created.json()
    assert consent["state"] == "active" and consent["case_code"] == case_a.code
    listed = client.get(f"/api/v1/consents?case_id={case_a.pk}").json()["items"]
    assert [c["id"] for c in listed] == [consent["id"]]
    # The receiver never sees consents.
    _error(api(receiver).get(f"/api/v1/consents/{consent['id']}"), 404, "not_found")
    withdrawn = send(client, "post", f"/api/v1/consents/{consent['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    _error(send(client, "post", f"/api/v1/consents/{consent['id']}/withdraw"), 422, "invalid")


@pytest.mark.parametrize(("body", "field"), [
    ({"given_on": str(TODAY + datetime.timedelta(days=1))}, "given_on"),
    ({"valid_until": str(TODAY - datetime.timedelta(days=1))}, "valid_until"),
    ({"groups": ["everything"]}, "groups.0"),
    ({"given_on": "yesterday"}, "given_on"),
    ({"case_id": 999999}, "case_id"),
    ({"recipient_id": 999999}, "recipient_id"),
])
def test_bad_consent_input_is_refused(api, caseworker, case_a, org_c, body, field):
    payload = {"case_id": case_a.pk, "recipient_id": org_c.pk, "groups": [],
               "given_on": str(TODAY), **body}
    error = _error(send(api(caseworker), "post", "/api/v1/consents", payload), 422, "invalid")
    assert field in error["fields"]
    assert not Consent.objects.exists()


def test_a_consent_to_ones_own_organisation_is_refused(api, caseworker, case_a):
    error = _error(send(api(caseworker), "post", "/api/v1/consents", {
        "case_id": case_a.pk, "recipient_id": caseworker.organisation_id,
        "given_on": str(TODAY)}), 422, "invalid")
    assert "recipient" in error["fields"]


# --- Referrals --------------------------------------------------------------------------------


def test_the_consent_gate_refuses_without_consent_and_writes_nothing(api, caseworker, case_a,
                                                                    service_c):
    client = api(caseworker)
    before = (Referral.objects.count(), AuditEvent.objects.count())
    error = _error(send(client, "post", "/api/v1/referrals",
                        {"case_id": case_a.pk, "service_id": service_c.pk}), 422, "no_consent")
    assert "has not given a consent" in error["message"]
    assert (Referral.objects.count(), AuditEvent.objects.count()) == before


def test_an_override_needs_the_role_and_a_reason(api, caseworker, coordinator, case_a,
                                                 service_c):
    from palermo.cases import services as case_services

    _error(send(api(caseworker), "post", "/api/v1/referrals", {
        "case_id": case_a.pk, "service_id": service_c.pk, "override_reason": "urgent"}),
        403, "forbidden")
    person = case_services.create_person(user=coordinator, gender="Masculine")
    case = case_services.create_case(user=coordinator, persons=[person], case_type="Other",
                                     opened_on=TODAY)
    client = api(coordinator)
    _error(send(client, "post", "/api/v1/referrals", {
        "case_id": case.pk, "service_id": service_c.pk, "groups": ["contact"]}), 422, "invalid")
    sent = send(client, "post", "/api/v1/referrals", {
        "case_id": case.pk, "service_id": service_c.pk, "groups": ["contact"],
        "override_reason": "The person is in hospital and cannot sign."})
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["override"] is True and body["consent_id"] is None
    assert body["override_reason"] == "The person is in hospital and cannot sign."
    assert body["groups"] == ["contact"] and body["actions"] == ["revoke"]
    assert AuditEvent.objects.filter(detail__consent_override=True).count() == 1


def test_the_whole_workflow_over_the_api(api, caseworker, receiver, case_a, service_c,
                                         consent_c):
    sender, receiving = api(caseworker), api(receiver)
    sent = send(sender, "post", "/api/v1/referrals", {
        "case_id": case_a.pk, "service_id": service_c.pk, "message": "Needs a doctor."})
    assert sent.status_code == 201, sent.content
    referral = sent.json()
    assert referral["status"] == "sent" and referral["consent_id"] == consent_c.pk
    assert sorted(referral["groups"]) == ["events", "narrative"]
    seen = receiving.get(f"/api/v1/referrals/{referral['id']}").json()
    assert seen["consent_id"] is None and seen["override"] is None
    assert seen["override_reason"] is None and seen["message"] == "Needs a doctor."
    assert seen["actions"] == ["accept", "decline"]
    # The wrong side: 403, nothing changes.
    _error(send(sender, "post", f"/api/v1/referrals/{referral['id']}/accept"), 403, "forbidden")
    _error(send(receiving, "post", f"/api/v1/referrals/{referral['id']}/revoke"), 403,
           "forbidden")
    accepted = send(receiving, "post", f"/api/v1/referrals/{referral['id']}/accept").json()
    assert accepted["status"] == "accepted" and accepted["shares_case"] is True
    assert receiving.get(f"/api/v1/cases/{case_a.pk}").status_code == 200
    assert send(receiving, "post", f"/api/v1/referrals/{referral['id']}/start").json()[
        "status"] == "in_progress"
    revoked = send(sender, "post", f"/api/v1/referrals/{referral['id']}/revoke").json()
    assert revoked["status"] == "revoked" and revoked["actions"] == []
    assert [e["to_status"] for e in revoked["events"]] == [
        "sent", "accepted", "in_progress", "revoked"]
    assert receiving.get(f"/api/v1/cases/{case_a.pk}").status_code == 404
    # A state that moved on: 409 with a clear message, nothing written.
    before = ReferralEvent.objects.count()
    error = _error(send(receiving, "post", f"/api/v1/referrals/{referral['id']}/complete"),
                   409, "transition_refused")
    assert "can no longer be completed" in error["message"]
    assert ReferralEvent.objects.count() == before
    incoming = receiving.get("/api/v1/referrals?direction=incoming&status=revoked").json()
    assert [r["id"] for r in incoming["items"]] == [referral["id"]]
    assert sender.get("/api/v1/referrals").json()["count"] == 0  # nothing sent to A


def test_decline_needs_a_reason_and_a_note(api, receiver, referral):
    client = api(receiver)
    for body in ({}, {"reason": "no_capacity"}, {"reason": "no_capacity", "note": ""},
                 {"reason": "bored", "note": "x"}, {"reason": "other", "note": "x", "y": 1}):
        _error(send(client, "post", f"/api/v1/referrals/{referral.pk}/decline", body), 422,
               "invalid")
    assert Referral.objects.get().status == ReferralStatus.SENT
    error = _error(send(client, "post", f"/api/v1/referrals/{referral.pk}/decline", {}), 422,
                   "invalid")
    assert set(error["fields"]) == {"reason", "note"}
    declined = send(client, "post", f"/api/v1/referrals/{referral.pk}/decline",
                    {"reason": "no_capacity", "note": "No beds until Monday."}).json()
    assert declined["status"] == "declined" and declined["decline_reason"] == "no_capacity"


def test_bad_referral_input_is_refused(api, caseworker, case_a, service_c, consent_c,
                                       outsider):
    client = api(caseworker)
    for body, field in (({"case_id": case_a.pk}, "service_id"),
                        ({"case_id": case_a.pk, "service_id": 999999}, "service_id"),
                        ({"case_id": 999999, "service_id": service_c.pk}, "case_id"),
                        ({"case_id": case_a.pk, "service_id": service_c.pk,
                          "message": "x" * 5001}, "message"),
                        ({"case_id": case_a.pk, "service_id": service_c.pk,
                          "groups": ["all"]}, "groups.0")):
        error = _error(send(client, "post", "/api/v1/referrals", body), 422, "invalid")
        assert field in error["fields"], (body, error)
    # Another organisation's case is not found for sending either.
    error = _error(send(api(outsider), "post", "/api/v1/referrals",
                        {"case_id": case_a.pk, "service_id": service_c.pk}), 422, "invalid")
    assert "case_id" in error["fields"]
    assert not Referral.objects.exists()


# --- Notifications ----------------------------------------------------------------------------


def test_notifications_are_listed_and_marked_read(api, caseworker, receiver, make_referral,
                                                  case_a):
    referral = make_referral(ReferralStatus.ACCEPTED)
    sender, receiving = api(caseworker), api(receiver)
    listed = sender.get("/api/v1/notifications").json()
    assert listed["unread"] == 1 and listed["count"] == 1
    item = listed["items"][0]
    assert item["message"] == f"Case {case_a.code} referral accepted by Organisation C"
    assert item["referral_id"] == referral.pk and item["read_at"] is None
    assert receiving.get("/api/v1/notifications?unread=true").json()["items"][0]["message"] == (
        f"Case {case_a.code} referred to you by Organisation A")
    # Another organisation cannot mark it read.
    _error(send(receiving, "post", f"/api/v1/notifications/{item['id']}/read"), 404,
           "not_found")
    read = send(sender, "post", f"/api/v1/notifications/{item['id']}/read").json()
    assert read["read_at"] is not None
    assert sender.get("/api/v1/notifications").json()["unread"] == 0
    assert send(receiving, "post", "/api/v1/notifications/read").json() == {"marked": 1}
    assert receiving.get("/api/v1/notifications?unread=true").json()["count"] == 0


def test_expected_status_refuses_an_action_on_a_changed_referral(api, receiver, caseworker,
                                                                 referral):
    send(api(receiver), "post", f"/api/v1/referrals/{referral.pk}/accept")
    sender = api(caseworker)
    error = _error(send(sender, "post",
                        f"/api/v1/referrals/{referral.pk}/revoke?expected_status=sent"),
                   409, "transition_refused")
    assert "changed while you were looking" in error["message"]
    assert Referral.objects.get().status == ReferralStatus.ACCEPTED
    _error(send(sender, "post",
                f"/api/v1/referrals/{referral.pk}/revoke?expected_status=gone"), 422, "invalid")
