"""Who may call what: anonymous and dead tokens get 401 everywhere, the outsider 404 on every
object route, roles that may not edit 403 on writes, and analysts see no records."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.api.conftest import send
from tests.api.routes import fill, object_operations, operations, url_routes
from tests.complaints.conftest import make_complaint
from tests.estimates.conftest import make_estimate
from tests.referrals.conftest import READABLE_BY_ALL, referral_ids

from palermo.accounts.middleware import LAST_SEEN
from palermo.api.models import ApiToken
from palermo.cases.models import Case, Person
from palermo.core.models import AuditEvent


def test_every_url_route_is_a_documented_operation(db):
    documented = {path for _method, path in operations()}
    assert url_routes() == documented


def test_there_are_object_routes_to_check():
    assert len(object_operations()) >= 4


def _assert_401(response):
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["Content-Type"] == "application/json"


def test_anonymous_gets_401_on_every_operation(db):
    for method, path in operations():
        url = path.replace("{", "").replace("}", "").replace("_id", "1")
        _assert_401(send(Client(), method, url, {}))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer plm_not-a-real-token-000000000000000000000000000",
        "Bearer ",
        "Bearer garbage",
        "Basic dXNlcjpwYXNz",
        "Token plm_abc",
    ],
)
def test_a_bad_token_gets_401_on_every_operation(db, header):
    client = Client(headers={"Authorization": header})
    for method, path in operations():
        url = path.replace("{", "").replace("}", "").replace("_id", "1")
        _assert_401(send(client, method, url, {}))


def test_a_bad_token_is_refused_even_with_a_valid_session(caseworker, client_for):
    client = client_for(caseworker)
    assert client.get("/api/v1/me").status_code == 200
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer plm_wrong"})
    _assert_401(response)


def test_a_live_token_works_on_every_operation_without_a_session(caseworker, bearer, case_a):
    client = bearer(caseworker)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == caseworker.username
    assert client.get(f"/api/v1/cases/{case_a.pk}").status_code == 200
    response = send(client, "patch", f"/api/v1/cases/{case_a.pk}", {"status": "FollowUp"})
    assert response.status_code == 200


def test_an_expired_token_gets_401(caseworker, token_for, case_a):
    raw = token_for(caseworker, days=1)
    ApiToken.objects.update(expires_at="2000-01-01T00:00:00Z")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    for method, path in operations():
        url = path.replace("{case_id}", str(case_a.pk)).replace("{person_id}", "1")
        _assert_401(send(client, method, url, {}))


def test_a_revoked_token_gets_401(caseworker, token_for):
    from palermo.api import tokens

    raw = token_for(caseworker)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").status_code == 200
    tokens.revoke_tokens(tokens=list(ApiToken.objects.all()))
    _assert_401(client.get("/api/v1/me"))


def test_disabling_the_user_kills_their_tokens(caseworker, token_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(caseworker)}"})
    assert client.get("/api/v1/me").status_code == 200
    caseworker.is_active = False
    caseworker.save()
    _assert_401(client.get("/api/v1/me"))


def test_signing_out_everywhere_kills_tokens(caseworker, token_for, client_for):
    client = Client(headers={"Authorization": f"Bearer {token_for(caseworker)}"})
    assert client.get("/api/v1/me").status_code == 200
    browser = client_for(caseworker)
    assert browser.post("/accounts/logout/everywhere/").status_code == 302
    _assert_401(client.get("/api/v1/me"))


def test_a_token_is_used_without_csrf_but_a_session_write_needs_it(
    caseworker, bearer, person_a, client_for
):
    token_client = bearer(caseworker)
    token_client.handler.enforce_csrf_checks = True
    response = send(token_client, "patch", f"/api/v1/persons/{person_a.pk}", {"birth_year": 1997})
    assert response.status_code == 200

    browser = Client(enforce_csrf_checks=True)
    browser.cookies = client_for(caseworker).cookies
    response = send(browser, "patch", f"/api/v1/persons/{person_a.pk}", {"birth_year": 1990})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    person_a.refresh_from_db()
    assert person_a.birth_year == 1997
    # With the token from the cookie, as a page's script would send it.
    browser.get("/")
    csrf = browser.cookies[next(n for n in browser.cookies if "csrf" in n.lower())].value
    response = browser.patch(
        f"/api/v1/persons/{person_a.pk}", data={"birth_year": 1990},
        content_type="application/json", headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200


def test_a_session_without_second_factor_gets_401(settings, caseworker, client_for):
    client = client_for(caseworker)
    settings.REQUIRE_2FA = True
    assert client.get("/api/v1/cases").status_code == 401


def test_the_outsider_gets_404_on_every_object_route(
    outsider, client_for, bearer, case_a, person_a, caseworker
):
    ids = {"case_id": case_a.pk, "person_id": person_a.pk, **referral_ids(caseworker, case_a),
           "complaint_id": make_complaint(case_a.organisation)[0].pk,
           "estimate_id": make_estimate(case_a.organisation)}

    before = (Case.objects.get().updated_at, Person.objects.get().updated_at)
    for client in (client_for(outsider), bearer(outsider)):
        for method, path in object_operations():
            if (method, path) in READABLE_BY_ALL:
                continue
            response = send(client, method, fill(path, ids), {})
            assert response.status_code == 404, (method, path)
            assert response.json()["error"]["code"] == "not_found"
    assert (Case.objects.get().updated_at, Person.objects.get().updated_at) == before


def test_the_outsider_lists_none_of_org_a(outsider, client_for, case_a):
    client = client_for(outsider)
    assert client.get("/api/v1/cases").json()["count"] == 0
    assert client.get("/api/v1/persons").json()["count"] == 0
    assert client.get(f"/api/v1/cases?q={case_a.code}").json()["items"] == []
    assert client.get("/api/v1/persons?q=Dilnoza Karimova").json()["items"] == []


def test_the_outsider_cannot_open_a_case_for_org_a_person(outsider, client_for, person_a):
    response = send(client_for(outsider), "post", "/api/v1/cases",
                    {"persons": [person_a.pk], "case_type": "ForcedLabour",
                     "opened_on": "2026-01-01"})
    assert response.status_code == 422
    assert "persons" in response.json()["error"]["fields"]
    assert Case.objects.count() == 0


def test_a_missing_id_and_a_malformed_id_look_the_same_as_forbidden(caseworker, client_for):
    client = client_for(caseworker)
    assert client.get("/api/v1/cases/999999").status_code == 404
    assert client.get("/api/v1/persons/999999").status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "org_admin", "intake_officer"])
def test_roles_that_may_not_edit_get_403_on_creates(persona, request, client_for):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    before = AuditEvent.objects.count()
    response = send(client, "post", "/api/v1/persons", {"gender": "Feminine"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    response = send(client, "post", "/api/v1/cases",
                    {"persons": [1], "case_type": "ForcedLabour", "opened_on": "2026-01-01"})
    assert response.status_code == 403
    assert Person.objects.count() == 0
    assert Case.objects.count() == 0
    # Only sign-in was audited; no record was written.
    assert not AuditEvent.objects.filter(seq__gt=before, action="create").exists()


@pytest.mark.parametrize("persona", ["analyst", "org_admin", "intake_officer", "coordinator"])
def test_roles_without_access_to_org_a_records_see_none(persona, request, client_for, case_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/api/v1/cases").json() == {"count": 0, "limit": 50, "offset": 0,
                                                   "items": []}
    assert client.get("/api/v1/persons").json()["items"] == []
    for url in (f"/api/v1/cases/{case_a.pk}", f"/api/v1/persons/{case_a.persons.get().pk}"):
        assert client.get(url).status_code == 404
        assert send(client, "patch", url, {}).status_code == 404


def test_lawyer_of_org_a_may_read_and_edit(lawyer, client_for, case_a):
    client = client_for(lawyer)
    assert client.get(f"/api/v1/cases/{case_a.pk}").status_code == 200
    response = send(client, "patch", f"/api/v1/cases/{case_a.pk}", {"status": "FollowUp"})
    assert response.status_code == 200
    assert response.json()["status"] == "FollowUp"


def _expire_session(client):
    session = client.session
    session[LAST_SEEN] = session[LAST_SEEN] - 31 * 60
    session.save()


def test_an_expired_session_gets_a_json_401_not_a_redirect(caseworker, client_for):
    client = client_for(caseworker)
    _expire_session(client)
    _assert_401(client.get("/api/v1/cases"))
    _assert_401(client.get("/api/v1/cases"))


def test_a_token_still_works_beside_an_expired_session_cookie(caseworker, client_for, token_for):
    client = client_for(caseworker)
    _expire_session(client)
    headers = {"Authorization": f"Bearer {token_for(caseworker)}"}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200


def test_a_session_without_second_factor_gets_the_json_401(settings, caseworker, client_for):
    client = client_for(caseworker)
    settings.REQUIRE_2FA = True
    _assert_401(client.get("/api/v1/cases"))
