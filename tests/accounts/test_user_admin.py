"""Org admins manage their own organisation's accounts and nobody else's."""

import pytest
from django.test import Client

from palermo.accounts.models import User
from palermo.core.models import AuditEvent

NEW_PASSWORD = "a much longer passphrase 2026"

ADMIN_PAGES = [
    "/accounts/users/",
    "/accounts/users/new/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_admin_pages(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_caseworker_may_not_manage_accounts(caseworker, client_for, url):
    assert client_for(caseworker).get(url).status_code == 403


def test_org_admin_lists_only_own_organisation(org_admin, caseworker, outsider, client_for):
    response = client_for(org_admin).get("/accounts/users/")
    assert response.status_code == 200
    assert caseworker.username.encode() in response.content
    assert outsider.username.encode() not in response.content


def test_account_list_is_audited_naming_the_accounts_shown(org_admin, caseworker, client_for):
    client_for(org_admin).get("/accounts/users/")
    event = AuditEvent.objects.filter(action="view", object_type="accounts.User").last()
    assert event is not None
    assert set(event.object_ids) == {str(org_admin.pk), str(caseworker.pk)}


@pytest.mark.parametrize(
    "suffix,method", [("", "get"), ("", "post"), ("password/", "post"), ("reset-2fa/", "post")]
)
def test_org_admin_gets_404_for_another_organisations_user(org_admin, outsider, client_for,
                                                          suffix, method):
    client = client_for(org_admin)
    url = f"/accounts/users/{outsider.pk}/{suffix}"
    data = {"role": "org_admin", "is_active": "on", "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD}
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == "caseworker"
    assert outsider.check_password("correct horse battery staple")


def test_missing_user_and_foreign_user_look_the_same(org_admin, outsider, client_for):
    client = client_for(org_admin)
    assert client.get(f"/accounts/users/{outsider.pk}/").status_code == 404
    assert client.get("/accounts/users/999999/").status_code == 404


def test_org_admin_creates_account_in_own_organisation(org_admin, client_for):
    response = client_for(org_admin).post(
        "/accounts/users/new/",
        {"username": "new_lawyer", "role": "lawyer", "password": NEW_PASSWORD,
         "first_name": "Anna", "last_name": "", "email": ""},
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_lawyer")
    assert user.organisation_id == org_admin.organisation_id
    assert user.role == "lawyer"
    assert AuditEvent.objects.filter(action="create", object_ids=[str(user.pk)]).exists()


@pytest.mark.parametrize(
    "password,message",
    [
        ("short pass", b"too short"),
        ("password1234", b"too common"),
        ("x" * 129, b"too long"),
    ],
)
def test_weak_passwords_are_refused_and_nothing_is_created(org_admin, client_for, password,
                                                           message):
    before = User.objects.count()
    response = client_for(org_admin).post(
        "/accounts/users/new/",
        {"username": "weak", "role": "lawyer", "password": password},
    )
    assert response.status_code == 200
    assert message in response.content
    assert User.objects.count() == before


def test_bad_role_is_refused_with_a_message(org_admin, client_for):
    response = client_for(org_admin).post(
        "/accounts/users/new/", {"username": "x", "role": "superhero", "password": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert not User.objects.filter(username="x").exists()


def test_duplicate_username_is_refused(org_admin, caseworker, client_for):
    response = client_for(org_admin).post(
        "/accounts/users/new/",
        {"username": caseworker.username, "role": "lawyer", "password": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert b"already exists" in response.content


def test_org_admin_cannot_disable_self(org_admin, client_for):
    response = client_for(org_admin).post(
        f"/accounts/users/{org_admin.pk}/", {"role": "org_admin", "first_name": ""}
    )
    assert response.status_code == 200
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_org_admin_changes_role(org_admin, caseworker, client_for):
    response = client_for(org_admin).post(
        f"/accounts/users/{caseworker.pk}/", {"role": "lawyer", "is_active": "on"}
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.role == "lawyer"
    event = AuditEvent.objects.filter(action="update", object_ids=[str(caseworker.pk)]).last()
    assert event is not None and event.detail == {"fields": ["role"]}


def test_org_admin_sets_password_and_old_sessions_end(org_admin, caseworker, client_for):
    victim_session = client_for(caseworker)
    response = client_for(org_admin).post(
        f"/accounts/users/{caseworker.pk}/password/",
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    assert victim_session.get("/").status_code == 302


def test_mismatched_passwords_change_nothing(org_admin, caseworker, client_for):
    response = client_for(org_admin).post(
        f"/accounts/users/{caseworker.pk}/password/",
        {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"},
    )
    assert response.status_code == 400
    assert b"The two passwords differ" in response.content
    caseworker.refresh_from_db()
    assert caseworker.check_password("correct horse battery staple")
