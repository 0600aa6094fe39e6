"""A user's own account page: password change, and the throttled 2FA enrolment."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from palermo.accounts.models import User
from palermo.core.models import AuditEvent

NEW = "another long pass phrase 77"


def test_own_password_change_needs_the_current_password(caseworker, client_for):
    client = client_for(caseworker)
    response = client.post("/accounts/security/",
                           {"current": "not it at all", "password": NEW, "confirm": NEW})
    assert response.status_code == 200
    assert b"Your current password is not right" in response.content
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_own_password_change_keeps_this_session(caseworker, client_for):
    client = client_for(caseworker)
    response = client.post("/accounts/security/",
                           {"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW)
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="update", detail={"fields": ["password"]}).exists()


def test_weak_new_password_is_refused(caseworker, client_for):
    response = client_for(caseworker).post(
        "/accounts/security/", {"current": PASSWORD, "password": "short", "confirm": "short"}
    )
    assert b"too short" in response.content
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_new_account_needs_a_chosen_role(org_admin, client_for):
    response = client_for(org_admin).post(
        "/accounts/users/new/", {"username": "norole", "password": NEW}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert not User.objects.filter(username="norole").exists()


def test_enrolment_says_wait_after_repeated_wrong_codes(settings, caseworker):
    settings.REQUIRE_2FA = True
    client = Client()
    client.post("/accounts/login/", {"username": caseworker.username, "password": PASSWORD})
    client.get("/accounts/setup/")
    client.post("/accounts/setup/", {"token": "000000"})
    response = client.post("/accounts/setup/", {"token": "000000"})
    assert b"Too many wrong codes" in response.content
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
