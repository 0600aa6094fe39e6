"""TOTP two-factor authentication: enrolment, recovery codes, and where it is required."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from palermo.accounts import services
from palermo.accounts.models import RecoveryCode, recovery_code_hash


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _sign_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = services.start_totp_enrolment(user=user)
    codes = services.confirm_totp_enrolment(user=user, device=device, token=_code(device))
    assert codes is not None
    # The code just used cannot be replayed; tests sign in with a later time step.
    device.refresh_from_db()
    device.last_t -= 1
    device.save()
    return device, codes


def test_two_factor_is_required_outside_demo_mode():
    from palermo import settings as production

    assert production.DEMO is False
    assert production.REQUIRE_2FA is True


def test_password_alone_does_not_open_pages_when_2fa_is_required(require_2fa, caseworker):
    client = _sign_in(caseworker)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/setup/")
    assert client.get("/accounts/users/").status_code == 302


def test_enrolment_with_right_code_opens_the_site_and_shows_recovery_codes(require_2fa,
                                                                         caseworker):
    client = _sign_in(caseworker)
    page = client.get("/accounts/setup/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    response = client.post("/accounts/setup/", {"token": _code(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert client.get("/").status_code == 200


def test_enrolment_with_wrong_code_changes_nothing(require_2fa, caseworker):
    client = _sign_in(caseworker)
    client.get("/accounts/setup/")
    response = client.post("/accounts/setup/", {"token": "000000"})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert client.get("/").status_code == 302


def test_enrolled_user_must_pass_the_code_step(require_2fa, caseworker):
    device, _ = _enrolled(caseworker)
    client = _sign_in(caseworker)
    response = client.get("/")
    assert response["Location"].startswith("/accounts/verify/")
    wrong = client.post("/accounts/verify/", {"token": "123456"})
    assert wrong.status_code == 200
    assert client.get("/").status_code == 302
    throttled = client.post("/accounts/verify/", {"token": _code(device)})
    assert b"Too many wrong codes" in throttled.content
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0,
                                                    throttling_failure_timestamp=None)
    right = client.post("/accounts/verify/", {"token": _code(device)})
    assert right.status_code == 302
    assert client.get("/").status_code == 200


def test_recovery_code_signs_in_once(require_2fa, caseworker):
    _, codes = _enrolled(caseworker)
    first = _sign_in(caseworker)
    assert first.post("/accounts/verify/", {"token": codes[0].upper()}).status_code == 302
    assert first.get("/").status_code == 200
    second = _sign_in(caseworker)
    assert second.post("/accounts/verify/", {"token": codes[0]}).status_code == 200
    assert second.get("/").status_code == 302
    assert RecoveryCode.objects.filter(device__user=caseworker).count() == 9


def test_verify_page_is_for_signed_in_users_only(db):
    response = Client().get("/accounts/verify/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_org_admin_reset_makes_user_enrol_again(require_2fa, org_admin, caseworker):
    _enrolled(caseworker)
    services.reset_two_factor(admin=org_admin, user=caseworker)
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    client = _sign_in(caseworker)
    assert client.get("/")["Location"].startswith("/accounts/setup/")


def test_demo_mode_does_not_require_2fa(caseworker, client_for):
    assert client_for(caseworker).get("/").status_code == 200


def test_new_recovery_codes_replace_old_ones(caseworker, client_for):
    _, old = _enrolled(caseworker)
    client = client_for(caseworker)
    device = TOTPDevice.objects.get(user=caseworker)
    client.post("/accounts/verify/", {"token": _code(device)})
    response = client.post("/accounts/security/recovery-codes/")
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    hashes = RecoveryCode.objects.filter(device__user=caseworker).values_list("code_hash",
                                                                               flat=True)
    assert set(hashes) == {recovery_code_hash(c) for c in new}


def test_recovery_codes_are_not_stored_in_clear(caseworker):
    _, codes = _enrolled(caseworker)
    stored = " ".join(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert all(code.replace("-", "") not in stored for code in codes)
