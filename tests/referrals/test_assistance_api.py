"""The API of assistance, support plans and reflection periods: the tab's rules, JSON errors,
anonymous 401, outsider 404."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from palermo.accounts.models import User
from palermo.api import tokens
from palermo.cases.models import Case
from palermo.referrals.models import Assistance, Referral, ReflectionPeriod, SupportPlan
from tests.cases.conftest import case_a, person_a
from tests.referrals.test_assistance import accepted, shelter_c

__all__ = ["accepted", "case_a", "person_a", "shelter_c"]

TODAY = timezone.localdate()


@pytest.fixture
def api_for(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        raw = tokens.create_token(user=user, name="test", days=None).raw
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


def _post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    return getattr(client, method)(url, data=body, content_type="application/json")


def _urls(case: Case) -> list[str]:
    base = f"/api/v1/cases/{case.pk}"
    return [f"{base}/assistance", f"{base}/support-plan", f"{base}/reflection-periods"]


def test_anonymous_gets_401_everywhere(client: Client, case_a: Case) -> None:
    for url in _urls(case_a):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "not_authenticated"
    assert _post(client, _urls(case_a)[0], {}).status_code == 401


def test_outsider_gets_404_everywhere(api_for: Callable[[User], Client], outsider: User,
                                      case_a: Case) -> None:
    client = api_for(outsider)
    for url in _urls(case_a):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    body = {"service_type": "shelter", "delivered_on": TODAY.isoformat()}
    assert _post(client, _urls(case_a)[0], body).status_code == 404
    assert _post(client, _urls(case_a)[1], {"types": []}, "put").status_code == 404
    assert not Assistance.objects.exists() and not SupportPlan.objects.exists()


def test_owner_records_and_lists_assistance(api_for: Callable[[User], Client],
                                            caseworker: User, case_a: Case) -> None:
    client = api_for(caseworker)
    created = _post(client, _urls(case_a)[0], {
        "service_type": "legal_aid", "delivered_on": TODAY.isoformat(), "quantity": "2",
        "unit": "hours", "cost": "3000", "currency": "rub", "outcome": "Appeal filed."})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["provider"] == "Organisation A"
    assert (body["quantity"], body["cost"], body["currency"]) == ("2.00", "3000.00", "RUB")
    listed = client.get(_urls(case_a)[0]).json()
    assert [item["id"] for item in listed] == [body["id"]]


@pytest.mark.parametrize(("body", "field"), [
    ({"service_type": "spa", "delivered_on": "2026-01-01"}, "service_type"),
    ({"service_type": "shelter", "delivered_on": "tomorrow"}, "delivered_on"),
    ({"service_type": "shelter", "delivered_on": "2999-01-01"}, "delivered_on"),
    ({"service_type": "shelter", "delivered_on": "2026-01-01", "cost": "-1",
      "currency": "RUB"}, "cost"),
    ({"service_type": "shelter", "delivered_on": "2026-01-01", "cost": "1",
      "currency": "XYZ"}, "currency"),
    ({"service_type": "shelter", "delivered_on": "2026-01-01", "colour": "red"}, "colour"),
])
def test_bad_assistance_is_422_with_the_field(api_for: Callable[[User], Client],
                                              caseworker: User, case_a: Case,
                                              body: dict[str, Any], field: str) -> None:
    response = _post(api_for(caseworker), _urls(case_a)[0], body)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Assistance.objects.exists()


def test_receiver_records_against_its_referral_and_sees_only_its_own(
    api_for: Callable[[User], Client], caseworker: User, receiver: User, case_a: Case,
    accepted: Referral,
) -> None:
    _post(api_for(caseworker), _urls(case_a)[0],
          {"service_type": "shelter", "delivered_on": TODAY.isoformat()})
    client = api_for(receiver)
    missing = _post(client, _urls(case_a)[0],
                    {"service_type": "shelter", "delivered_on": TODAY.isoformat()})
    assert missing.status_code == 422
    assert "referral" in missing.json()["error"]["fields"]
    wrong = _post(client, _urls(case_a)[0], {"service_type": "shelter",
                                              "delivered_on": TODAY.isoformat(),
                                              "referral": accepted.pk + 1000})
    assert wrong.status_code == 422
    made = _post(client, _urls(case_a)[0], {"service_type": "shelter",
                                             "delivered_on": TODAY.isoformat(),
                                             "referral": accepted.pk})
    assert made.status_code == 201
    assert [item["provider"] for item in client.get(_urls(case_a)[0]).json()] == [
        "Organisation C"]
    assert client.get(_urls(case_a)[1]).status_code == 404  # the plan is the owner's
    assert _post(client, _urls(case_a)[1], {"types": ["Health"]}, "put").status_code == 404


def test_receiver_of_a_completed_referral_gets_403_on_recording(
    api_for: Callable[[User], Client], receiver: User, case_a: Case, accepted: Referral,
) -> None:
    Referral.objects.filter(pk=accepted.pk).update(status="completed")
    response = _post(api_for(receiver), _urls(case_a)[0], {
        "service_type": "shelter", "delivered_on": TODAY.isoformat(), "referral": accepted.pk})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_support_plan_round_trip_and_validation(api_for: Callable[[User], Client],
                                                caseworker: User, case_a: Case) -> None:
    client = api_for(caseworker)
    assert client.get(_urls(case_a)[1]).status_code == 404
    bad = _post(client, _urls(case_a)[1], {"types": ["Nope"]}, "put")
    assert bad.status_code == 422 and "types.0" in bad.json()["error"]["fields"]
    early = _post(client, _urls(case_a)[1], {"actual_end": "2001-01-01"}, "put")
    assert early.status_code == 422 and "actual_end" in early.json()["error"]["fields"]
    saved = _post(client, _urls(case_a)[1], {"types": ["Health"], "objectives": "Recover",
                                             "planned_end": "2027-03-01"}, "put")
    assert saved.status_code == 200
    read = client.get(_urls(case_a)[1]).json()
    assert (read["types"], read["objectives"], read["planned_end"]) == (
        ["Health"], "Recover", "2027-03-01")


def test_reflection_periods_listed_with_the_case(api_for: Callable[[User], Client],
                                                 caseworker: User, case_a: Case) -> None:
    ReflectionPeriod.objects.create(case=case_a, started_on=TODAY,
                                    ends_on=TODAY + datetime.timedelta(days=30))
    periods = api_for(caseworker).get(_urls(case_a)[2]).json()
    assert len(periods) == 1 and periods[0]["open"] is True
