"""Persons and cases through the API: lists without identities, filters, pages, reads, writes,
validation that names the field and writes nothing, and an audit row for every read and write."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.api.conftest import send

from palermo.cases import services
from palermo.cases.models import Case, Person
from palermo.core.models import AuditEvent

IDENTITY_FIELDS = {
    "given_name", "family_name", "patronymic", "given_name_latin", "family_name_latin",
    "patronymic_latin", "aliases", "birth_date", "documents", "contacts", "addresses",
    "narrative", "events", "perpetrators",
}


def _make_cases(user, count, **values):
    person = services.create_person(user=user, given_name="Ана", family_name="Ли")
    return [
        services.create_case(
            user=user, persons=[person], case_type=values.get("case_type", "ForcedLabour"),
            opened_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            exploitation=values.get("exploitation", ["ForcedLabour"]),
            exploitation_region=values.get("region", "Tula"),
            status=values.get("status", "Active"),
        )
        for i in range(count)
    ]


def _audit_after(seq):
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def _last_seq():
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


# --- Lists ----------------------------------------------------------------------------------


def test_case_list_shows_no_identity_field(caseworker, client_for, case_a):
    response = client_for(caseworker).get("/api/v1/cases")
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["code"] == case_a.code
    assert item["persons"] == [case_a.persons.get().code]
    assert not IDENTITY_FIELDS & set(item)
    body = response.content.decode()
    for secret in ("Дилноза", "Karimova", "FA 1234567", "1998-03-14", "passport taken"):
        assert secret not in body


def test_person_list_shows_no_identity_field(caseworker, client_for, person_a):
    response = client_for(caseworker).get("/api/v1/persons")
    item = response.json()["items"][0]
    assert item["code"] == person_a.code
    assert item["citizenships"] == ["UZ"]
    assert not IDENTITY_FIELDS & set(item)
    for secret in ("Дилноза", "Karimova", "FA 1234567", "1998-03-14"):
        assert secret not in response.content.decode()


def test_single_reads_hold_the_identity(caseworker, client_for, case_a, person_a):
    client = client_for(caseworker)
    person = client.get(f"/api/v1/persons/{person_a.pk}").json()
    assert person["given_name"] == "Дилноза"
    assert person["documents"] == [{"type": "passport", "number": "FA 1234567", "country": "UZ"}]
    assert person["cases"] == [case_a.code]
    case = client.get(f"/api/v1/cases/{case_a.pk}").json()
    assert case["narrative"].startswith("Recruited")
    assert case["person_ids"] == [person_a.pk]


def test_case_list_pages_have_a_total_and_a_stable_order(caseworker, client_for):
    _make_cases(caseworker, 7)
    client = client_for(caseworker)
    first = client.get("/api/v1/cases?limit=3").json()
    second = client.get("/api/v1/cases?limit=3&offset=3").json()
    third = client.get("/api/v1/cases?limit=3&offset=6").json()
    assert first["count"] == second["count"] == 7
    codes = [c["code"] for page in (first, second, third) for c in page["items"]]
    assert len(codes) == len(set(codes)) == 7
    dates = [c["opened_on"] for page in (first, second, third) for c in page["items"]]
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/api/v1/cases?sort=opened&limit=1").json()["items"][0]
    assert oldest["opened_on"] == "2025-01-01"


def test_case_list_filters_like_the_page(caseworker, client_for, case_a):
    _make_cases(caseworker, 2, case_type="Trafficking", exploitation=["SexualExploitation"],
                region="Kazan", status="Closed")
    client = client_for(caseworker)

    def codes(query):
        response = client.get(f"/api/v1/cases?{query}")
        assert response.status_code == 200, response.json()
        return {c["code"] for c in response.json()["items"]}

    assert codes("status=Closed") == codes("case_type=Trafficking")
    assert len(codes("status=Closed")) == 2
    assert codes("exploitation=Servitude") == {case_a.code}
    assert codes("region=moscow") == {case_a.code}
    assert codes("opened_from=2026-05-04&opened_to=2026-05-04") == {case_a.code}
    assert codes(f"q={case_a.code}") == {case_a.code}
    assert codes("q=Karimova Dilnoza") == {case_a.code}
    assert codes("q=Каримова Дилноза") == {case_a.code}
    assert codes("q=FA1234567") == {case_a.code}
    assert codes("q=Karimov") == set()


def test_person_list_finds_exact_names_and_codes(caseworker, client_for, person_a):
    services.create_person(user=caseworker, given_name="Иван", family_name="Петров")
    client = client_for(caseworker)
    assert client.get("/api/v1/persons").json()["count"] == 2
    found = client.get("/api/v1/persons?q=dilnoza karimova").json()
    assert [p["code"] for p in found["items"]] == [person_a.code]
    assert client.get(f"/api/v1/persons?q={person_a.code}").json()["count"] == 1


@pytest.mark.parametrize("query", ["status=Open", "case_type=Slavery", "exploitation=Bad",
                                   "opened_from=yesterday", "limit=500", "offset=-1",
                                   "sort=name"])
def test_bad_list_filters_get_422_naming_the_filter(caseworker, client_for, query):
    response = client_for(caseworker).get(f"/api/v1/cases?{query}")
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [query.split("=")[0]]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_are_the_same_for_5_and_50_records(
    caseworker, client_for, django_assert_max_num_queries
):
    client = client_for(caseworker)
    _make_cases(caseworker, 5)
    few = (_queries(client, "/api/v1/cases?limit=100"), _queries(client, "/api/v1/persons"))
    _make_cases(caseworker, 45)
    many = (_queries(client, "/api/v1/cases?limit=100"), _queries(client, "/api/v1/persons"))
    assert few == many
    # Session and user, count, page, person codes, the audit append.
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/cases?limit=100").json()["items"]) == 50


# --- Audit ----------------------------------------------------------------------------------


def test_a_list_writes_one_audit_row_naming_the_records_shown(caseworker, client_for):
    cases = _make_cases(caseworker, 4)
    client = client_for(caseworker)
    seq = _last_seq()
    client.get("/api/v1/cases?limit=2&q=Ли Ана")
    [event] = _audit_after(seq)
    assert event.action == "view"
    assert event.object_type == "cases.Case"
    assert event.object_ids == [str(cases[3].pk), str(cases[2].pk)]
    assert event.detail["count"] == 4
    assert event.detail["filters"] == ["q"]
    assert "Ли" not in str(event.detail)


def test_reads_are_audited(caseworker, client_for, case_a, person_a):
    client = client_for(caseworker)
    seq = _last_seq()
    client.get(f"/api/v1/cases/{case_a.pk}")
    client.get(f"/api/v1/persons/{person_a.pk}")
    client.get("/api/v1/persons")
    events = _audit_after(seq)
    assert [(e.action, e.object_type, e.object_ids) for e in events] == [
        ("view", "cases.Case", [str(case_a.pk)]),
        ("view", "cases.Person", [str(person_a.pk)]),
        ("view", "cases.Person", [str(person_a.pk)]),
    ]
    assert all(e.actor_id == caseworker.pk for e in events)


def test_writes_are_audited_with_the_token_user_as_actor(caseworker, bearer, person_a):
    client = bearer(caseworker)
    seq = _last_seq()
    created = send(client, "post", "/api/v1/cases", {
        "persons": [person_a.pk], "case_type": "Trafficking", "opened_on": "2026-02-01",
        "exploitation": ["SexualExploitation"], "sex_exploitation": ["Prostitution"],
    })
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    send(client, "patch", f"/api/v1/cases/{case_id}", {"status": "FollowUp"})
    send(client, "patch", f"/api/v1/persons/{person_a.pk}", {"languages": ["ru"]})
    events = [(e.action, e.object_type, e.object_ids, e.actor_id) for e in _audit_after(seq)]
    assert events == [
        ("create", "cases.Case", [str(case_id)], caseworker.pk),
        ("update", "cases.Case", [str(case_id)], caseworker.pk),
        ("update", "cases.Person", [str(person_a.pk)], caseworker.pk),
    ]


# --- Writes ---------------------------------------------------------------------------------


def test_create_and_update_a_person(caseworker, client_for):
    client = client_for(caseworker)
    response = send(client, "post", "/api/v1/persons", {
        "given_name": "Нгуен", "family_name": "Ван Ань", "given_name_latin": "Nguyen",
        "gender": "Masculine", "birth_year": 2001, "citizenships": ["vn"],
        "languages": ["vi"], "documents": [{"type": "passport", "number": "C1234567",
                                             "country": "VN"}],
        "contacts": ["+84 90 000 0000"],
    })
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"].startswith("P-")
    assert body["citizenships"] == ["VN"]
    person = Person.objects.get(pk=body["id"])
    assert person.organisation_id == caseworker.organisation_id
    response = send(client, "patch", f"/api/v1/persons/{person.pk}",
                    {"birth_year": None, "contacts": None, "gender": "Feminine"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.birth_year, person.contacts, person.gender) == (None, [], "Feminine")
    assert person.given_name == "Нгуен"  # not sent, not changed
    assert client.get("/api/v1/persons?q=C1234567").json()["count"] == 1


def test_update_a_case_and_its_persons(caseworker, client_for, case_a, person_a):
    other = services.create_person(user=caseworker, given_name="Бек")
    client = client_for(caseworker)
    response = send(client, "patch", f"/api/v1/cases/{case_a.pk}", {
        "persons": [person_a.pk, other.pk], "industry": None, "exploitation": ["Servitude"],
        "closed_on": "2026-06-01", "status": "Closed",
    })
    assert response.status_code == 200, response.json()
    case_a.refresh_from_db()
    assert set(case_a.persons.values_list("pk", flat=True)) == {person_a.pk, other.pk}
    assert (case_a.industry, case_a.exploitation, case_a.status) == ("", ["Servitude"], "Closed")
    assert case_a.narrative.startswith("Recruited")


# --- Validation -----------------------------------------------------------------------------


def _unchanged(case_a, person_a):
    case, person = Case.objects.get(pk=case_a.pk), Person.objects.get(pk=person_a.pk)
    return (
        case.status == case_a.status and case.updated_at == case_a.updated_at
        and person.updated_at == person_a.updated_at
    )


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"persons", "case_type", "opened_on"}),
    ({"persons": [], "case_type": "ForcedLabour", "opened_on": "2026-01-01"}, {"persons"}),
    ({"persons": "x", "case_type": 3, "opened_on": "01/02/2026"},
     {"persons", "case_type", "opened_on"}),
    ({"persons": [999], "case_type": "ForcedLabour", "opened_on": "2026-01-01"}, {"persons"}),
    ({"persons": [1], "case_type": "Slavery", "opened_on": "2026-01-01",
      "exploitation": ["ForcedLabour", "Nope"], "means_of_control": ["Magic"],
      "recruitment_country": "XX", "age_when_trafficked": "old", "colour": "red"},
     {"case_type", "exploitation.1", "means_of_control.0", "recruitment_country",
      "age_when_trafficked", "colour"}),
])
def test_invalid_case_creation_gets_422_with_the_fields_and_writes_nothing(
    caseworker, client_for, person_a, body, fields
):
    if body.get("persons") == [1]:
        body["persons"] = [person_a.pk]
    seq = _last_seq()
    response = send(client_for(caseworker), "post", "/api/v1/cases", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == fields
    assert all(isinstance(m, str) and m for ms in error["fields"].values() for m in ms)
    assert Case.objects.count() == 0
    assert not [e for e in _audit_after(seq) if e.action != "login"]


def test_a_model_rule_broken_by_the_values_is_422_and_writes_nothing(
    caseworker, client_for, case_a, person_a
):
    seq = _last_seq()
    response = send(client_for(caseworker), "patch", f"/api/v1/persons/{person_a.pk}",
                    {"given_name": "x" * 201})
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["given_name"]
    response = send(client_for(caseworker), "patch", f"/api/v1/cases/{case_a.pk}",
                    {"case_type": None, "status": "Gone", "opened_on": None})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"status"}
    response = send(client_for(caseworker), "patch", f"/api/v1/cases/{case_a.pk}",
                    {"case_type": None, "opened_on": None, "persons": None})
    assert set(response.json()["error"]["fields"]) == {"case_type", "opened_on", "persons"}
    assert _unchanged(case_a, person_a)
    assert not [e for e in _audit_after(seq) if e.action not in {"login"}]


def test_a_body_that_is_not_json_gets_422(caseworker, client_for):
    response = client_for(caseworker).post("/api/v1/persons", data="{not json",
                                           content_type="application/json")
    assert response.status_code in {400, 422}
    assert "error" in response.json()
    assert Person.objects.count() == 0
