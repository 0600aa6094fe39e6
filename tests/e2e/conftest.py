"""Browser tests: Playwright for Python drives Debian's Chromium against pytest-django's server.

Never a downloaded browser: Chromium comes from Debian (``apt-get install chromium``). Without it
the tests are skipped with a reason on a developer's machine, and fail under ``CI=true``, where
``.ci/run`` installs it. ``PALERMO_SCREENSHOTS=1`` (``make screenshots``) also saves the key pages
to ``docs/screenshots/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

from palermo.accounts import demo
from palermo.accounts.models import Organisation, User
from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
E2E_DIR = Path(__file__).resolve().parent

Screenshot = Callable[[Page, str], None]
SignIn = Callable[[Page, User], None]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"CI=true but {CHROMIUM} is missing; .ci/run installs Debian's chromium package.",
                pytrace=False,
            )
        pytest.skip(
            f"{CHROMIUM} is not installed (apt-get install chromium) - browser tests skipped"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM, used by the tests
    # to set up data, refuses to run beside a running loop unless told it is safe (it is: the
    # loop only waits on the browser). Scoped to the module, so other tests keep the guard.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    browser_context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="en-GB"
    )
    browser_context.set_default_timeout(15_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def sign_in() -> SignIn:
    """Sign ``user`` in through the real form (username, password, Enter)."""

    def submit(page: Page, user: User) -> None:
        page.goto("/accounts/login/")
        page.locator('input[name="username"]').fill(user.username)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator('input[name="password"]').press("Enter")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return submit


@pytest.fixture
def demo_names(org_a: Organisation) -> Callable[[User], User]:
    """Give organisation A and a persona the demo's names, so screenshots look like the demo."""
    org_a.name = demo.ORGANISATIONS[0].name
    org_a.save(update_fields=["name"])
    by_role = {a.role: a for a in demo.ACCOUNTS if a.organisation == demo.ORGANISATIONS[0].key}

    def name(user: User) -> User:
        account = by_role[user.role]
        user.first_name, user.last_name = account.first_name, account.last_name
        user.save(update_fields=["first_name", "last_name"])
        return user

    return name


@pytest.fixture
def screenshot() -> Screenshot:
    """Save the page as ``docs/screenshots/NAME.png`` when PALERMO_SCREENSHOTS=1, else nothing."""

    def save(page: Page, name: str) -> None:
        if os.environ.get("PALERMO_SCREENSHOTS") != "1":
            return
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=SCREENSHOT_DIR / f"{name}.png", animations="disabled", caret="hide", scale="css"
        )

    return save
