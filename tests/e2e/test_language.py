"""A signed-in user switches the interface to Russian with the header's language form."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)


def test_user_signs_in_and_switches_to_russian(
    page: Page,
    caseworker: User,
    sign_in: SignIn,
    screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    demo_names(caseworker)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator('input[name="username"]')).to_be_visible()
    screenshot(page, "login")

    sign_in(page, caseworker)
    expect(page.locator("h1")).to_contain_text("Welcome")
    nav = page.locator("header nav")
    expect(nav).to_contain_text("Home")
    screenshot(page, "home")

    page.locator('select[name="language"]').select_option("ru")
    page.locator('form:has(select[name="language"]) button[type="submit"]').click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(nav).to_contain_text("Главная")
    expect(nav).not_to_contain_text("Home")
    screenshot(page, "home-ru")


def test_pages_load_their_stylesheet_and_scripts(page: Page) -> None:
    """The CSS and JavaScript the base template links are served (CSP allows our own origin)."""
    assets: dict[str, int] = {}
    page.on(
        "response",
        lambda response: (
            assets.__setitem__(response.url.rsplit("/", 1)[-1], response.status)
            if "/static/" in response.url
            else None
        ),
    )
    page.goto("/accounts/login/")
    page.wait_for_load_state("load")
    assert {name: assets.get(name) for name in ("palermo.css", "palermo.js", "htmx.min.js")} == {
        "palermo.css": 200,
        "palermo.js": 200,
        "htmx.min.js": 200,
    }
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Times" not in body_font, "the page fell back to the browser's default style"


def test_language_choice_outlives_signing_out(
    page: Page, caseworker: User, sign_in: SignIn
) -> None:
    page.goto("/accounts/login/")
    page.locator('select[name="language"]').select_option("ru")
    page.locator('form:has(select[name="language"]) button[type="submit"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    sign_in(page, caseworker)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("header nav")).to_contain_text("Главная")
