"""A submission like the source document's first issue, built from recommendations and
indicators made here (organisation A owns it; B is the outsider)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from palermo.accounts.models import Organisation, User
from palermo.monitoring.models import Indicator, IndicatorValue, Mechanism, Recommendation
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue

TEXTS = {
    "AM": "Make further efforts to fight organized crime, including the fight against "
          "trafficking in human beings",
    "QA": "Step up efforts to combat human trafficking and consider the possibility of "
          "developing a relevant national action plan",
    "PL": "Strengthen the legal framework to combat human trafficking, which affects women and "
          "children in particular",
    "TH": "Take measures to ensure the elimination of the sale and trafficking of children",
    "LK": "Enhance efforts to provide assistance to victims of human trafficking",
}


def _states(*codes: str) -> Any:
    """CountryField(multiple=True) takes a list, which its stubs do not say."""
    return list(codes)


@pytest.fixture
def recommendations(org_a: Organisation) -> dict[str, Recommendation]:
    return {
        state: Recommendation.objects.create(
            organisation=org_a, mechanism=Mechanism.UPR, cycle=3, document_symbol="A/HRC/39/13",
            paragraph=f"147.{index}", text=text, recommending_states=_states(state),
            state_under_review="RU")
        for index, (state, text) in enumerate(TEXTS.items(), start=1)
    }


@pytest.fixture
def convictions(org_a: Organisation) -> Indicator:
    indicator = Indicator.objects.create(
        organisation=org_a, name="Convictions for trafficking", unit="persons",
        source="Judicial Department of the Supreme Court", source_url="https://cdep.ru/")
    for year, value in ((2018, 17), (2019, 15), (2020, 16), (2021, 18), (2022, 14)):
        IndicatorValue.objects.create(indicator=indicator, date=date(year, 12, 31),
                                      value=Decimal(value))
    return indicator


@pytest.fixture
def slavery_estimate(org_a: Organisation) -> Indicator:
    indicator = Indicator.objects.create(
        organisation=org_a, name="People in modern slavery", unit="persons",
        source="Walk Free, Global Slavery Index 2023",
        source_url="https://www.walkfree.org/global-slavery-index/")
    IndicatorValue.objects.create(indicator=indicator, date=date(2023, 5, 24),
                                  value=Decimal("1899000"))
    return indicator


@pytest.fixture
def submission(org_a: Organisation, lawyer: User, recommendations: dict[str, Recommendation],
               convictions: Indicator, slavery_estimate: Indicator) -> Submission:
    submission = Submission.objects.create(
        organisation=org_a, created_by=lawyer,
        title="Human trafficking and forced labour in the Russian Federation",
        subtitle="Submission for the 4th UPR cycle", state_under_review="RU",
        contact="info@example.org")
    first = SubmissionIssue.objects.create(
        submission=submission, position=0, title="Human Trafficking",
        developments="Estimated number of people in modern slavery\nPrimary victims: women",
        our_recommendations=("Bring the criminal legislation in line with international law\n"
                             "  include means as a constituent element\n"
                             "Adopt an anti-trafficking law and a national action plan"))
    first.previous_recommendations.set([recommendations["AM"], recommendations["QA"]])
    inadequate = Problem.objects.create(
        issue=first, position=0, title="Inadequate criminal legislation",
        previous_recommendation=recommendations["AM"],
        current_situation="The Criminal Code does not refer to means")
    Figure.objects.create(problem=inadequate, indicator=slavery_estimate, show_chart=True)
    investigation = Problem.objects.create(
        issue=first, position=1, title="Ineffective investigation",
        previous_recommendation=recommendations["TH"],
        current_situation="Few convictions every year")
    Figure.objects.create(problem=investigation, indicator=convictions,
                          caption="Convictions per year", show_chart=True)
    second = SubmissionIssue.objects.create(
        submission=submission, position=1, title="Exploitation of Prisoners",
        developments="Work up to 6 days a week",
        our_recommendations="Repeal legislation allowing forced labour in prisons")
    Problem.objects.create(issue=second, title="Victim assistance",
                           previous_recommendation=recommendations["LK"],
                           current_situation="No shelter services")
    return submission
