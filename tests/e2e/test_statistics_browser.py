"""An analyst opens the statistics from the navigation, reads the national figures with the
small counts hidden, narrows them to a region and a year, and downloads a table; a caseworker
sees their organisation's exact figures."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import User
from tests.analytics.conftest import registry
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["registry"]  # the hand-counted registry of the statistics tests


def test_an_analyst_reads_narrows_and_downloads_the_statistics(
        page: Page, analyst: User, registry, sign_in: SignIn, screenshot: Screenshot) -> None:
    sign_in(page, analyst)
    page.locator("nav.main-nav a", has_text="Statistics").click()
    expect(page).to_have_url(re.compile(r"/analytics/$"))
    expect(page.locator("h1")).to_have_text("Statistics")
    expect(page.locator(".figure-number").first).to_have_text("35")
    section = page.locator("section#case-types")
    expect(section.locator("svg.chart")).to_have_count(1)
    other = section.locator("tbody tr", has_text="Other")
    expect(other.locator("td").nth(-1)).to_contain_text("–")
    expect(section.locator("p.optional", has_text="hidden to protect privacy")).to_be_visible()
    page.evaluate("document.querySelector('section#case-types').scrollIntoView()")
    screenshot(page, "statistics")
    page.evaluate("window.scrollTo(0, 0)")

    page.locator('select[name="region"]').select_option("Kazan")
    page.locator('input[name="year_from"]').fill("2025")
    page.locator("button", has_text="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=Kazan"))
    expect(page.locator(".figure-number").first).to_have_text("10")
    expect(page.locator("section#sex thead th").nth(1)).to_have_text("2025")

    with page.expect_download() as download:
        page.locator("section#sex a", has_text="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["Sex", "2025"]
    assert ["Female", "10"] == rows[[r[0] for r in rows].index("Female")][:2]


def test_a_caseworker_sees_exact_figures_of_their_organisation(
        page: Page, caseworker: User, registry, sign_in: SignIn) -> None:
    sign_in(page, caseworker)
    page.goto("/analytics/?year_from=2024&year_to=2025")
    expect(page.locator(".lead")).to_contain_text("your organisation")
    other = page.locator("section#case-types tbody tr", has_text="Other")
    expect(other.locator("td")).to_have_text(["0", "1", "1"])
    expect(page.locator(".suppressed")).to_have_count(0)
