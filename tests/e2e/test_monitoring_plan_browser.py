"""The coordination council works through the demo action plan: sees the overdue actions,
reports one done, filters the overdue commitments by agency, uploads a session's attendees
(a bad file first) and finds them in the live indicator of officials trained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from palermo.monitoring import indicator_demo
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)

BAD = "name,agency,pre_score,post_score\nOlga,police,40,80\nPavel,navy,50,70\n"
GOOD = "name,agency,pre_score,post_score\nOlga,police,40,80\nPavel,judiciary,50,70\n"


def test_coordinator_follows_overdue_actions_and_records_a_training(
        page: Page, lawyer: User, coordinator: User, sign_in: SignIn, screenshot: Screenshot,
        tmp_path: Path) -> None:
    assert lawyer.organisation is not None and coordinator.organisation is not None
    indicator_demo.ensure({"A": lawyer.organisation, "national": coordinator.organisation})
    sign_in(page, coordinator)
    page.goto("/monitoring/recommendations/")
    page.locator("nav.subnav a", has_text="Action plan").click()
    expect(page.locator("h1")).to_have_text("National action plans")
    page.locator("table a", has_text="National action plan against trafficking").click()
    overdue = page.locator("td strong.status-warn")
    expect(overdue).to_have_count(3)
    screenshot(page, "action-plan")

    page.locator("a", has_text="Report progress — 1.1").click()
    page.locator('select[name="status"]').select_option("done")
    page.locator('textarea[name="text"]').fill("The amendments were sent to the Duma.")
    page.locator("button", has_text="Save").click()
    expect(page.locator(".messages")).to_contain_text("Progress report saved")
    expect(overdue).to_have_count(2)

    page.goto("/monitoring/plans/overdue/")
    expect(page.locator("table tbody tr")).to_have_count(2)
    page.locator('select[name="agency"]').select_option("Ministry of Labour and Social Protection")
    page.locator("button", has_text="Filter").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr")).to_contain_text("Open specialised shelters")
    screenshot(page, "overdue-commitments")

    page.locator("nav.subnav a", has_text="Trainings").click()
    page.locator("table a", has_text="Identifying victims").click()
    page.locator("table a", has_text="2026-04-20").click()
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    attendees = page.locator("#attendees-title + .table-wrap tbody tr")
    expect(attendees).to_have_count(3)
    page.locator('input[name="file"]').set_input_files(str(bad))
    page.locator("button", has_text="Upload").click()
    expect(page.locator(".form-errors")).to_contain_text("Line 3: Unknown agency “navy”")
    expect(attendees).to_have_count(3)
    page.locator('input[name="file"]').set_input_files(str(good))
    page.locator("button", has_text="Upload").click()
    expect(page.locator(".messages")).to_contain_text("2 attendees added")
    expect(attendees).to_have_count(5)

    page.locator("nav.subnav a", has_text="Indicators").click()
    screenshot(page, "indicators")
    page.locator("table a", has_text="Officials trained per year").click()
    expect(page.locator("h1")).to_have_text("Officials trained per year")
    year_2026 = page.locator("tbody tr", has=page.locator("th", has_text=re.compile("^2026")))
    expect(year_2026).to_contain_text("5 persons")
