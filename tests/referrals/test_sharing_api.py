"""Field-level sharing in the API and in exports: a receiver's JSON carries the summary and the
shared groups (the rest null), writes are 404, and exports hold only owned cases."""

from __future__ import annotations

import io
import json

import pytest

from palermo.referrals.codes import ShareGroup
from tests.api.conftest import send
from tests.cases.conftest import case_a, person_a
from tests.referrals.sharing_fixtures import (
    ALL,
    SECRETS,
    org_r,
    receiver_cw,
    rich_case,
    rich_person,
    service_r,
    share,
)

__all__ = ["case_a", "org_r", "person_a", "receiver_cw", "rich_case", "rich_person",
           "service_r", "share"]

#: The groups the API carries (notes, attachments and screenings are pages only).
IN_API = (ShareGroup.IDENTITY, ShareGroup.CONTACT, ShareGroup.NARRATIVE, ShareGroup.EVENTS,
          ShareGroup.PERPETRATORS)


def _api_text(client, case) -> str:
    person = case.persons.get()
    parts = [client.get(url) for url in (
        "/api/v1/cases", f"/api/v1/cases/{case.pk}", "/api/v1/persons",
        f"/api/v1/persons/{person.pk}",
    )]
    assert [r.status_code for r in parts] == [200] * 4
    return "\n".join(json.dumps(r.json(), ensure_ascii=False) for r in parts)


@pytest.mark.parametrize("group", ALL)
def test_the_api_carries_the_shared_group_and_no_other(client_for, receiver_cw, rich_case,
                                                       share, group):
    share([group])
    text = _api_text(client_for(receiver_cw), rich_case)
    if group in IN_API:
        for value in SECRETS[group]:
            assert value in text, (group, value)
    for other, values in SECRETS.items():
        if other != group:
            for value in values:
                assert value not in text, (group, other, value)


def test_a_shared_case_read_marks_what_is_withheld(client_for, receiver_cw, rich_case, share):
    share([ShareGroup.EVENTS])
    body = client_for(receiver_cw).get(f"/api/v1/cases/{rich_case.pk}").json()
    assert body["groups"] == ["events"] and body["shared_by"] == "Organisation A"
    assert body["narrative"] is None and body["perpetrators"] is None
    assert body["means_of_control"] is None and body["relationship"] is None
    assert [e["place"] for e in body["events"]] == ["warehouse on Tverskaya"]
    assert body["code"] == rich_case.code and body["exploitation"] == ["ForcedLabour"]
    listed = client_for(receiver_cw).get("/api/v1/cases").json()["items"]
    assert [(i["code"], i["shared_by"], i["means_of_control"]) for i in listed] == [
        (rich_case.code, "Organisation A", None)]


def test_a_shared_person_read_nulls_identity_and_contacts(client_for, receiver_cw, rich_case,
                                                          share):
    share([ShareGroup.CONTACT])
    person = rich_case.persons.get()
    body = client_for(receiver_cw).get(f"/api/v1/persons/{person.pk}").json()
    assert body["groups"] == ["contact"] and body["contacts"] == ["+7 900 111 22 33"]
    assert body["given_name"] is None and body["documents"] is None
    assert body["birth_date"] is None and body["cases"] == [rich_case.code]
    assert body["gender"] == "Feminine" and body["birth_year"] == 1998


def test_the_owner_reads_everything_as_before(client_for, caseworker, rich_case, share):
    share([])
    body = client_for(caseworker).get(f"/api/v1/cases/{rich_case.pk}").json()
    assert body["shared_by"] is None and body["groups"] == sorted(ALL)
    assert body["narrative"].startswith("Recruited") and body["perpetrators"]


def test_the_receiver_cannot_change_anything_through_the_api(client_for, receiver_cw, rich_case,
                                                             share):
    share(ALL)
    client = client_for(receiver_cw)
    person = rich_case.persons.get()
    response = send(client, "patch", f"/api/v1/cases/{rich_case.pk}", {"status": "Closed"})
    assert response.status_code == 404
    response = send(client, "patch", f"/api/v1/persons/{person.pk}", {"given_name": "X"})
    assert response.status_code == 404
    response = send(client, "post", "/api/v1/cases", {
        "persons": [person.pk], "case_type": "Other", "opened_on": "2026-05-06"})
    assert response.status_code == 422 and "persons" in response.json()["error"]["fields"]
    rich_case.refresh_from_db()
    person.refresh_from_db()
    assert rich_case.status == "Active" and person.given_name == "Дилноза"
    assert list(person.cases.all()) == [rich_case]


def test_an_api_name_search_finds_no_shared_person(client_for, receiver_cw, rich_case, share):
    share(ALL)
    client = client_for(receiver_cw)
    person = rich_case.persons.get()
    assert client.get("/api/v1/persons", {"q": "Dilnoza Karimova"}).json()["count"] == 0
    assert client.get("/api/v1/cases", {"q": "FA 1234567"}).json()["count"] == 0
    assert client.get("/api/v1/persons", {"q": person.code}).json()["count"] == 1


def _export_text(response, extension: str) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if extension == "csv":
        return body.decode("utf-8-sig")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True)["cases"]
    return "\n".join(" ".join(str(v) for v in row if v is not None)
                     for row in sheet.iter_rows(values_only=True))


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_exports_hold_only_owned_cases(client_for, receiver_cw, caseworker, rich_case, share,
                                       extension):
    share(ALL)
    exported = client_for(receiver_cw).get(f"/cases/transfer/export.{extension}")
    assert exported.status_code == 200
    text = _export_text(exported, extension)
    assert "prs_PersonCode" in text
    assert rich_case.code not in text and "Dilnoza" not in text
    owner = _export_text(client_for(caseworker).get(f"/cases/transfer/export.{extension}"),
                         extension)
    assert rich_case.code in owner and "Dilnoza" in owner
