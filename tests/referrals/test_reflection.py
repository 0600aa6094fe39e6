"""The reflection period: opened by a signed presumed-victim decision (in the signing
transaction), closed by a conclusive one, shown on the case summary, and listed for the
coordinator when it is at risk."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from palermo.accounts.models import User
from palermo.cases.codes import TraffickingStatus
from palermo.cases.models import Case
from palermo.referrals import reflection
from palermo.referrals.models import ReflectionPeriod
from palermo.screening import services as screening
from tests.cases.conftest import case_a, person_a
from tests.conftest import PASSWORD

__all__ = ["case_a", "person_a"]

ClientFor = Callable[[User], Client]
TODAY = timezone.localdate()


def _sign(lawyer: User, case: Case, decision: str) -> None:
    screening.sign_decision(user=lawyer, case=case, decision=decision, deciding_org="NGO",
                            reasons="Indicators present.", password=PASSWORD)


def test_presumed_victim_decision_opens_a_period_of_the_configured_length(
    lawyer: User, case_a: Case, settings: Any,
) -> None:
    settings.PALERMO_REFLECTION_DAYS = 45
    _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)
    period = ReflectionPeriod.objects.get(case=case_a)
    assert period.started_on == TODAY
    assert period.ends_on == TODAY + datetime.timedelta(days=45)
    assert period.closed_on is None


def test_a_second_presumed_decision_keeps_the_open_period(lawyer: User, case_a: Case) -> None:
    _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)
    _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)
    assert ReflectionPeriod.objects.filter(case=case_a).count() == 1


@pytest.mark.parametrize("conclusive", [TraffickingStatus.ACTUAL,
                                        TraffickingStatus.NOT_A_VICTIM])
def test_a_conclusive_decision_closes_it(lawyer: User, case_a: Case, conclusive: str) -> None:
    _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)
    _sign(lawyer, case_a, conclusive)
    period = ReflectionPeriod.objects.get(case=case_a)
    assert period.closed_on == TODAY
    _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)  # presumed again: a new period
    assert ReflectionPeriod.objects.filter(case=case_a, closed_on__isnull=True).count() == 1


def test_a_conclusive_decision_with_no_period_opens_nothing(lawyer: User, case_a: Case) -> None:
    _sign(lawyer, case_a, TraffickingStatus.ACTUAL)
    assert not ReflectionPeriod.objects.exists()


def test_period_rolls_back_with_the_decision(lawyer: User, case_a: Case) -> None:
    with mock.patch.object(reflection.audit, "record", side_effect=RuntimeError("boom")), \
            pytest.raises(RuntimeError):
        _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)
    assert not ReflectionPeriod.objects.exists()
    assert not case_a.decisions.exists()


def test_summary_shows_the_end_date(client_for: ClientFor, lawyer: User, case_a: Case) -> None:
    _sign(lawyer, case_a, TraffickingStatus.POSSIBLE)
    end = ReflectionPeriod.objects.get().ends_on
    page = client_for(lawyer).get(f"/cases/{case_a.pk}/").content.decode()
    assert "Reflection period" in page
    assert f"ends on {end:%Y-%m-%d}" in page


def test_summary_warns_of_an_ended_period(client_for: ClientFor, lawyer: User,
                                          case_a: Case) -> None:
    ReflectionPeriod.objects.create(case=case_a, started_on=TODAY - datetime.timedelta(40),
                                    ends_on=TODAY - datetime.timedelta(10))
    page = client_for(lawyer).get(f"/cases/{case_a.pk}/").content.decode()
    assert "ended with no conclusive decision" in page


def test_at_risk_holds_open_periods_ending_soon_or_ended(case_a: Case) -> None:
    soon = ReflectionPeriod.objects.create(case=case_a, started_on=TODAY,
                                           ends_on=TODAY + datetime.timedelta(days=7))
    assert list(reflection.at_risk()) == [soon]
    soon.ends_on = TODAY + datetime.timedelta(days=8)
    soon.save()
    assert not reflection.at_risk().exists()
    soon.ends_on, soon.closed_on = TODAY - datetime.timedelta(days=1), TODAY
    soon.save()
    assert not reflection.at_risk().exists()


# --- The coordinator's list ------------------------------------------------------------------


def test_coordinator_lists_periods_at_risk_by_code_only(
    client_for: ClientFor, coordinator: User, case_a: Case,
) -> None:
    ReflectionPeriod.objects.create(case=case_a, started_on=TODAY - datetime.timedelta(40),
                                    ends_on=TODAY - datetime.timedelta(3))
    response = client_for(coordinator).get("/coordination/reflection/")
    assert response.status_code == 200
    page = response.content.decode()
    assert case_a.code in page
    assert "Organisation A" in page
    assert "ended 3 days ago" in page
    assert "Karimova" not in page and "Каримова" not in page
    overview = client_for(coordinator).get("/coordination/").content.decode()
    assert "reflection period ends within 7 days or has ended" in overview


@pytest.mark.parametrize("persona", ["caseworker", "lawyer", "org_admin", "outsider"])
def test_roles_without_aggregates_get_403(client_for: ClientFor, persona: str,
                                          request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/coordination/reflection/").status_code == 403
