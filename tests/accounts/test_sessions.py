"""Session policy: idle and absolute expiry, disabling, signing out everywhere, lockout."""

import time

from django.contrib.sessions.models import Session
from django.test import Client
from tests.conftest import PASSWORD

from palermo.accounts import services
from palermo.accounts.middleware import AUTH_TIME, LAST_SEEN
from palermo.core.models import AuditEvent


def _shift_clock(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_idle_session_expires_after_30_minutes(caseworker, client_for):
    client = client_for(caseworker)
    _shift_clock(client, LAST_SEEN, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 302


def test_active_session_survives_29_minutes_idle(caseworker, client_for):
    client = client_for(caseworker)
    _shift_clock(client, LAST_SEEN, 29 * 60)
    assert client.get("/").status_code == 200


def test_session_ends_12_hours_after_sign_in_even_when_active(caseworker, client_for):
    client = client_for(caseworker)
    _shift_clock(client, AUTH_TIME, 12 * 3600 + 1)
    assert client.get("/").status_code == 302


def test_session_without_clock_is_refused(caseworker):
    client = Client()
    client.force_login(caseworker)
    assert client.get("/").status_code == 302


def test_disabled_users_sessions_die(org_admin, caseworker, client_for):
    victim = client_for(caseworker)
    assert victim.get("/").status_code == 200
    services.update_user(admin=org_admin, user=caseworker, role="caseworker", is_active=False,
                         first_name="", last_name="", email="")
    assert victim.get("/").status_code == 302
    refused = Client().post("/accounts/login/", {"username": caseworker.username,
                                                 "password": PASSWORD})
    assert refused.status_code == 200


def test_sign_out_everywhere_ends_every_session(caseworker, client_for):
    laptop, phone = client_for(caseworker), client_for(caseworker)
    response = phone.post("/accounts/logout/everywhere/")
    assert response.status_code == 302
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", detail={"everywhere": True}).exists()


def test_sign_out_needs_post_and_ends_session(caseworker, client_for):
    client = client_for(caseworker)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_sessions_are_stored_in_the_database(caseworker, client_for):
    client_for(caseworker)
    assert Session.objects.count() == 1


def test_lockout_after_repeated_failures(settings, caseworker):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": caseworker.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": caseworker.username,
                                                "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert Client().get("/").status_code == 302
    failures = AuditEvent.objects.filter(action="failed_login", object_ids=[str(caseworker.pk)])
    assert failures.count() >= settings.AXES_FAILURE_LIMIT


def test_lockout_is_per_account(settings, caseworker, lawyer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": caseworker.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": lawyer.username, "password": PASSWORD})
    assert response.status_code == 302


def test_failed_login_for_unknown_name_keeps_no_name(db):
    Client().post("/accounts/login/", {"username": "someone typed this", "password": "x" * 12})
    event = AuditEvent.objects.get(action="failed_login")
    assert event.object_ids == []
    assert "someone" not in str(event.detail)


def test_successful_login_is_audited(caseworker, client_for):
    client_for(caseworker)
    assert AuditEvent.objects.filter(action="login", actor_id=caseworker.pk).count() == 1


def test_clock_is_a_unix_time(caseworker, client_for):
    session = client_for(caseworker).session
    assert abs(session[AUTH_TIME] - time.time()) < 60
