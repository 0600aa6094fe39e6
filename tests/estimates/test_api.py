"""``/api/v1/estimates``: access (anonymous 401, other roles 403 as JSON, other organisations'
estimates 404), listing and reading saved estimates, running one on a JSON table."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.test import Client

from palermo.accounts.models import User
from palermo.estimates.models import SavedEstimate
from tests.api.conftest import send
from tests.estimates.conftest import WESTERN, make_estimate

ClientFor = Callable[[User], Client]


def _western_body(**options: Any) -> dict[str, Any]:
    with WESTERN.open() as handle:
        rows = list(csv.DictReader(handle))
    lists = [name for name in rows[0] if name != "count"]
    histories = [{"history": [int(row[name]) for name in lists], "count": int(row["count"])}
                 for row in rows]
    return {"lists": lists, "histories": histories, **options}


def test_anonymous_gets_401(db: None) -> None:
    for method, url in (("get", "/api/v1/estimates"), ("get", "/api/v1/estimates/1"),
                        ("post", "/api/v1/estimates/run")):
        response = send(Client(), method, url, {})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


def test_other_roles_get_403_as_json(client_for: ClientFor, caseworker: User,
                                     org_admin: User) -> None:
    for user in (caseworker, org_admin):
        client = client_for(user)
        for method, url in (("get", "/api/v1/estimates"), ("post", "/api/v1/estimates/run")):
            response = send(client, method, url, _western_body())
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "forbidden"


def test_run_reproduces_the_engine_and_saves_nothing(client_for: ClientFor,
                                                     analyst: User) -> None:
    response = send(client_for(analyst), "post", "/api/v1/estimates/run", _western_body())
    assert response.status_code == 200
    body = response.json()
    assert body["result"]["estimate"] == 2483.4
    assert body["result"]["model"] == ["A:E"]
    assert all(v == "0" or v.startswith("<") or int(v) >= 5 for v in body["overlaps"].values())
    assert SavedEstimate.objects.count() == 0


def test_a_bad_table_is_422_with_the_engines_message(client_for: ClientFor,
                                                     analyst: User) -> None:
    body = {"lists": ["A", "B"], "histories": [{"history": [1, 1], "count": 3}]}
    response = send(client_for(analyst), "post", "/api/v1/estimates/run", body)
    assert response.status_code == 422
    assert "fewer than 2 usable lists" in response.json()["error"]["fields"]["histories"][0]
    too_many = send(client_for(analyst), "post", "/api/v1/estimates/run",
                    _western_body(ci="bca", bootstrap=100000))
    assert too_many.status_code == 422


def test_list_and_read_own_estimates_only(client_for: ClientFor, analyst: User,
                                          coordination_body: Any, org_a: Any) -> None:
    own = make_estimate(coordination_body)
    other = make_estimate(org_a)
    client = client_for(analyst)
    listed = client.get("/api/v1/estimates").json()
    assert [item["id"] for item in listed] == [own]
    assert listed[0]["url"] == f"/estimates/{own}/" and listed[0]["estimate"] == 2483.4
    detail = client.get(f"/api/v1/estimates/{own}").json()
    assert detail["result"]["model"] == ["A:E"] and detail["options"]["method"] == "stepwise"
    assert client.get(f"/api/v1/estimates/{other}").status_code == 404


def test_as_indicator(coordination_body: Any) -> None:
    saved = SavedEstimate.objects.get(pk=make_estimate(coordination_body))
    indicator = saved.as_indicator()
    assert indicator.name == saved.title
    assert indicator.value == 2483.4
    assert indicator.ci == (1680.6, 3928.1)
    assert indicator.date == saved.created_at.date()
    assert indicator.source == f"/estimates/{saved.pk}/"
