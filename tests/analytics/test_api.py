"""``/api/v1/analytics/tables``: the pages' tables in JSON, under the pages' rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from palermo.accounts.models import User
from palermo.analytics import summary
from palermo.analytics.dashboard import KINDS
from tests.api.conftest import bearer, token_for

__all__ = ["bearer", "token_for"]

ClientFor = Callable[[User], Client]
URL = "/api/v1/analytics/tables"
PERIOD = "?year_from=2024&year_to=2025"


def _cells(table: dict[str, Any]) -> list[dict[str, Any]]:
    cells = [cell for row in table["rows"] for cell in (*row["cells"], row["total"])]
    return [*cells, *table["column_totals"], table["total"]]


@pytest.mark.django_db
def test_anonymous_callers_get_401() -> None:
    response = Client().get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["code"]


@pytest.mark.parametrize("persona", ["intake_officer", "org_admin"])
def test_roles_without_cases_or_aggregates_get_403(request: pytest.FixtureRequest,
                                                   client_for: ClientFor, persona: str) -> None:
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_caseworker_asking_for_aggregates_gets_403(client_for: ClientFor,
                                                     caseworker: User) -> None:
    assert client_for(caseworker).get(URL + "?scope=all").status_code == 403


def test_an_analyst_gets_every_table_with_hidden_cells_as_null(client_for: ClientFor,
                                                               analyst: User, registry) -> None:
    response = client_for(analyst).get(URL + PERIOD)
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "all" and body["threshold"] == 5 and body["preparing"] is False
    assert [t["slug"] for t in body["tables"]] == [kind.slug for kind in KINDS]
    hidden = 0
    for table in body["tables"]:
        assert table["years"] == [2024, 2025]
        for cell in _cells(table):
            if cell["suppressed"]:
                hidden += 1
                assert cell["value"] is None
            else:
                assert cell["value"] == 0 or cell["value"] >= 5, table["slug"]
    assert hidden > 0


def test_the_json_table_is_the_csv_table(client_for: ClientFor, analyst: User,
                                         registry) -> None:
    body = client_for(analyst).get(URL + PERIOD + "&table=case-types").json()
    (table,) = body["tables"]
    forced = next(row for row in table["rows"] if row["key"] == "ForcedLabour")
    assert forced["label"] == "Forced labour"
    assert forced["cells"] == [{"value": 8, "suppressed": False},
                               {"value": None, "suppressed": True}]
    assert forced["total"] == {"value": None, "suppressed": True}
    assert table["total"] == {"value": 35, "suppressed": False}


def test_a_caseworker_gets_exact_counts_of_their_organisation(client_for: ClientFor,
                                                              caseworker: User,
                                                              registry) -> None:
    body = client_for(caseworker).get(URL + PERIOD + "&table=case-types&table=sex").json()
    assert body["scope"] == "own" and body["threshold"] is None
    types, sex = body["tables"]
    other = next(row for row in types["rows"] if row["key"] == "Other")
    assert other["cells"] == [{"value": 0, "suppressed": False},
                              {"value": 1, "suppressed": False}]
    assert sex["total"]["value"] == 21


def test_bad_filters_and_unknown_tables_get_422_with_the_field(client_for: ClientFor,
                                                               analyst: User,
                                                               registry) -> None:
    client = client_for(analyst)
    response = client.get(URL + "?year_from=2025&year_to=2024")
    assert response.status_code == 422
    assert "year_to" in response.json()["error"]["fields"]
    response = client.get(URL + "?table=nothing")
    assert response.status_code == 422
    assert "table" in response.json()["error"]["fields"]
    response = client.get(URL + "?region=Atlantis")
    assert response.status_code == 422 and "region" in response.json()["error"]["fields"]
    response = client.get(URL + "?year_from=abc")
    assert response.status_code == 422


def test_a_token_works_like_the_session(bearer, analyst: User, registry) -> None:
    response = bearer(analyst).get(URL + PERIOD + "&table=sex")
    assert response.status_code == 200
    assert response.json()["tables"][0]["total"]["value"] == 36


def test_while_the_first_count_runs_the_answer_says_so(client_for: ClientFor, analyst: User,
                                                       registry, monkeypatch) -> None:
    monkeypatch.setattr(summary, "SYNC_LIMIT", 10)
    body = client_for(analyst).get(URL).json()
    assert body["preparing"] is True and body["tables"] == []
