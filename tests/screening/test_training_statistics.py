"""Training statistics: only for roles that see all aggregates; counts and averages, never
answers; per scenario, organisation and month."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from palermo.screening import training
from palermo.screening.models import TrainingAttempt, TrainingScenario

ID = "ActualVictimOfTrafficking"


def _attempt(user, slug, score, when=None):
    attempt = TrainingAttempt.objects.create(
        user=user, scenario=TrainingScenario.objects.get(slug=slug),
        answers={"ilo_deception": "yes"}, facts={}, identification=ID, score=score)
    if when is not None:
        TrainingAttempt.objects.filter(pk=attempt.pk).update(created_at=when)
    return attempt


@pytest.fixture
def attempts(caseworker, lawyer, outsider):
    march = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
    april = datetime.datetime(2026, 4, 20, 12, tzinfo=datetime.UTC)
    _attempt(caseworker, "construction-site", 40, march)
    _attempt(caseworker, "construction-site", 100, april)
    _attempt(lawyer, "greenhouses", 70, april)
    _attempt(outsider, "construction-site", 60, april)


@pytest.mark.parametrize("role", ["caseworker", "lawyer", "intake_officer", "org_admin"])
def test_roles_without_all_aggregates_get_403(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/training/statistics/").status_code == 403
    assert "/training/statistics/" not in client.get("/training/").content.decode()


def test_the_counts_are_right(attempts, org_a, org_b):
    stats = training.statistics()
    assert stats["total"]["attempts"] == 4 and stats["total"]["users"] == 3
    assert stats["total"]["average"] == pytest.approx(67.5)
    by_scenario = {row["label"]: row for row in stats["by_scenario"]}
    assert len(by_scenario) == 9
    building = by_scenario["Building site near a big city"]
    assert (building["attempts"], building["users"]) == (3, 2)
    assert building["average"] == pytest.approx(200 / 3)
    assert by_scenario["Brick factory"]["attempts"] == 0
    assert by_scenario["Brick factory"]["average"] is None
    by_org = {row["label"]: (row["attempts"], row["users"], row["average"])
              for row in stats["by_organisation"]}
    assert by_org == {org_a.name: (3, 2, pytest.approx(70)), org_b.name: (1, 1, 60)}
    by_month = [(row["label"], row["attempts"], row["users"])
                for row in stats["by_month"]]
    assert by_month == [("2026-04", 3, 3), ("2026-03", 1, 1)]


def test_officials_trained_counts_accounts_once_within_the_period(attempts):
    assert training.officials_trained() == 3
    april = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    assert training.officials_trained(since=april) == 3
    assert training.officials_trained(until=april) == 1
    assert training.officials_trained(since=timezone.now()) == 0


@pytest.mark.parametrize("role", ["analyst", "coordinator"])
def test_coordinators_and_analysts_see_the_figures_and_no_answers(request, client_for, attempts,
                                                                  role):
    client = client_for(request.getfixturevalue(role))
    assert "/training/statistics/" in client.get("/training/").content.decode()
    response = client.get("/training/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="figure-number" id="total-attempts">4</p>' in html
    assert '<p class="figure-number" id="total-users">3</p>' in html
    assert "2026-04" in html and "2026-03" in html
    assert "ilo_deception" not in html and "Identified victim" not in html


def test_the_statistics_are_in_russian(client_for, analyst, attempts):
    client = client_for(analyst)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    html = client.get("/training/statistics/").content.decode()
    assert "Стройка под крупным городом" in html
    assert "Training statistics" not in html and "By organisation" not in html
