"""The national action plan: overdue actions (the deadline day itself is on time), the pages,
the forms and who may use them."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from palermo.accounts.models import User
from palermo.monitoring import plan as plans
from palermo.monitoring.models import Action, ActionPlan, ActionTarget, ProgressReport
from tests.monitoring.m2_helpers import action, indicator, plan
from tests.monitoring.recommendation_helpers import recommendation

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
TODAY = datetime.date(2025, 3, 10)


def test_overdue_means_deadline_passed_and_not_done_or_cancelled(lawyer: User) -> None:
    nap = plan(lawyer)
    late = action(nap, number="1", deadline=TODAY - datetime.timedelta(days=1))
    due_today = action(nap, number="2", deadline=TODAY)
    action(nap, number="3", deadline=TODAY + datetime.timedelta(days=1))
    action(nap, number="4", deadline=datetime.date(2024, 1, 1), status="done")
    action(nap, number="5", deadline=datetime.date(2024, 1, 1), status="cancelled")
    started = action(nap, number="6", deadline=datetime.date(2024, 1, 1), status="in_progress")
    action(nap, number="7", deadline=None)
    assert list(plans.overdue_actions(TODAY)) == [started, late]
    assert not plans.is_overdue(due_today, TODAY)
    assert plans.is_overdue(due_today, TODAY + datetime.timedelta(days=1))
    counts = plans.counts(plans.plan_contents(nap), TODAY)
    assert counts["overdue"] == 2 and counts["done"] == 1 and counts["planned"] == 4


def test_overdue_filtered_by_agency(lawyer: User) -> None:
    nap = plan(lawyer)
    police = action(nap, number="1", deadline=datetime.date(2024, 1, 1),
                    responsible_agencies="Ministry of Internal Affairs")
    action(nap, number="2", deadline=datetime.date(2024, 1, 1),
           responsible_agencies="Ministry of Labour; Prosecutor General's Office")
    assert list(plans.overdue_actions(TODAY, agency="internal affairs")) == [police]
    assert plans.agencies(plans.overdue_actions(TODAY)) == [
        "Ministry of Internal Affairs", "Ministry of Labour", "Prosecutor General's Office"]


def test_plan_page_flags_overdue_actions_and_lists_their_recommendations(
        lawyer: User, outsider: User, client_for: ClientFor) -> None:
    nap = plan(lawyer)
    rec = recommendation(lawyer, paragraph="147.99")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = action(nap, deadline=yesterday, title="Open a shelter")
    late.recommendations.add(rec)
    action(nap, number="1.2", deadline=timezone.localdate(), title="Publish statistics")
    page = client_for(outsider).get(f"/monitoring/plans/{nap.pk}/")
    assert page.status_code == 200
    assert page.text.count(">overdue<") == 1
    assert "147.99" in page.text
    assert f"/monitoring/plans/{nap.pk}/edit/" not in page.text
    overdue = client_for(outsider).get("/monitoring/plans/overdue/?agency=Police")
    assert overdue.status_code == 200 and "Open a shelter" in overdue.text
    assert "Publish statistics" not in overdue.text
    other = client_for(outsider).get("/monitoring/plans/overdue/?agency=Customs")
    assert "Open a shelter" not in other.text


def test_editor_builds_a_plan_through_the_forms(lawyer: User, client_for: ClientFor) -> None:
    client = client_for(lawyer)
    rec = recommendation(lawyer)
    gsi = indicator(lawyer)
    client.post("/monitoring/plans/new/", {"title": "NAP", "starts_on": "2024-01-01",
                                           "ends_on": "2026-12-31"})
    nap = ActionPlan.objects.get(title="NAP")
    client.post(f"/monitoring/plans/{nap.pk}/objectives/new/", {"number": "1", "title": "Obj"})
    objective = nap.objectives.get()
    response = client.post(f"/monitoring/plans/{nap.pk}/objectives/{objective.pk}/actions/new/", {
        "number": "1.1", "title": "Shelter", "responsible_agencies": "Ministry of Labour",
        "deadline": "2025-06-30", "budget": "1000000", "currency": "rub", "status": "planned",
        "recommendations": [rec.pk]})
    assert response.status_code == 302
    made = Action.objects.get(title="Shelter")
    assert made.currency == "RUB" and list(made.recommendations.all()) == [rec]
    client.post(f"/monitoring/plans/{nap.pk}/actions/{made.pk}/targets/new/", {
        "indicator": gsi.pk, "baseline": "0", "baseline_date": "2024-01-01", "target": "3",
        "target_date": "2026-12-31"})
    assert ActionTarget.objects.get(action=made).target == 3
    client.post(f"/monitoring/plans/{nap.pk}/actions/{made.pk}/progress/new/", {
        "reported_on": "2025-01-15", "status": "in_progress", "text": "Building chosen."})
    made.refresh_from_db()
    assert made.status == "in_progress"
    assert ProgressReport.objects.get(action=made).author == lawyer
    page = client.get(f"/monitoring/plans/{nap.pk}/")
    assert page.status_code == 200
    assert "Building chosen." in page.text and gsi.name in page.text
    indicator_page = client.get(f"/monitoring/indicators/{gsi.pk}/")
    assert "Targets in the action plan" in indicator_page.text and "Shelter" in indicator_page.text


def test_bad_plan_input_is_refused_and_nothing_saved(lawyer: User, client_for: ClientFor) -> None:
    client = client_for(lawyer)
    inverted = client.post("/monitoring/plans/new/", {"title": "NAP", "starts_on": "2026-01-01",
                                                      "ends_on": "2024-12-31"})
    assert inverted.status_code == 400 and "cannot end before it starts" in inverted.text
    assert not ActionPlan.objects.exists()
    nap = plan(lawyer)
    objective = action(nap).objective
    no_currency = client.post(
        f"/monitoring/plans/{nap.pk}/objectives/{objective.pk}/actions/new/",
        {"title": "Costly", "budget": "10", "status": "planned"})
    assert no_currency.status_code == 400 and "currency" in no_currency.text
    assert not Action.objects.filter(title="Costly").exists()


def test_who_may_open_the_plan_pages(
        lawyer: User, caseworker: User, outsider: User, admin_b: User,
        client_for: ClientFor) -> None:
    nap = plan(lawyer)
    act = action(nap)
    edit_urls = [f"/monitoring/plans/{nap.pk}/edit/",
                 f"/monitoring/plans/{nap.pk}/objectives/new/",
                 f"/monitoring/plans/{nap.pk}/objectives/{act.objective_id}/edit/",
                 f"/monitoring/plans/{nap.pk}/objectives/{act.objective_id}/actions/new/",
                 f"/monitoring/plans/{nap.pk}/actions/{act.pk}/edit/",
                 f"/monitoring/plans/{nap.pk}/actions/{act.pk}/targets/new/",
                 f"/monitoring/plans/{nap.pk}/actions/{act.pk}/progress/new/"]
    for url in [*edit_urls, "/monitoring/plans/", f"/monitoring/plans/{nap.pk}/"]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    own_caseworker = client_for(caseworker)
    assert own_caseworker.get("/monitoring/plans/new/").status_code == 403
    for url in edit_urls:
        assert own_caseworker.get(url).status_code == 403, url
    for user in (outsider, admin_b):
        client = client_for(user)
        for url in edit_urls:
            assert client.get(url).status_code == 404, url
    assert client_for(lawyer).get(edit_urls[-1]).status_code == 200
