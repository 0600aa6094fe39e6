"""Building a submission through the pages: forms, bad input, order, preview and downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from palermo.accounts.models import Organisation, User
from palermo.core.models import AuditAction, AuditEvent
from palermo.monitoring.models import Indicator, Recommendation
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client_for: Callable[[User], Client], lawyer: User) -> Client:
    return client_for(lawyer)


def test_a_submission_is_created_for_the_users_organisation(client: Client,
                                                            lawyer: User) -> None:
    response = client.post("/reports/new/", {
        "title": "Forced labour in prisons", "subtitle": "", "language": "ru",
        "state_under_review": "RU", "contact": "info@example.org"})
    submission = Submission.objects.get()
    assert response["Location"] == f"/reports/{submission.pk}/"
    assert (submission.organisation, submission.created_by, submission.language) == (
        lawyer.organisation, lawyer, "ru")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE,
                                     object_type="reports.Submission").count() == 1


def test_a_submission_without_a_title_is_refused(client: Client) -> None:
    response = client.post("/reports/new/", {"title": "  ", "language": "en"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_bad_language_is_refused_and_nothing_changes(client: Client,
                                                       submission: Submission) -> None:
    response = client.post(f"/reports/{submission.pk}/", {
        "title": "Changed", "language": "xx", "state_under_review": "RU"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    submission.refresh_from_db()
    assert (submission.title, submission.language) == (
        "Human trafficking and forced labour in the Russian Federation", "en")


def test_an_issue_is_added_last_with_the_recommendations_chosen(
        client: Client, submission: Submission,
        recommendations: dict[str, Recommendation]) -> None:
    response = client.post(f"/reports/{submission.pk}/issues/new/", {
        "title": "Statistics", "developments": "No data\nNo analysis",
        "our_recommendations": "Collect data",
        "previous_recommendations": [recommendations["PL"].pk, recommendations["QA"].pk],
        "action": "save"})
    issue = SubmissionIssue.objects.get(title="Statistics")
    assert response["Location"] == f"/reports/{submission.pk}/issues/{issue.pk}/"
    assert issue.position == 2
    assert set(issue.previous_recommendations.all()) == {recommendations["PL"],
                                                         recommendations["QA"]}


def test_filtering_recommendations_keeps_what_was_typed_and_chosen(
        client: Client, submission: Submission,
        recommendations: dict[str, Recommendation]) -> None:
    response = client.post(f"/reports/{submission.pk}/issues/new/", {
        "title": "Statistics", "previous_recommendations": [recommendations["QA"].pk],
        "find": "children", "find_state": "", "action": "filter"})
    page = response.content.decode()
    assert response.status_code == 200
    assert not SubmissionIssue.objects.filter(title="Statistics").exists()
    assert 'value="Statistics"' in page
    assert "which affects women and children in particular (Poland)" in page
    assert "sale and trafficking of children (Thailand)" in page
    assert "relevant national action plan (Qatar)" in page  # chosen, so still listed
    assert "assistance to victims" not in page
    assert "There is a problem" not in page
    by_state = client.post(f"/reports/{submission.pk}/issues/new/", {
        "title": "Statistics", "find_state": "LK", "action": "filter"}).content.decode()
    assert "(Sri Lanka)" in by_state and "(Armenia)" not in by_state


def test_an_issue_with_an_unknown_recommendation_is_refused(
        client: Client, submission: Submission) -> None:
    issue = submission.issues.get(position=0)
    response = client.post(f"/reports/{submission.pk}/issues/{issue.pk}/", {
        "title": "Renamed", "previous_recommendations": ["999999"], "action": "save"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    issue.refresh_from_db()
    assert issue.title == "Human Trafficking"
    assert issue.previous_recommendations.count() == 2


def test_issues_and_problems_move_up_and_down(client: Client, submission: Submission) -> None:
    second = submission.issues.get(position=1)
    client.post(f"/reports/{submission.pk}/issues/{second.pk}/move/", {"direction": "up"})
    assert list(submission.issues.values_list("title", flat=True)) == [
        "Exploitation of Prisoners", "Human Trafficking"]
    first_issue = SubmissionIssue.objects.get(title="Human Trafficking")
    problem = first_issue.problems.get(position=0)
    client.post(f"/reports/{submission.pk}/problems/{problem.pk}/move/",
                {"direction": "down"})
    assert list(first_issue.problems.values_list("title", flat=True)) == [
        "Ineffective investigation", "Inadequate criminal legislation"]
    # The last one cannot move further down.
    client.post(f"/reports/{submission.pk}/problems/{problem.pk}/move/",
                {"direction": "down"})
    assert first_issue.problems.last() == problem


def test_removing_an_issue_removes_its_problems(client: Client, submission: Submission) -> None:
    issue = submission.issues.get(position=0)
    client.post(f"/reports/{submission.pk}/issues/{issue.pk}/delete/")
    assert list(submission.issues.values_list("title", flat=True)) == [
        "Exploitation of Prisoners"]
    assert not Problem.objects.filter(issue_id=issue.pk).exists()


def test_a_problem_needs_a_title(client: Client, submission: Submission) -> None:
    issue = submission.issues.get(position=1)
    response = client.post(f"/reports/{submission.pk}/issues/{issue.pk}/problems/new/", {
        "title": "", "current_situation": "Work 12-16 hours a day"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert issue.problems.count() == 1


def test_a_figure_cites_an_indicator_and_can_be_removed(
        client: Client, submission: Submission, convictions: Indicator) -> None:
    problem = Problem.objects.get(title="Victim assistance")
    client.post(f"/reports/{submission.pk}/problems/{problem.pk}/figures/new/", {
        "figure-indicator": convictions.pk, "figure-caption": "Convictions",
        "figure-show_chart": "on"})
    figure = problem.figures.get()
    assert (figure.indicator, figure.caption, figure.show_chart) == (
        convictions, "Convictions", True)
    page = client.get(f"/reports/{submission.pk}/problems/{problem.pk}/").content.decode()
    assert "Convictions: 14 persons" in page
    client.post(f"/reports/{submission.pk}/figures/{figure.pk}/delete/")
    assert not problem.figures.exists()


def test_a_figure_without_an_indicator_is_refused(client: Client,
                                                  submission: Submission) -> None:
    problem = Problem.objects.get(title="Victim assistance")
    response = client.post(f"/reports/{submission.pk}/problems/{problem.pk}/figures/new/",
                           {"figure-indicator": "", "figure-caption": "x"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Figure.objects.filter(problem=problem).exists()


def test_the_preview_shows_every_figure_with_value_date_and_source(
        client: Client, submission: Submission) -> None:
    page = client.get(f"/reports/{submission.pk}/preview/").content.decode()
    assert "People in modern slavery: 1,899,000 persons" in page
    assert "May 24, 2023 · Source: Walk Free, Global Slavery Index 2023" in page
    assert "Convictions per year: 14 persons" in page
    assert 'src="data:image/png;base64,' in page
    assert page.count('class="slide ') == 10


@pytest.mark.parametrize(("suffix", "content_type", "magic"), [
    ("deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
     b"PK"),
    ("submission.pdf", "application/pdf", b"%PDF"),
    ("submission.md", "text/markdown; charset=utf-8", b"# Human trafficking"),
])
def test_downloads_are_attachments_and_audited_by_id(
        client: Client, submission: Submission, suffix: str, content_type: str,
        magic: bytes) -> None:
    response = client.get(f"/reports/{submission.pk}/{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    extension = suffix.rsplit(".", 1)[1]
    assert response["Content-Disposition"] == (
        "attachment; filename=\"human-trafficking-and-forced-labour-in-the-russian-federation"
        f".{extension}\"")
    assert response.content.startswith(magic)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="reports.Submission")
    assert event.object_ids == [str(submission.pk)]
    assert event.detail == {"format": extension}


def test_the_list_reads_in_a_fixed_number_of_queries(
        client: Client, lawyer: User, org_a: Organisation,
        django_assert_max_num_queries: Any) -> None:
    for number in range(12):
        Submission.objects.create(organisation=org_a, created_by=lawyer,
                                  title=f"Submission {number}")
    with django_assert_max_num_queries(12):
        response = client.get("/reports/")
    assert response.content.decode().count("Submission ") >= 12


def test_a_submission_is_deleted_only_when_confirmed(client: Client,
                                                     submission: Submission) -> None:
    response = client.post(f"/reports/{submission.pk}/delete/")
    assert response["Location"] == f"/reports/{submission.pk}/"
    assert Submission.objects.filter(pk=submission.pk).exists()
    response = client.post(f"/reports/{submission.pk}/delete/", {"confirm": "yes"})
    assert response["Location"] == "/reports/"
    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert not SubmissionIssue.objects.filter(submission_id=submission.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE,
                                     object_type="reports.Submission").count() == 1
