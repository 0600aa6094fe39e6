"""The statistics pages: who may open them, what each role sees, disclosure control on every
figure an aggregate role gets (page and CSV), filters, the summary's freshness, query count,
Russian, the navigation."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from palermo.accounts.models import User
from palermo.analytics import summary
from palermo.analytics.dashboard import KINDS
from palermo.analytics.models import Summary
from palermo.cases.models import Case
from palermo.core.models import AuditEvent

ClientFor = Callable[[User], Client]
PERIOD = "?year_from=2024&year_to=2025"
CELL = re.compile(r"<td>(.*?)</td>", re.S)


def _figures(html: str) -> list[str]:
    """Every table cell of the page's tables, as text ("–" for a hidden one)."""
    found = []
    for cell in CELL.findall(html):
        if 'class="suppressed"' in cell:
            found.append("–")
        else:
            found.append(re.sub(r"[\s,\xa0]", "", cell))
    return found


def _assert_nothing_small(figures: list[str], threshold: int = 5) -> None:
    for figure in figures:
        assert figure == "–" or int(figure) == 0 or int(figure) >= threshold, figures


# --- Who may open the pages ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/analytics/", "/analytics/sex.csv"])
def test_anonymous_visitors_are_sent_to_sign_in(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["intake_officer", "org_admin"])
@pytest.mark.parametrize("url", ["/analytics/", "/analytics/sex.csv"])
def test_roles_without_cases_or_aggregates_get_403(request: pytest.FixtureRequest,
                                                   client_for: ClientFor, persona: str,
                                                   url: str) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(url).status_code == 403


def test_a_caseworker_cannot_ask_for_aggregates(client_for: ClientFor, caseworker: User,
                                                registry) -> None:
    client = client_for(caseworker)
    assert client.get("/analytics/?scope=all").status_code == 403
    assert client.get("/analytics/sex.csv?scope=all").status_code == 403


def test_an_analyst_has_no_organisation_scope(client_for: ClientFor, analyst: User) -> None:
    assert client_for(analyst).get("/analytics/?scope=own").status_code == 403


def test_unknown_tables_are_404(client_for: ClientFor, analyst: User) -> None:
    assert client_for(analyst).get("/analytics/nothing.csv").status_code == 404


# --- What each role sees ---------------------------------------------------------------------


