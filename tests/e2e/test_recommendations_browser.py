"""A lawyer opens Monitoring from the navigation, narrows the demo recommendations to Thailand's,
adds an assessment and sees it on the timeline; a caseworker reads without the edit buttons."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from palermo.monitoring import demo as monitoring_demo
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lawyer_filters_and_assesses_a_recommendation(
        page: Page, lawyer: User, caseworker: User, sign_in: SignIn,
        screenshot: Screenshot) -> None:
    assert lawyer.organisation is not None
    monitoring_demo.ensure(lawyer.organisation)
    sign_in(page, lawyer)
    page.locator("nav.main-nav a", has_text="Monitoring").click()
    expect(page).to_have_url(re.compile(r"/monitoring/recommendations/$"))
    expect(page.locator("h1")).to_have_text("Recommendations")
    rows = page.locator("#recommendations tbody tr")
    expect(rows).to_have_count(len(monitoring_demo.RECOMMENDATIONS))
    screenshot(page, "recommendations")

    page.locator('select[name="recommending_state"]').select_option("TH")
    page.locator("button", has_text="Filter").click()
    expect(page.locator("#recommendations tbody tr")).to_have_count(1)
    page.locator("#recommendations tbody tr a").first.click()
    expect(page.locator("blockquote")).to_contain_text("sale and trafficking of children")

    page.locator("a", has_text="Add an assessment").click()
    page.locator('select[name="status"]').select_option("partially")
    page.locator('textarea[name="evidence"]').fill("Two convictions for child trafficking.")
    page.locator('textarea[name="internal_note"]').fill("From our court monitoring")
    page.locator("button", has_text="Save the assessment").click()
    timeline = page.locator("ol.timeline li")
    expect(timeline).to_have_count(2)
    expect(timeline.last).to_contain_text("Two convictions for child trafficking.")
    expect(timeline.last).to_contain_text("From our court monitoring")
    screenshot(page, "recommendation-detail")

    page.context.clear_cookies()
    sign_in(page, caseworker)
    page.goto(page.url.split("/monitoring/")[0] + "/monitoring/recommendations/")
    expect(page.locator("a", has_text="New recommendation")).to_have_count(0)
