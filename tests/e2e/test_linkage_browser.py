"""A coordinator opens a finished linkage run from the navigation, reviews the uncertain pair with
the keyboard (codes and agreement levels, no names) and sees the persons counted again."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import Organisation, User
from palermo.linkage.models import LinkageRun, LinkedRecord
from tests.e2e.conftest import Screenshot, SignIn
from tests.linkage.app_fixtures import case, finished_run, person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def run(org_a: Organisation, org_b: Organisation, coordination_body: Organisation,
        coordinator: User) -> LinkageRun:
    born = datetime.date(1990, 3, 5)
    a = person(org_a, "Шерзод", "Рахимов", born)
    b = person(org_b, "Sherzod", "Rakhimov", born)
    c = person(org_b, "Dilnoza", "Karimova", datetime.date(1995, 1, 2), "Feminine", "TJ")
    for who in (a, b, c):
        case(who.organisation, [who])
    return finished_run(coordination_body, coordinator, [a, b, c], [(a, b, 0.74)])


def test_a_coordinator_reviews_a_pair_with_the_keyboard(
        page: Page, coordinator: User, run: LinkageRun, sign_in: SignIn,
        screenshot: Screenshot) -> None:
    sign_in(page, coordinator)
    page.locator("nav.main-nav a", has_text="Linkage").click()
    expect(page.locator("h1")).to_have_text("Record linkage across organisations")
    page.locator("a", has_text=f"Run {run.pk}").click()
    expect(page).to_have_url(re.compile(rf"/linkage/{run.pk}/$"))
    page.locator("a", has_text="Review the uncertain pairs").click()
    expect(page.locator("h1")).to_have_text("Pairs to review")
    pair = page.locator("section.card-warn")
    expect(pair).to_contain_text("Organisation A")
    expect(pair).to_contain_text("Organisation B")
    expect(pair).to_contain_text("Family name: agree")
    expect(page.locator("main")).not_to_contain_text("Sherzod")
    expect(page.locator("main")).not_to_contain_text("Шерзод")
    screenshot(page, "linkage-review")

    same = pair.locator("button", has_text="Same person")
    expect(same).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("2 persons after linkage")
    expect(page.locator(".lead")).to_contain_text("1 of 1 pair decided.")
    page.locator("nav.subnav a", has_text="All").click()
    expect(page.locator("section#pair-" + str(run.candidate_pairs.get().pk)).locator(
        ".status").first).to_have_text("Same person")
    clusters = set(LinkedRecord.objects.filter(run=run).values_list("cluster", flat=True))
    assert len(clusters) == 2
