"""Every API error is JSON ``{"error": {"code", "message", "fields"}}``; never an HTML page."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.api.conftest import send

from palermo.api import persons


def _error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_401_403_404_405_422_have_the_one_body(caseworker, analyst, client_for, person_a):
    _error(Client().get("/api/v1/cases"), 401, "not_authenticated")
    _error(send(client_for(analyst), "post", "/api/v1/persons", {}), 403, "forbidden")
    client = client_for(caseworker)
    _error(client.get("/api/v1/cases/424242"), 404, "not_found")
    _error(client.get("/api/v1/cases/abc"), 422, "invalid")
    error = _error(send(client, "delete", f"/api/v1/persons/{person_a.pk}"), 405,
                   "method_not_allowed")
    assert error["fields"] == {}
    error = _error(send(client, "post", "/api/v1/persons", {"gender": "X"}), 422, "invalid")
    assert list(error["fields"]) == ["gender"]


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/nothing", "/api/v1/cases/1/nope",
                                 "/api/v1/cases/"])
def test_unknown_api_paths_get_a_json_404(db, url):
    _error(Client().get(url), 404, "not_found")
    _error(Client(enforce_csrf_checks=True).post(url), 404, "not_found")


def test_405_names_the_allowed_methods(caseworker, client_for):
    response = send(client_for(caseworker), "put", "/api/v1/cases", {})
    _error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, POST"


def test_an_unexpected_failure_is_a_json_500_without_details(
    caseworker, client_for, person_a, monkeypatch
):
    def broken(person):
        raise RuntimeError("secret detail Дилноза")

    monkeypatch.setattr(persons, "person_detail", broken)
    response = client_for(caseworker).get(f"/api/v1/persons/{person_a.pk}")
    error = _error(response, 500, "server_error")
    assert "Дилноза" not in response.content.decode()
    assert "secret" not in error["message"]


def test_error_messages_follow_the_language(caseworker, client_for):
    client = client_for(caseworker)
    response = send(client, "post", "/api/v1/cases", {})
    english = response.json()["error"]["fields"]["case_type"]
    client.cookies.load({"django_language": "ru"})
    response = client.post("/api/v1/cases", data={}, content_type="application/json",
                           headers={"Accept-Language": "ru"})
    russian = response.json()["error"]["fields"]["case_type"]
    assert english == ["This field is required."]
    assert russian != english
