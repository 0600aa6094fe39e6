"""``/api/v1/cases/{case_id}/assistance``, ``…/support-plan`` and ``…/reflection-periods``: the
same rules as the Assistance tab (``assistance.py``, ``support.py``): a case the caller cannot
see is 404; the owner sees all assistance, another organisation what it recorded; the support
plan is the owner's alone; reflection periods go with the case summary."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from palermo.api.common import ERRORS, acting_user
from palermo.api.errors import invalid_fields
from palermo.api.schemas import InputSchema
from palermo.cases.selectors import get_case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals import assistance, support
from palermo.referrals.codes import ServiceType, SupportType
from palermo.referrals.models import Assistance, ReflectionPeriod, SupportPlan

router = Router(tags=["assistance"])


class AssistanceIn(InputSchema):
    # Both required, checked after the case is found: a stranger gets 404 whatever it sends.
    service_type: ServiceType | None = None
    delivered_on: datetime.date | None = None
    quantity: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    unit: str = Field("", max_length=40)
    cost: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    currency: str = Field("", max_length=3, examples=["RUB"])
    outcome: str = Field("", max_length=10_000)
    referral: int | None = Field(None, description="The referral this help answers (required "
                                 "when your organisation does not hold the case).")


class AssistanceOut(Schema):
    id: int
    case: int
    provider: str
    referral: int | None
    service_type: str
    delivered_on: datetime.date
    quantity: str | None
    unit: str
    cost: str | None
    currency: str
    outcome: str
    recorded_at: datetime.datetime


class SupportPlanIn(InputSchema):
    types: list[SupportType] = []
    objectives: str = Field("", max_length=20_000)
    action_plan: str = Field("", max_length=20_000)
    planned_end: datetime.date | None = None
    actual_end: datetime.date | None = None


class SupportPlanOut(Schema):
    case: int
    types: list[str]
    objectives: str
    action_plan: str
    planned_end: datetime.date | None
    actual_end: datetime.date | None
    updated_at: datetime.datetime


class ReflectionPeriodOut(Schema):
    id: int
    case: int
    started_on: datetime.date
    ends_on: datetime.date
    closed_on: datetime.date | None
    open: bool


def _assistance(record: Assistance) -> dict[str, Any]:
    return {
        "id": record.pk, "case": record.case_id, "provider": record.provider.name,
        "referral": record.referral_id, "service_type": record.service_type,
        "delivered_on": record.delivered_on,
        "quantity": None if record.quantity is None else str(record.quantity),
        "unit": record.unit, "cost": None if record.cost is None else str(record.cost),
        "currency": record.currency, "outcome": record.outcome,
        "recorded_at": record.recorded_at,
    }


def _plan(plan: SupportPlan) -> dict[str, Any]:
    return {"case": plan.case_id, "types": [str(t) for t in plan.types],
            "objectives": plan.objectives, "action_plan": plan.action_plan,
            "planned_end": plan.planned_end, "actual_end": plan.actual_end,
            "updated_at": plan.updated_at}


@router.get("/{case_id}/assistance", response={200: list[AssistanceOut], **ERRORS},
            summary="Assistance delivered on a case")
def list_assistance(request: HttpRequest, case_id: int) -> Any:
    """All of it for the organisation holding the case; for another organisation, what it
    recorded itself. Writes an audit row."""
    user = acting_user(request)
    case = get_case(user, case_id)
    records = list(assistance.assistance_on(user, case))
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case", objects=[case],
                 detail={"api": "assistance"})
    return [_assistance(r) for r in records]


@router.post("/{case_id}/assistance", response={201: AssistanceOut, **ERRORS},
             summary="Record assistance delivered")
def create_assistance(request: HttpRequest, case_id: int, payload: AssistanceIn) -> Any:
    """By the organisation holding the case, or one working on an accepted (or in progress)
    referral of it, which it then names in ``referral``."""
    user = acting_user(request)
    case = get_case(user, case_id)
    values = payload.model_dump()
    missing = {name: [_("This field is required.")] for name in ("service_type", "delivered_on")
               if values[name] is None}
    if missing:
        return invalid_fields(missing)
    referral_id = values.pop("referral")
    referral = None
    if referral_id is not None:
        referral = assistance.answerable_referrals(user, case).filter(pk=referral_id).first()
        if referral is None and assistance.may_record(user, case):
            return invalid_fields({"referral": [
                _("Choose a referral your organisation is working on.")]})
    record = assistance.record_assistance(user=user, case=case, referral=referral, **values)
    return Status(201, _assistance(Assistance.objects.select_related("provider").get(
        pk=record.pk)))


@router.get("/{case_id}/support-plan", response={200: SupportPlanOut, **ERRORS},
            summary="The case's support plan (its organisation only)")
def read_support_plan(request: HttpRequest, case_id: int) -> Any:
    """404 when the case has no plan yet, or the caller's organisation does not hold it."""
    user = acting_user(request)
    case = get_case(user, case_id)
    plan = support.plan_of(user, case)
    if plan is None:
        raise Http404
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case", objects=[case],
                 detail={"api": "support_plan"})
    return _plan(plan)


@router.put("/{case_id}/support-plan", response={200: SupportPlanOut, **ERRORS},
            summary="Write or replace the case's support plan")
def write_support_plan(request: HttpRequest, case_id: int, payload: SupportPlanIn) -> Any:
    user = acting_user(request)
    case = get_case(user, case_id)
    return _plan(support.save_plan(user=user, case=case, **payload.model_dump()))


@router.get("/{case_id}/reflection-periods", response={200: list[ReflectionPeriodOut], **ERRORS},
            summary="The case's reflection periods, newest first")
def list_reflection_periods(request: HttpRequest, case_id: int) -> Any:
    """Opened by a signed presumed-victim decision, closed by a conclusive one."""
    user = acting_user(request)
    case = get_case(user, case_id)
    return [{"id": p.pk, "case": p.case_id, "started_on": p.started_on, "ends_on": p.ends_on,
             "closed_on": p.closed_on, "open": p.closed_on is None}
            for p in ReflectionPeriod.objects.filter(case=case)]
