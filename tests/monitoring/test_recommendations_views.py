"""The recommendations registry pages: reading, creating, editing, assessing, clustering and
who may do what."""

from __future__ import annotations

from datetime import date

import pytest

from palermo.core.models import AuditEvent
from palermo.monitoring.models import Assessment, Recommendation
from tests.monitoring.recommendation_helpers import NOTE, assessment, recommendation

pytestmark = pytest.mark.django_db

FORM = {
    "mechanism": "upr", "cycle": "3", "session": "30", "document_symbol": "A/HRC/39/13",
    "paragraph": "147.20", "text": "Develop a national action plan against trafficking",
    "recommending_states": ["QA"], "state_under_review": "RU", "response": "supported",
    "themes": ["slavery_trafficking", "hr_policies"], "sdg_targets": ["8.7"],
}


def test_anonymous_is_sent_to_login(client):
    for url in ["/monitoring/recommendations/", "/monitoring/recommendations/new/",
                "/monitoring/recommendations/import/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_every_staff_member_reads_the_list_with_counts(client_for, lawyer, caseworker,
                                                       outsider):
    rec = recommendation(lawyer)
    assessment(lawyer, rec, status="partially", published=True)
    for user in (lawyer, caseworker, outsider):
        response = client_for(user).get("/monitoring/recommendations/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Enhance efforts to provide assistance" in page
        assert "Sri Lanka" in page
        assert "Partially implemented" in page


def test_the_list_filters(client_for, lawyer):
    recommendation(lawyer)
    recommendation(lawyer, text="Ratify the Protocol", recommending_states=["PL", "TH"],
                   response="noted", themes=["international_instruments"], cycle=2,
                   sdg_targets=[])
    client = client_for(lawyer)
    assert "Ratify" not in client.get("/monitoring/recommendations/?response=supported"
                                      ).content.decode()
    page = client.get("/monitoring/recommendations/?recommending_state=TH").content.decode()
    assert "Ratify" in page and "Enhance efforts" not in page
    page = client.get("/monitoring/recommendations/?theme=slavery_trafficking").content.decode()
    assert "Enhance efforts" in page and "Ratify" not in page
    page = client.get("/monitoring/recommendations/?cycle=2&q=protocol").content.decode()
    assert "Ratify" in page and "Enhance efforts" not in page
    page = client.get("/monitoring/recommendations/?status=none").content.decode()
    assert "Ratify" in page and "Enhance efforts" in page
    assert "Ratify" not in client.get("/monitoring/recommendations/?sdg=8.7").content.decode()


def test_an_editor_creates_a_recommendation_with_audit(client_for, lawyer):
    response = client_for(lawyer).post("/monitoring/recommendations/new/", FORM)
    rec = Recommendation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/recommendations/{rec.pk}/"
    assert rec.organisation_id == lawyer.organisation_id
    assert [str(c) for c in rec.recommending_states] == ["QA"]
    assert rec.themes == ["slavery_trafficking", "hr_policies"]
    event = AuditEvent.objects.filter(object_type="monitoring.Recommendation").get()
    assert "national action plan" not in str(event.detail)


def test_a_upr_recommendation_needs_its_cycle(client_for, lawyer):
    response = client_for(lawyer).post("/monitoring/recommendations/new/",
                                       {**FORM, "cycle": ""})
    assert response.status_code == 200
    assert "Give the UPR cycle" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_caseworkers_read_but_cannot_edit(client_for, caseworker, lawyer):
    rec = recommendation(lawyer)
    client = client_for(caseworker)
    assert client.get(f"/monitoring/recommendations/{rec.pk}/").status_code == 200
    assert client.get("/monitoring/recommendations/new/").status_code == 403
    assert client.post("/monitoring/recommendations/new/", FORM).status_code == 403
    assert client.get(f"/monitoring/recommendations/{rec.pk}/edit/").status_code == 403
    assert client.post(f"/monitoring/recommendations/{rec.pk}/assess/", {}).status_code == 403
    assert client.get(f"/monitoring/recommendations/{rec.pk}/cluster/").status_code == 403
    assert client.get("/monitoring/recommendations/import/").status_code == 403
    assert Recommendation.objects.count() == 1 and not Assessment.objects.exists()


def test_another_organisation_cannot_edit_it(client_for, lawyer, outsider, admin_b):
    rec = recommendation(lawyer)
    for user in (outsider, admin_b):
        client = client_for(user)
        assert client.get(f"/monitoring/recommendations/{rec.pk}/edit/").status_code == 404
        response = client.post(f"/monitoring/recommendations/{rec.pk}/edit/",
                               {**FORM, "text": "changed"})
        assert response.status_code == 404
        assert client.post(f"/monitoring/recommendations/{rec.pk}/cluster/",
                           {"cluster": "x"}).status_code == 404
    rec.refresh_from_db()
    assert rec.text.startswith("Enhance") and rec.cluster == ""


def test_the_owner_edits_it(client_for, lawyer):
    rec = recommendation(lawyer)
    response = client_for(lawyer).post(f"/monitoring/recommendations/{rec.pk}/edit/",
                                       {**FORM, "text": "Changed text"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.text == "Changed text"


def test_an_assessment_is_recorded_and_shown_as_a_timeline(client_for, lawyer):
    rec = recommendation(lawyer)
    assessment(lawyer, rec, status="not_implemented", assessed_on=date(2020, 1, 1))
    client = client_for(lawyer)
    response = client.post(f"/monitoring/recommendations/{rec.pk}/assess/", {
        "status": "partially", "assessed_on": "2024-06-01",
        "evidence": "A draft law was tabled.", "sources": "https://example.org/draft",
        "internal_note": "From a contact at the Duma", "published": "on"})
    assert response.status_code == 302
    new = Assessment.objects.get(status="partially")
    assert new.assessed_by == lawyer and new.published and new.internal_note.startswith("From")
    page = client.get(f"/monitoring/recommendations/{rec.pk}/").content.decode()
    assert page.index("Not implemented") < page.index("A draft law was tabled.")
    assert "From a contact at the Duma" in page  # the own organisation sees its notes


def test_a_future_assessment_is_refused(client_for, lawyer):
    rec = recommendation(lawyer)
    response = client_for(lawyer).post(f"/monitoring/recommendations/{rec.pk}/assess/", {
        "status": "implemented", "assessed_on": "2999-01-01", "evidence": "x"})
    assert response.status_code == 200
    assert "future" in response.content.decode()
    assert not Assessment.objects.exists()


def test_other_organisations_see_published_assessments_only_never_notes(
        client_for, lawyer, admin_b):
    rec = recommendation(lawyer)
    assessment(lawyer, rec, evidence="Unpublished evidence", published=False)
    assessment(lawyer, rec, evidence="Published evidence", published=True,
               assessed_on=date(2023, 1, 1))
    page = client_for(admin_b).get(f"/monitoring/recommendations/{rec.pk}/").content.decode()
    assert "Published evidence" in page
    assert "Unpublished evidence" not in page
    assert NOTE not in page
    assert lawyer.username not in page
    listing = client_for(admin_b).get("/monitoring/recommendations/?status=not_implemented")
    assert "Enhance efforts" in listing.content.decode()


def test_an_editor_of_another_organisation_may_assess_it(client_for, lawyer, admin_b):
    rec = recommendation(lawyer)
    response = client_for(admin_b).post(f"/monitoring/recommendations/{rec.pk}/assess/", {
        "status": "regressed", "assessed_on": "2024-06-01", "evidence": "Worse."})
    assert response.status_code == 302
    made = Assessment.objects.get()
    assert made.organisation_id == admin_b.organisation_id
    own_page = client_for(lawyer).get(f"/monitoring/recommendations/{rec.pk}/").content.decode()
    assert "Worse." not in own_page


def test_clustering_suggests_and_links_across_cycles(client_for, lawyer):
    old = recommendation(lawyer, cycle=2, paragraph="80.1", recommending_states=["AM"],
                         text="Make further efforts to fight organized crime, including the "
                              "fight against trafficking in human beings")
    new = recommendation(lawyer, cycle=3, text="Make further efforts to fight trafficking in "
                                               "human beings and organized crime (Armenia)")
    other_state = recommendation(lawyer, state_under_review="BY", text=new.text)
    assessment(lawyer, old, status="not_implemented", published=True)
    client = client_for(lawyer)
    page = client.get(f"/monitoring/recommendations/{new.pk}/cluster/").content.decode()
    assert f"/monitoring/recommendations/{old.pk}/" in page
    assert f"/monitoring/recommendations/{other_state.pk}/\"" not in page
    response = client.post(f"/monitoring/recommendations/{new.pk}/cluster/",
                           {"cluster": "Organised crime and trafficking",
                            "related": [old.pk]})
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.cluster == "Organised crime and trafficking"
    assert list(old.related.all()) == [new]
    page = client.get(f"/monitoring/recommendations/{new.pk}/").content.decode()
    history = page[page.index("History across cycles"):page.index("Actions answering it")]
    assert history.index("UPR cycle 2") < history.index("UPR cycle 3")
    assert "Not implemented" in history


def test_the_form_labels_start_with_a_capital(client_for, lawyer):
    page = client_for(lawyer).get("/monitoring/recommendations/new/").content.decode()
    for label in ("Themes", "Affected persons", "SDG targets"):
        assert f"<legend>{label}" in page
