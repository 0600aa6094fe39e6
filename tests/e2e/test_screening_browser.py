"""A lawyer screens a case in the browser, reads the result beside the answers, signs an
identification decision with their password, and the case shows its new status."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from palermo.cases.models import Case
from tests.cases.conftest import case_a, person_a
from tests.conftest import PASSWORD
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["case_a", "person_a"]  # organisation A's case, from the registry's fixtures

YES = ("consent_given", "act_recruitment", "act_transportation", "purpose_forced_labour",
       "ilo_deception", "ilo_retention_of_documents", "ilo_debt_bondage", "dr_nature_of_job",
       "dr_wages", "ex_excessive_hours", "ex_low_salary", "cd_documents", "cd_debt_bondage")


def test_lawyer_screens_a_case_and_signs_a_decision(
    page: Page, lawyer: User, case_a: Case, sign_in: SignIn, screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    demo_names(lawyer)
    sign_in(page, lawyer)
    page.goto(f"/cases/{case_a.pk}/")
    page.locator("nav.tabs a", has_text="Screening & identification").click()
    expect(page.locator("main")).to_contain_text("No screening yet")
    page.locator("main a", has_text="New screening").click()

    page.locator('input[name="victim_age"]').fill("34")
    for name in YES:
        page.locator(f'input[name="{name}"][value="yes"]').check()
    page.locator('input[name="prison_labour"][value="no"]').check()
    page.locator('input[name="military_service"][value="no"]').check()
    page.locator("form.screening-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case_a.pk}/screening/\d+/$"))
    palermo = page.locator("section.framework", has_text="Palermo")
    expect(palermo.locator(".framework-head .status")).to_have_text("Qualifies")
    domestic = page.locator("section.framework", has_text="127.1 (as applied)")
    expect(domestic.locator(".framework-head .status")).to_have_text("Does not qualify")
    expect(page.locator("main")).to_contain_text("Where the frameworks part ways")
    expect(page.locator("main")).to_contain_text("Trafficking indicated")
    screenshot(page, "screening")

    page.locator("main a", has_text="Sign a decision").first.click()
    page.locator('input[name="decision"][value="ActualVictimOfTrafficking"]').check()
    page.locator('select[name="deciding_org"]').select_option("NGO")
    page.locator('textarea[name="reasons"]').fill("Deception, documents retained, debt bondage.")
    page.locator('input[name="password"]').fill("not the password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-errors")).to_contain_text("The password is not right")

    page.locator('textarea[name="reasons"]').fill("Deception, documents retained, debt bondage.")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Decision signed")
    expect(page.locator("main")).to_contain_text("Decision in force")

    page.locator("nav.tabs a", has_text="Summary").click()
    expect(page.locator(".case-meta")).to_contain_text("Identified victim")
    case_a.refresh_from_db()
    assert case_a.trafficking_status == "ActualVictimOfTrafficking"
