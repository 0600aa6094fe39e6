"""The justice and official-statistics API: the owner's records, 404 for everyone else, 422
for bad input with nothing written, figures added by coordinators only."""

from __future__ import annotations

from typing import Any

from palermo.justice.models import (
    Investigation,
    ProceedingAgainstPerson,
    Prosecution,
    PublishedFigure,
)
from tests.api.conftest import send


def test_owner_lists_the_cases_justice_records(client_for, lawyer, records):
    client = client_for(lawyer)
    base = f"/api/v1/cases/{records['case'].pk}"
    investigations = client.get(f"{base}/investigations").json()
    assert [i["articles"] for i in investigations] == [["127.1-2", "322.1"]]
    prosecution = client.get(f"{base}/prosecutions").json()[0]
    assert prosecution["verdict"] == "convicted" and prosecution["hearings"] == ["2024-10-01"]
    assert prosecution["defendants"][0]["sex"] == "male"
    proceeding = client.get(f"{base}/proceedings").json()[0]
    assert proceeding["non_punishment"] is True


def test_owner_creates_records(client_for, lawyer, records: dict[str, Any]):
    client = client_for(lawyer)
    base = f"/api/v1/cases/{records['case'].pk}"
    response = send(client, "post", f"{base}/prosecutions", {
        "charges": ["127.2-1"], "court": "Court", "filed_on": "2025-01-10",
        "hearings": ["2025-02-01"], "investigation": records["investigation"].pk,
        "defendants": [{"sex": "female", "citizenship": "UZ"},
                       {"perpetrator": records["perpetrator"].pk}]})
    assert response.status_code == 201, response.json()
    created = Prosecution.objects.get(pk=response.json()["id"])
    assert created.hearings.count() == 1
    assert sorted(created.defendants.values_list("sex", flat=True)) == ["female", "male"]
    response = send(client, "post", f"{base}/proceedings", {
        "person": records["person"].pk, "offence_category": "desertion",
        "opened_on": "2025-01-01"})
    assert response.status_code == 201 and response.json()["non_punishment"] is True


def test_bad_input_is_422_and_writes_nothing(client_for, lawyer, case_a):
    client = client_for(lawyer)
    base = f"/api/v1/cases/{case_a.pk}"
    response = send(client, "post", f"{base}/investigations", {
        "agency": "Police", "articles": ["127.1-1"], "opened_on": "2024-05-01",
        "closed_on": "2024-01-01"})
    assert response.status_code == 422
    assert "closed_on" in response.json()["error"]["fields"]
    response = send(client, "post", f"{base}/investigations", {"articles": ["999"]})
    assert response.status_code == 422
    response = send(client, "post", f"{base}/prosecutions", {
        "charges": ["127.1-1"], "court": "C", "filed_on": "2024-05-01", "verdict": "convicted",
        "verdict_on": "2024-06-01", "sentence_months": -5})
    assert response.status_code == 422
    response = send(client, "post", f"{base}/proceedings", {"offence_category": "compelled",
                                                            "opened_on": "2024-01-01"})
    assert response.status_code == 422 and "person" in response.json()["error"]["fields"]
    assert not Investigation.objects.exists() and not Prosecution.objects.exists()
    assert not ProceedingAgainstPerson.objects.exists()


def test_outsider_and_receiver_get_404(client_for, outsider, receiver, records, make_referral):
    make_referral("accepted")
    base = f"/api/v1/cases/{records['case'].pk}"
    for user in (outsider, receiver):
        client = client_for(user)
        for kind, body in (("investigations", {"agency": "x"}), ("prosecutions", {"court": "x"}),
                           ("proceedings", {"offence_category": "compelled"})):
            assert client.get(f"{base}/{kind}").status_code == 404
            assert send(client, "post", f"{base}/{kind}", body).status_code == 404
    assert Investigation.objects.count() == 1


def test_analyst_gets_404_on_case_records(client_for, analyst, records):
    assert client_for(analyst).get(
        f"/api/v1/cases/{records['case'].pk}/investigations").status_code == 404


def test_figures_are_read_by_all_and_added_by_coordinators(client_for, coordinator,
                                                           caseworker, analyst):
    figure = {"source": "Court dept", "year": 2019, "jurisdiction": "RU", "article": "127.1",
              "measure": "persons_convicted", "value": 14}
    for user in (caseworker, analyst):
        assert send(client_for(user), "post", "/api/v1/official/figures",
                    figure).status_code == 403
    client = client_for(coordinator)
    assert send(client, "post", "/api/v1/official/figures", figure).status_code == 201
    assert send(client, "post", "/api/v1/official/figures",
                {**figure, "measure": "persons_jailed"}).status_code == 422
    assert send(client, "post", "/api/v1/official/figures",
                {**figure, "value": 1.5}).status_code == 422
    listed = client_for(caseworker).get("/api/v1/official/figures?article=127.1").json()
    assert [f["value"] for f in listed] == [14]
    assert PublishedFigure.objects.count() == 1


def test_indicators_are_computed(client_for, caseworker):
    from palermo.justice import demo

    demo.ensure()
    indicators = client_for(caseworker).get("/api/v1/official/indicators").json()
    assert {i["article"]: i["value"] for i in indicators} == {"127.1": 16.0, "127.2": 2.0}
