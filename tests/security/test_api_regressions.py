"""What the API fuzzer found, pinned: each was a real answer of the API before its fix."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from palermo.accounts.models import User
from palermo.api.api import api
from palermo.cases.models import Case, Person


def test_the_case_read_is_documented_as_a_case() -> None:
    """The complaints router's answer to a conversion was also called ``CaseOut``, and the
    schema holds one component per name: the registry's case was documented as a conversion."""
    schema = api.get_openapi_schema()
    ref = schema["paths"]["/api/v1/cases/{case_id}"]["get"]["responses"][200]["content"][
        "application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"code", "persons", "case_type"} <= set(component["properties"])


def test_a_person_id_past_the_database_range_is_a_field_error(
    caseworker: User, client_for: Callable[[User], Client]
) -> None:
    """An id beyond 64 bits made the person query overflow (a 500)."""
    response = client_for(caseworker).post(
        "/api/v1/cases", {"persons": [2**64, 3], "case_type": "ForcedLabour",
                          "opened_on": "2026-01-01"}, content_type="application/json")
    assert response.status_code == 422
    assert "persons" in response.json()["error"]["fields"]
    assert Case.objects.count() == 0 and Person.objects.count() == 0


def test_an_offset_past_any_page_or_below_zero_is_refused(
    caseworker: User, intake_officer: User, client_for: Callable[[User], Client]
) -> None:
    """A 26-digit offset made the database refuse the query (a 500); the complaint queue took a
    negative one, which Django cannot slice (a 500)."""
    client = client_for(caseworker)
    for url in ("/api/v1/cases", "/api/v1/persons", "/api/v1/services", "/api/v1/referrals",
                "/api/v1/notifications"):
        assert client.get(url, {"offset": 10**25}).status_code == 422, url
        assert client.get(url, {"offset": 10**9}).status_code == 200, url
    queue = client_for(intake_officer)
    assert queue.get("/api/v1/complaints", {"offset": -1}).status_code == 422
    assert queue.get("/api/v1/complaints", {"offset": 10**25}).status_code == 422
    assert queue.get("/api/v1/complaints", {"offset": 3}).status_code == 200
