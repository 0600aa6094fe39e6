"""A lawyer builds a two-issue submission through the pages (keyboard-usable controls only:
fields, checkboxes, selects, buttons), previews it and downloads the deck, which python-pptx
reads back with the slides, recommending states and figures typed and chosen."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation

from palermo.accounts.models import User
from palermo.reports.forms import recommendation_label
from tests.e2e.conftest import Screenshot, SignIn
from tests.reports.conftest import convictions, recommendations, slavery_estimate

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["convictions", "recommendations", "slavery_estimate"]


def _add_issue(page: Page, title: str, *, find: str, choose: str, developments: str,
               ours: str) -> None:
    page.locator("a", has_text="Add an issue").click()
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Words in the recommendation or its symbol").fill(find)
    page.locator("button", has_text="Filter the list").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value(title)
    page.get_by_label(re.compile(re.escape(choose))).check()
    page.get_by_label("Developments since the last review").fill(developments)
    page.get_by_label("Our recommendations").fill(ours)
    page.locator("button", has_text="Save the issue").click()
    expect(page.locator(".message-success")).to_have_text("Issue saved.")


def test_a_lawyer_builds_a_two_issue_submission_and_downloads_the_deck(
        page: Page, lawyer: User, recommendations, convictions, slavery_estimate,
        sign_in: SignIn, screenshot: Screenshot, demo_names: Callable[[User], User]) -> None:
    sign_in(page, demo_names(lawyer))
    page.locator("nav.main-nav a", has_text="Submissions").click()
    page.locator("a", has_text="New submission").click()
    page.get_by_label("Title", exact=True).fill("Trafficking in the Russian Federation")
    page.get_by_label("State under review").select_option("RU")
    page.get_by_label("Contact for the closing slide").fill("info@example.org")
    page.locator("button", has_text="Create submission").click()
    expect(page.locator("h1")).to_have_text("Trafficking in the Russian Federation")

    _add_issue(page, "Human trafficking", find="organized crime", choose="(Armenia)",
               developments="Primary victims: women and migrant workers",
               ours="Bring the criminal legislation in line with international law")
    page.locator("a", has_text="Add a problem").click()
    page.get_by_label("Title", exact=True).fill("Ineffective investigation")
    page.get_by_label("Previous recommendation").select_option(
        label=recommendation_label(recommendations["TH"]))
    page.get_by_label("Current situation").fill("Few convictions every year")
    page.locator("button", has_text="Save the problem").click()
    page.get_by_label("Indicator").select_option(label="Convictions for trafficking (persons)")
    page.get_by_label("Caption").fill("Convictions per year")
    page.locator("button", has_text="Add the figure").click()
    expect(page.locator(".report-figures")).to_contain_text("Convictions per year: 14 persons")

    page.locator(".breadcrumb a").nth(1).click()
    _add_issue(page, "Exploitation of prisoners", find="", choose="(Sri Lanka)",
               developments="Work up to 6 days a week, 12-16 hours a day",
               ours="Repeal legislation allowing forced labour in prisons")
    page.locator(".breadcrumb a").nth(1).click()
    expect(page.locator(".report-outline > li h3")).to_have_text(
        ["Human trafficking", "Exploitation of prisoners"])
    screenshot(page, "reports-builder")

    page.locator("a", has_text="Preview").first.click()
    expect(page.locator(".slide")).to_have_count(9)
    expect(page.locator(".slide-figure")).to_contain_text("Convictions per year: 14 persons")

    with page.expect_download() as download:
        page.locator("a", has_text="Download the deck (PPTX)").click()
    assert download.value.suggested_filename == "trafficking-in-the-russian-federation.pptx"
    presentation = Presentation(str(download.value.path()))
    titles = [s.shapes.title.text_frame.text for s in presentation.slides
              if s.shapes.title is not None]
    assert titles == [
        "Trafficking in the Russian Federation", "Previous recommendations", "Developments",
        "Ineffective investigation", "Our recommendations", "Previous recommendations",
        "Developments", "Our recommendations", "Thank you!",
    ]
    text = "\n".join(shape.text_frame.text for slide in presentation.slides
                     for shape in slide.shapes if shape.has_text_frame)
    assert "(Armenia)" in text and "(Thailand)" in text and "(Sri Lanka)" in text
    assert "Convictions per year: 14 persons" in text