def test_a_caseworker_sees_every_figure_of_their_organisation(
        client_for: ClientFor, caseworker: User, registry) -> None:
    response = client_for(caseworker).get("/analytics/" + PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your organisation&#x27;s cases" in html or "your organisation" in html
    figures = _figures(html)
    assert "–" not in figures
    assert "1" in figures  # the one case of type Other: nothing hidden for its own staff
    assert '<p class="figure-number">20</p>' in html  # organisation A's cases
    assert '<p class="figure-number">21</p>' in html  # and their victims


def test_an_analyst_never_sees_a_small_count_on_the_page(client_for: ClientFor, analyst: User,
                                                         registry) -> None:
    response = client_for(analyst).get("/analytics/" + PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    figures = _figures(html)
    assert len(figures) > 100
    _assert_nothing_small(figures)
    assert "–" in figures  # the registry has small counts: they are hidden
    assert "hidden to protect privacy" in html
    assert '<p class="figure-number">35</p>' in html


@pytest.mark.parametrize("filters", ["", PERIOD, "?year_from=2025&year_to=2025",
                                     "?region=Moscow", "?region=Kazan&year_from=2024"])
def test_an_analyst_never_sees_a_small_count_whatever_the_filters(
        client_for: ClientFor, analyst: User, registry, org_a, filters: str) -> None:
    client = client_for(analyst)
    for query in (filters, (filters + "&" if filters else "?") + f"organisation={org_a.pk}"):
        response = client.get("/analytics/" + query)
        assert response.status_code == 200, response.content
        _assert_nothing_small(_figures(response.content.decode()))


@pytest.mark.parametrize("slug", [kind.slug for kind in KINDS])
def test_an_analyst_never_gets_a_small_count_in_a_csv(client_for: ClientFor, analyst: User,
                                                      registry, slug: str) -> None:
    response = client_for(analyst).get(f"/analytics/{slug}.csv" + PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1:] == ["2024", "2025", "Total"]
    assert rows[-1][0] == "Total"
    _assert_nothing_small([cell for row in rows[1:] for cell in row[1:]])


def test_the_aggregate_table_of_case_types_hides_what_the_hand_count_says(
        client_for: ClientFor, analyst: User, registry) -> None:
    # Other: 1 case in 2025 (small). Its column, 2025, would give it away from the total 22,
    # so the smallest other 2025 cell (forced labour, 6) is hidden with it, and the row totals
    # likewise (forced labour's 14 with Other's 1); the two hidden cells of 2025 add up to 7.
    response = client_for(analyst).get("/analytics/case-types.csv" + PERIOD)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Case type", "2024", "2025", "Total"],
        ["Trafficking in persons", "5", "15", "20"],
        ["Forced labour", "8", "–", "–"],
        ["Prison labour", "0", "0", "0"],
        ["Forced military recruitment", "0", "0", "0"],
        ["Other", "0", "–", "–"],
        ["Total", "13", "22", "35"],
    ]


def test_a_coordinator_sees_both_scopes_aggregates_first(client_for: ClientFor,
                                                         coordinator: User, registry) -> None:
    client = client_for(coordinator)
    default = client.get("/analytics/" + PERIOD).content.decode()
    assert '<p class="figure-number">35</p>' in default
    assert 'name="scope"' in default
    own = client.get("/analytics/" + PERIOD + "&scope=own")
    assert own.status_code == 200  # the coordination body holds no case here
    assert '<p class="figure-number">0</p>' in own.content.decode()


def test_the_csv_of_a_caseworker_holds_exact_counts(client_for: ClientFor, caseworker: User,
                                                    registry) -> None:
    response = client_for(caseworker).get("/analytics/citizenship.csv" + PERIOD)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Russia + Uzbekistan", "0", "1", "1"] in rows
    assert ["Not recorded", "0", "1", "1"] == rows[-2]


def test_labels_that_look_like_formulas_are_neutralised_in_the_csv(
        client_for: ClientFor, caseworker: User, registry) -> None:
    Case.objects.filter(pk=registry["a3"][0].pk).update(exploitation_region="=HYPERLINK(1)")
    summary.refresh()
    response = client_for(caseworker).get("/analytics/regions.csv" + PERIOD)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["'=HYPERLINK(1)", "0", "1", "1"] in rows


# --- Filters, freshness, queries -------------------------------------------------------------


def test_bad_filters_say_why_and_are_left_out(client_for: ClientFor, analyst: User,
                                              registry) -> None:
    response = client_for(analyst).get("/analytics/?year_from=2025&year_to=2024")
    assert response.status_code == 400
    assert "The last year is before the first." in response.content.decode()
    response = client_for(analyst).get("/analytics/?year_from=abc&region=Atlantis")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a whole number." in html and "Select a valid choice." in html
    assert '<p class="figure-number">35</p>' in html  # the filters left out, not the figures


def test_a_stale_summary_of_a_small_registry_is_refreshed_on_the_spot(
        client_for: ClientFor, analyst: User, registry) -> None:
    summary.refresh(now=timezone.now() - datetime.timedelta(hours=1))
    Case.objects.filter(pk=registry["a4"][0].pk).delete()
    html = client_for(analyst).get("/analytics/" + PERIOD).content.decode()
    assert '<p class="figure-number">34</p>' in html
    state = Summary.objects.get()
    assert state.refreshed_at and timezone.now() - state.refreshed_at < datetime.timedelta(
        minutes=1)


def test_a_fresh_summary_is_not_recounted(client_for: ClientFor, analyst: User,
                                          registry) -> None:
    summary.refresh()
    Case.objects.filter(pk=registry["a4"][0].pk).delete()
    html = client_for(analyst).get("/analytics/" + PERIOD).content.decode()
    assert '<p class="figure-number">35</p>' in html


def test_a_large_registry_queues_a_refresh_once_and_says_so(
        client_for: ClientFor, analyst: User, registry, monkeypatch,
        django_capture_on_commit_callbacks) -> None:
    monkeypatch.setattr(summary, "SYNC_LIMIT", 10)
    client = client_for(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/analytics/")
    assert response.status_code == 200
    assert "The statistics are being prepared" in response.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_statistics").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/analytics/")
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_statistics").count() == 1
    assert client.get("/analytics/sex.csv").status_code == 404
    summary.refresh(now=timezone.now() - datetime.timedelta(hours=2))
    Summary.objects.update(queued_at=timezone.now() - datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        stale = client.get("/analytics/" + PERIOD).content.decode()
    assert '<p class="figure-number">35</p>' in stale  # the figures it has, while it waits
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_statistics").count() == 2


def test_the_page_runs_the_same_queries_whatever_the_data(client_for: ClientFor, analyst: User,
                                                          registry, org_b) -> None:
    client = client_for(analyst)
    summary.refresh()
    with CaptureQueriesContext(connection) as before:
        assert client.get("/analytics/").status_code == 200
    for i in range(30):
        case = Case.objects.create(organisation=org_b, code=f"C-X-{i}", case_type="Other",
                                   exploitation_region=f"Region {i}",
                                   opened_on=datetime.date(2020 + i % 6, 1, 1))
        case.persons.create(organisation=org_b, code=f"P-X-{i}", citizenships="FR")
    summary.refresh()
    with CaptureQueriesContext(connection) as after:
        assert client.get("/analytics/").status_code == 200
    assert len(after) == len(before)
    assert len(after) <= 20


def test_aggregate_views_and_downloads_are_audited_with_their_filters(
        client_for: ClientFor, analyst: User, caseworker: User, registry) -> None:
    client_for(analyst).get("/analytics/?year_from=2024&region=Kazan")
    client_for(analyst).get("/analytics/sex.csv")
    events = list(AuditEvent.objects.filter(object_type="analytics.Statistics")
                  .order_by("seq"))
    assert [(e.action, e.detail["statistics"]) for e in events] == [("view", "dashboard"),
                                                                    ("export", "sex")]
    assert events[0].detail["year_from"] == 2024 and events[0].detail["region"] is True
    client_for(caseworker).get("/analytics/")
    assert AuditEvent.objects.filter(object_type="analytics.Statistics").count() == 2


# --- Language and navigation -----------------------------------------------------------------


def test_the_page_in_russian(client_for: ClientFor, analyst: User, registry) -> None:
    client = client_for(analyst)
    client.cookies["palermo-lang"] = "ru"
    html = client.get("/analytics/" + PERIOD, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="ru"' in html
    assert "Статистика" in html
    assert "Торговля людьми" in html  # a case type
    _assert_nothing_small(_figures(html))


@pytest.mark.parametrize(("persona", "shown"), [("caseworker", True), ("lawyer", True),
                                                ("coordinator", True), ("analyst", True),
                                                ("intake_officer", False),
                                                ("org_admin", False)])
def test_statistics_are_in_the_navigation_of_those_who_see_them(
        request: pytest.FixtureRequest, client_for: ClientFor, persona: str,
        shown: bool) -> None:
    html = client_for(request.getfixturevalue(persona)).get("/").content.decode()
    assert ('href="/analytics/"' in html) is shown
