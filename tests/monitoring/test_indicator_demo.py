"""The demo's indicators, trainings and plan: idempotent, honest flags, live values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from palermo.accounts import demo
from palermo.accounts.models import User
from palermo.justice import demo as justice_demo
from palermo.monitoring import indicator_demo, plan
from palermo.monitoring.models import ActionPlan, Attendee, Indicator, IndicatorValue
from palermo.monitoring.series import latest, series
from tests.monitoring.recommendation_helpers import recommendation

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_live_series_and_overdue_actions() -> None:
    organisations = demo.ensure_organisations()
    demo.ensure_accounts()
    justice_demo.ensure()
    coordinator = User.objects.get(username="coordinator")
    qatar = recommendation(
        coordinator, recommending_states=["QA"],
        text="Step up efforts to combat human trafficking and consider the possibility of "
             "developing a relevant national action plan")
    assert indicator_demo.ensure(organisations) > 0
    assert indicator_demo.ensure(organisations) == 0
    gsi = Indicator.objects.get(name__startswith="Global Slavery Index 2023: people")
    point = latest(gsi)
    assert point is not None and point.value == Decimal(1899000)
    assert not IndicatorValue.objects.filter(verified=True).exists()
    convictions = Indicator.objects.get(live_key="official:persons_convicted:127.1")
    assert [(p.date.year, p.value) for p in series(convictions)] == [(2022, Decimal(16))]
    trained = Indicator.objects.get(live_key="trainings:officials")
    assert sum(p.value for p in series(trained)) == Attendee.objects.count() == 10
    nap = ActionPlan.objects.get()
    overdue = list(plan.overdue_actions(datetime.date(2026, 11, 29),
                                        plans=ActionPlan.objects.filter(pk=nap.pk)))
    assert [action.number for action in overdue] == ["1.1", "1.2", "3.1"]
    answered = nap.objectives.get(number="2").actions.get(number="2.1")
    assert list(answered.recommendations.all()) == [qatar]
