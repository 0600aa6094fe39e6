"""An org admin opens the accounts page and sees their own organisation's people only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)


def test_org_admin_lists_own_organisation_accounts(
    page: Page,
    org_admin: User,
    caseworker: User,
    lawyer: User,
    intake_officer: User,
    outsider: User,
    sign_in: SignIn,
    screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    for user in (org_admin, caseworker, lawyer, intake_officer):
        demo_names(user)
    sign_in(page, org_admin)

    page.locator("header nav").get_by_role("link", name="Accounts").click()

    table = page.locator("main table")
    for user in (org_admin, caseworker, lawyer, intake_officer):
        expect(table).to_contain_text(user.username)
    expect(table).not_to_contain_text(outsider.username)
    screenshot(page, "accounts")
