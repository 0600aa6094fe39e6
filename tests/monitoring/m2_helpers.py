"""Builders shared by the indicator, action plan and training tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from palermo.accounts.models import Organisation, User
from palermo.monitoring.models import (
    Action,
    ActionPlan,
    Course,
    Indicator,
    IndicatorValue,
    Objective,
    TrainingSession,
)


def org(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


def indicator(user: User, **fields: Any) -> Indicator:
    values: dict[str, Any] = {"name": "Global Slavery Index estimate", "unit": "persons",
                              "source": "Walk Free"}
    values.update(fields)
    return Indicator.objects.create(organisation=org(user), **values)


def value(of: Indicator, day: date, amount: str, **fields: Any) -> IndicatorValue:
    return IndicatorValue.objects.create(indicator=of, date=day, value=Decimal(amount), **fields)


def plan(user: User, **fields: Any) -> ActionPlan:
    values: dict[str, Any] = {"title": "National action plan 2024–2026",
                              "starts_on": date(2024, 1, 1), "ends_on": date(2026, 12, 31)}
    values.update(fields)
    return ActionPlan.objects.create(organisation=org(user), **values)


def action(of: ActionPlan, **fields: Any) -> Action:
    objective = of.objectives.first() or Objective.objects.create(plan=of, number="1",
                                                                   title="Identify victims")
    values: dict[str, Any] = {"number": "1.1", "title": "Train labour inspectors",
                              "responsible_agencies": "Labour inspection, Police"}
    values.update(fields)
    return Action.objects.create(objective=objective, **values)


def course(user: User, **fields: Any) -> Course:
    return Course.objects.create(organisation=org(user),
                                 **{"title": "Identifying forced labour", **fields})


def session(of: Course, day: date = date(2024, 3, 1), **fields: Any) -> TrainingSession:
    values: dict[str, Any] = {"region": "Moscow", "audience_agency": "police"}
    values.update(fields)
    return TrainingSession.objects.create(course=of, held_on=day, **values)
