"""With two-factor authentication required, a new user enrols an authenticator and gets in."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)

HOME = re.compile(r"^http://[^/]+/$")


def current_code(device: TOTPDevice) -> str:
    """What the user's authenticator app would show now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def test_user_enrols_in_two_factor_and_reaches_home(
    page: Page,
    caseworker: User,
    sign_in: SignIn,
    screenshot: Screenshot,
    settings: Any,
    demo_names: Callable[[User], User],
) -> None:
    demo_names(caseworker)
    settings.REQUIRE_2FA = True
    sign_in(page, caseworker)

    expect(page).to_have_url(re.compile(r"/accounts/setup/"))
    expect(page.locator("svg").first).to_be_visible()  # the QR code to scan
    screenshot(page, "two-factor-setup")

    page.goto("/")  # nothing else opens before enrolment
    expect(page).to_have_url(re.compile(r"/accounts/setup/"))

    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    page.locator('input[name="token"]').fill(current_code(device))
    page.locator('input[name="token"]').press("Enter")

    codes = page.locator("main code")
    expect(codes.first).to_be_visible()
    assert codes.count() >= 8
    device.refresh_from_db()
    assert device.confirmed

    page.locator("main a.button").click()
    expect(page).to_have_url(HOME)
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_wrong_code_keeps_the_user_out(
    page: Page, caseworker: User, sign_in: SignIn, settings: Any
) -> None:
    settings.REQUIRE_2FA = True
    sign_in(page, caseworker)
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    page.locator('input[name="token"]').fill(wrong)
    page.locator('input[name="token"]').press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/setup/"))
    expect(page.locator("main")).to_contain_text("not right")
    device.refresh_from_db()
    assert not device.confirmed
