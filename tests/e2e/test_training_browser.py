"""An official completes a training scenario in the browser and reads their score and what
differs from the model answers; a lawyer with a screened registry reads the law gaps page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from palermo.accounts.models import Organisation, User
from palermo.cases import demo_data
from palermo.screening.models import TrainingAttempt, TrainingScenario
from palermo.screening.scenarios import load_scenarios
from tests.e2e.conftest import Screenshot, SignIn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def scenarios() -> None:
    """A transactional test before this one may have flushed the rows the data migration
    loaded; put the scenarios back (idempotent)."""
    load_scenarios(TrainingScenario)

#: Part of the model answers of "Building site near a big city": the official misses the
#: deception, the threats and the debt, and so the means.
YES = ("consent_given", "act_recruitment", "act_transportation", "purpose_forced_labour",
       "ilo_retention_of_documents", "ilo_excessive_overtime", "ex_excessive_hours",
       "ex_low_salary", "cd_documents")


def test_an_official_completes_a_training_scenario(
    page: Page, intake_officer: User, sign_in: SignIn, screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    demo_names(intake_officer)
    sign_in(page, intake_officer)
    page.locator("nav.main-nav a", has_text="Training").click()
    expect(page.locator("h1")).to_have_text("Training")
    card = page.locator("li.card", has_text="Building site near a big city")
    expect(card).to_contain_text("Not tried yet")
    card.locator("a", has_text="Start").click()

    expect(page.locator("main")).to_contain_text("A 34-year-old man from Central Asia")
    page.locator('input[name="victim_age"]').fill("34")
    for name in YES:
        page.locator(f'input[name="{name}"][value="yes"]').check()
    page.locator('input[name="identification"][value="PossibleVictimOfTrafficking"]').check()
    page.locator("form.screening-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/training/attempts/\d+/$"))
    attempt = TrainingAttempt.objects.get(user=intake_officer)
    expect(page.locator("#score")).to_have_text(str(attempt.score))
    assert attempt.score < 100
    expect(page.locator("main")).to_contain_text(
        "You chose “Presumed victim”; the model identification is “Identified victim”.")
    differences = page.locator("#differences")
    expect(differences).to_contain_text("answers differ.")
    expect(differences.locator(".status", has_text="changes the result").first).to_be_visible()
    palermo = page.locator("section.framework", has_text="Palermo")
    expect(palermo).to_contain_text("The engine on the model answers:")
    screenshot(page, "training")

    page.locator("nav.breadcrumb a", has_text="My training").click()
    expect(page.locator("main table")).to_contain_text("Building site near a big city")


def test_a_lawyer_reads_the_law_gaps_across_the_registry(
    page: Page, lawyer: User, org_a: Organisation, sign_in: SignIn, screenshot: Screenshot,
    demo_names: Callable[[User], User],
) -> None:
    demo_names(lawyer)
    demo_data.seed(seed=11, count=60, organisations={"any": org_a.pk}, spread=(("any", 1.0),),
                   created_by={"any": lawyer.pk})
    sign_in(page, lawyer)
    page.locator("nav.main-nav a", has_text="Law gaps").click()
    expect(page.locator("h1")).to_have_text("Law gaps across the registry")
    expect(page.locator("main .lead")).to_contain_text("Over the 60 cases")
    figure = page.locator(".figure-number a").first
    expect(figure).to_have_text(re.compile(r"^[1-9]\d*$"))
    screenshot(page, "law-gaps")
    figure.click()
    expect(page.locator("#result-count")).to_contain_text("cases")
