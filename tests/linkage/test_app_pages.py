"""The linkage pages: who may open them, what the review shows (never a name), decisions that
re-cluster, and forms that refuse bad input without writing anything."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from palermo.core.models import AuditEvent
from palermo.linkage.models import CandidatePair, Decision, LinkageRun, LinkedRecord, Mode
from tests.linkage.app_fixtures import END, START, case, finished_run, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair_run(org_a, org_b, coordination_body, coordinator):
    """A finished encoded run: Шерзод Рахимов (A) and Sherzod Rakhimov (B) at 0.7, under review;
    two persons of B at 0.95, matched."""
    born = datetime.date(1990, 3, 5)
    a = person(org_a, "Шерзод", "Рахимов", born)
    b = person(org_b, "Sherzod", "Rakhimov", born)
    c = person(org_b, "Dilnoza", "Karimova", datetime.date(1995, 1, 2), "Feminine", "TJ")
    d = person(org_b, "Dilnoza", "Karimova", datetime.date(1995, 1, 2), "Feminine", "TJ")
    for who in (a, b, c, d):
        case(who.organisation, [who])
    return finished_run(coordination_body, coordinator, [a, b, c, d], [(a, b, 0.7), (c, d, 0.95)])


def _cluster(run: LinkageRun, pk: int) -> int:
    return LinkedRecord.objects.get(run=run, person_id=pk).cluster


def test_anonymous_visitors_are_sent_to_sign_in(pair_run):
    for url in ("/linkage/", f"/linkage/{pair_run.pk}/", f"/linkage/{pair_run.pk}/review/",
                "/linkage/duplicates/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_caseworker_may_not_open_linkage_runs(client_for, caseworker, pair_run):
    client = client_for(caseworker)
    for url in ("/linkage/", f"/linkage/{pair_run.pk}/", f"/linkage/{pair_run.pk}/review/"):
        assert client.get(url).status_code == 403, url
    pair = CandidatePair.objects.get(run=pair_run, uncertain=True)
    url = f"/linkage/{pair_run.pk}/review/{pair.pk}/"
    assert client.post(url, {"decision": "accepted"}).status_code == 403


def test_an_analyst_offered_encoded_runs_only(client_for, analyst):
    html = client_for(analyst).get("/linkage/").content.decode()
    assert 'value="encoded"' in html and 'value="consented"' not in html


def test_a_coordinator_is_offered_both_modes(client_for, coordinator):
    html = client_for(coordinator).get("/linkage/").content.decode()
    assert 'value="encoded"' in html and 'value="consented"' in html


def test_an_analyst_may_not_see_a_consented_run(client_for, analyst, pair_run):
    client = client_for(analyst)
    assert client.get(f"/linkage/{pair_run.pk}/review/").status_code == 200
    LinkageRun.objects.filter(pk=pair_run.pk).update(mode=Mode.CONSENTED)
    for url in (f"/linkage/{pair_run.pk}/", f"/linkage/{pair_run.pk}/review/",
                f"/linkage/{pair_run.pk}/status/"):
        assert client.get(url).status_code == 404, url


def test_an_analyst_posting_a_consented_run_changes_nothing(client_for, analyst):
    response = client_for(analyst).post("/linkage/", {
        "mode": Mode.CONSENTED, "basis": "opened", "start": START, "end": END,
        "threshold": 0.9, "review_low": 0.5})
    assert response.status_code == 200 and b"form-errors" in response.content
    assert not LinkageRun.objects.exists()


def test_another_organisation_gets_404_on_a_run(client_for, org_b, pair_run):
    from tests.conftest import _make_user

    client = client_for(_make_user("coordinator_b", org_b, "coordinator"))
    pair = CandidatePair.objects.get(run=pair_run, uncertain=True)
    for url in (f"/linkage/{pair_run.pk}/", f"/linkage/{pair_run.pk}/review/",
                f"/linkage/{pair_run.pk}/status/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/linkage/{pair_run.pk}/review/{pair.pk}/", {"decision": "accepted"})
    assert response.status_code == 404
    assert CandidatePair.objects.get(pk=pair.pk).decision == Decision.UNDECIDED


def test_the_review_shows_codes_and_levels_never_names(client_for, coordinator, pair_run):
    response = client_for(coordinator).get(f"/linkage/{pair_run.pk}/review/")
    html = response.content.decode()
    pair = CandidatePair.objects.select_related("left", "right").get(run=pair_run, uncertain=True)
    from palermo.cases.models import Person

    for record in (pair.left, pair.right):
        assert Person.objects.get(pk=record.person_id).code in html
    assert "Organisation A" in html and "Organisation B" in html and "1990" in html
    assert "Uzbekistan" in html
    assert "same year only" in html
    for name in ("Шерзод", "Рахимов", "Sherzod", "Rakhimov", "1990-03-05", "05.03.1990"):
        assert name not in html
    # The matched pair (0.95) is not under review.
    assert html.count('name="decision" value="accepted"') == 1
    event = AuditEvent.objects.filter(object_type="linkage.CandidatePair").latest("seq")
    assert event.object_ids == [str(pair.pk)]


def test_accepting_and_rejecting_a_pair_changes_the_clusters(client_for, coordinator, pair_run):
    client = client_for(coordinator)
    pair = CandidatePair.objects.select_related("left", "right").get(run=pair_run, uncertain=True)
    a, b = pair.left.person_id, pair.right.person_id
    assert _cluster(pair_run, a) != _cluster(pair_run, b)
    assert LinkageRun.objects.get(pk=pair_run.pk).clusters == 3

    response = client.post(f"/linkage/{pair_run.pk}/review/{pair.pk}/", {"decision": "accepted"})
    assert response.status_code == 302
    assert _cluster(pair_run, a) == _cluster(pair_run, b)
    assert LinkageRun.objects.get(pk=pair_run.pk).clusters == 2
    stored = CandidatePair.objects.get(pk=pair.pk)
    assert stored.decision == Decision.ACCEPTED and stored.decided_by == coordinator

    client.post(f"/linkage/{pair_run.pk}/review/{pair.pk}/", {"decision": "rejected"})
    assert _cluster(pair_run, a) != _cluster(pair_run, b)
    client.post(f"/linkage/{pair_run.pk}/review/{pair.pk}/", {"decision": ""})
    assert CandidatePair.objects.get(pk=pair.pk).decision == Decision.UNDECIDED
    details = [e.detail["decision"] for e in AuditEvent.objects.filter(
        object_type="linkage.CandidatePair", action="update").order_by("seq")]
    assert details == ["accepted", "rejected", "undone"]


def test_a_bad_decision_changes_nothing(client_for, coordinator, pair_run):
    pair = CandidatePair.objects.get(run=pair_run, uncertain=True)
    response = client_for(coordinator).post(f"/linkage/{pair_run.pk}/review/{pair.pk}/",
                                            {"decision": "maybe"}, follow=True)
    assert "Choose" in response.content.decode()
    assert CandidatePair.objects.get(pk=pair.pk).decision == Decision.UNDECIDED


def test_a_matched_pair_can_be_rejected_from_the_matched_view(client_for, coordinator,
                                                               pair_run):
    client = client_for(coordinator)
    matched = CandidatePair.objects.select_related("left", "right").get(
        run=pair_run, uncertain=False)
    html = client.get(f"/linkage/{pair_run.pk}/review/?show=matched").content.decode()
    assert f'id="pair-{matched.pk}"' in html and html.count('value="rejected"') == 1
    c, d = matched.left.person_id, matched.right.person_id
    assert _cluster(pair_run, c) == _cluster(pair_run, d)
    response = client.post(f"/linkage/{pair_run.pk}/review/{matched.pk}/",
                           {"decision": "rejected", "show": "matched"})
    assert response["Location"] == f"/linkage/{pair_run.pk}/review/?show=matched"
    assert _cluster(pair_run, c) != _cluster(pair_run, d)
    assert LinkageRun.objects.get(pk=pair_run.pk).clusters == 4


def test_the_run_page_shows_counts_and_links_to_review_and_estimates(client_for, coordinator,
                                                                     pair_run):
    html = client_for(coordinator).get(f"/linkage/{pair_run.pk}/").content.decode()
    assert f"/linkage/{pair_run.pk}/review/" in html
    assert f"/estimates/?linkage_run={pair_run.pk}" in html


@pytest.mark.parametrize("changes, message", [
    ({"start": "2025-13-01"}, "Enter a valid date"),
    ({"end": "2024-01-01"}, "The period ends before it starts."),
    ({"review_low": "0.95"}, "Review from a probability below the threshold."),
    ({"threshold": "1.5"}, "less than or equal to"),
    ({"mode": "everything"}, "Select a valid choice"),
])
def test_the_run_form_refuses_bad_input(client_for, coordinator, changes, message):
    data = {"mode": Mode.ENCODED, "basis": "opened", "start": "2025-01-01",
            "end": "2025-12-31", "threshold": "0.9", "review_low": "0.5"} | changes
    response = client_for(coordinator).post("/linkage/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LinkageRun.objects.exists()


def test_starting_a_run_from_the_page_queues_it(client_for, coordinator,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post("/linkage/", {
            "mode": Mode.CONSENTED, "basis": "opened", "start": "2025-01-01",
            "end": "2025-12-31", "threshold": "0.9", "review_low": "0.5"})
    run = LinkageRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/linkage/{run.pk}/"
    assert run.mode == Mode.CONSENTED and run.started_by == coordinator
    page = client_for(coordinator).get(f"/linkage/{run.pk}/status/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert "HX-Refresh" not in page


def test_a_finished_run_tells_the_polling_page_to_reload(client_for, coordinator, pair_run):
    client = client_for(coordinator)
    response = client.get(f"/linkage/{pair_run.pk}/status/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_the_review_of_an_unfinished_run_goes_back_to_the_run(client_for, coordinator, pair_run):
    LinkageRun.objects.filter(pk=pair_run.pk).update(status="running")
    response = client_for(coordinator).get(f"/linkage/{pair_run.pk}/review/")
    assert response.status_code == 302 and response["Location"] == f"/linkage/{pair_run.pk}/"


def test_the_review_page_reads_a_fixed_number_of_queries(
        client_for, coordinator, org_a, org_b, coordination_body,
        django_assert_max_num_queries):
    people = [person(org, f"N{n}", "Q", datetime.date(1990, 1, 1 + n))
              for n in range(10) for org in (org_a, org_b)]
    pairs = [(people[i], people[i + 1], 0.6) for i in range(0, len(people), 2)]
    run = finished_run(coordination_body, coordinator, people, pairs)
    client = client_for(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(f"/linkage/{run.pk}/review/")
    assert response.content.decode().count('value="accepted"') == 10


def test_decided_pairs_leave_the_list_to_decide_and_stay_under_all(
        client_for, coordinator, org_a, org_b, coordination_body):
    people = [person(org, f"N{n}", "Q", datetime.date(1990, 1, 1 + n))
              for n in range(15) for org in (org_a, org_b)]
    pairs = [(people[i], people[i + 1], 0.6 + i / 1000) for i in range(0, len(people), 2)]
    pairs += [(people[i], people[i + 3], 0.55) for i in range(0, 26, 2)]
    run = finished_run(coordination_body, coordinator, people, pairs)
    assert run.uncertain == 28
    client = client_for(coordinator)
    first = client.get(f"/linkage/{run.pk}/review/").content.decode()
    assert first.count('value="accepted"') == 25 and "page=2" in first
    second = client.get(f"/linkage/{run.pk}/review/?page=2").content.decode()
    assert second.count('value="accepted"') == 3
    top = CandidatePair.objects.filter(run=run).order_by("-probability", "id").first()
    assert top is not None
    response = client.post(f"/linkage/{run.pk}/review/{top.pk}/",
                           {"decision": "rejected", "show": "all"})
    assert response["Location"] == f"/linkage/{run.pk}/review/?show=all"
    undecided = client.get(f"/linkage/{run.pk}/review/").content.decode()
    assert f'id="pair-{top.pk}"' not in undecided
    assert "1 of 28 pairs decided." in undecided
    everything = client.get(f"/linkage/{run.pk}/review/?show=all").content.decode()
    assert f'id="pair-{top.pk}"' in everything
