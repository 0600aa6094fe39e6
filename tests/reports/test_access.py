"""Who may open the report builder: editors of monitoring data, own organisation only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from palermo.accounts.models import User
from palermo.reports.models import Figure, Problem, Submission

pytestmark = pytest.mark.django_db


def _urls(submission: Submission) -> list[str]:
    issue = submission.issues.first()
    assert issue is not None
    problem = Problem.objects.filter(issue=issue).first()
    assert problem is not None
    base = f"/reports/{submission.pk}/"
    return [base, f"{base}preview/", f"{base}deck.pptx", f"{base}submission.pdf",
            f"{base}submission.md", f"{base}issues/new/", f"{base}issues/{issue.pk}/",
            f"{base}issues/{issue.pk}/problems/new/", f"{base}problems/{problem.pk}/"]


def _post_urls(submission: Submission) -> list[str]:
    issue = submission.issues.first()
    assert issue is not None
    problem = Problem.objects.filter(issue=issue).first()
    figure = Figure.objects.filter(problem=problem).first()
    assert problem is not None and figure is not None
    base = f"/reports/{submission.pk}/"
    return [f"{base}delete/", f"{base}issues/{issue.pk}/move/", f"{base}issues/{issue.pk}/delete/",
            f"{base}problems/{problem.pk}/move/", f"{base}problems/{problem.pk}/delete/",
            f"{base}problems/{problem.pk}/figures/new/", f"{base}figures/{figure.pk}/delete/"]


def test_anonymous_is_sent_to_sign_in(client: Client, submission: Submission) -> None:
    for url in ["/reports/", "/reports/new/", *_urls(submission)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["outsider", "admin_b"])
def test_another_organisation_gets_404_on_every_page_and_download(
        request: pytest.FixtureRequest, client_for: Callable[[User], Client],
        submission: Submission, persona: str) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(submission):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(submission):
        assert client.post(url, {"direction": "up"}).status_code == 404, url
    assert Submission.objects.filter(pk=submission.pk).exists()
    assert submission.issues.count() == 2


def test_another_organisation_does_not_see_the_submission_in_its_list(
        client_for: Callable[[User], Client], admin_b: User, submission: Submission) -> None:
    response = client_for(admin_b).get("/reports/")
    assert response.status_code == 200
    assert submission.title not in response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "intake_officer"])
def test_roles_without_monitoring_rights_get_403(
        request: pytest.FixtureRequest, client_for: Callable[[User], Client],
        submission: Submission, persona: str) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in ["/reports/", "/reports/new/", *_urls(submission)]:
        assert client.get(url).status_code == 403, url
    for url in _post_urls(submission):
        assert client.post(url, {"direction": "up"}).status_code == 403, url
    assert submission.issues.count() == 2


@pytest.mark.parametrize("persona", ["lawyer", "org_admin"])
def test_editors_of_the_organisation_open_every_page(
        request: pytest.FixtureRequest, client_for: Callable[[User], Client],
        submission: Submission, persona: str) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in ["/reports/", "/reports/new/", *_urls(submission)]:
        assert client.get(url).status_code == 200, url


def test_navigation_names_submissions_for_editors_only(
        client_for: Callable[[User], Client], lawyer: User, caseworker: User) -> None:
    assert 'href="/reports/"' in client_for(lawyer).get("/").content.decode()
    assert 'href="/reports/"' not in client_for(caseworker).get("/").content.decode()
