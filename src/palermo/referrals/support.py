"""A case's support plan (HTCDS ``spl_*``): read and written by the owning organisation only."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.codes import SupportType
from palermo.referrals.models import SupportPlan
from palermo.referrals.sharing import owns

PLAN_FIELDS = ("types", "objectives", "action_plan", "planned_end", "actual_end")


def plan_of(user: Any, case: Case) -> SupportPlan | None:
    """The case's plan for its owner (None when there is none yet); Http404 for anyone else,
    including organisations a referral shares the case with."""
    if not owns(user, case):
        raise Http404
    return SupportPlan.objects.visible_to(user).filter(case=case).first()


def type_labels(plan: SupportPlan) -> list[str]:
    return [str(SupportType(code).label) for code in plan.types if code in SupportType.values]


def may_edit(user: Any) -> bool:
    return has_capability(user, Capability.EDIT_CASES)


def clean_plan(*, case: Case, types: list[str], planned_end: datetime.date | None,
               actual_end: datetime.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown = [t for t in types if t not in SupportType.values]
    if unknown:
        errors["types"] = [_("Unknown type of support: %(codes)s.") % {
            "codes": ", ".join(unknown)}]
    if planned_end is not None and planned_end < case.opened_on:
        errors["planned_end"] = [_("The planned end cannot be before the case was opened.")]
    if actual_end is not None:
        if actual_end < case.opened_on:
            errors["actual_end"] = [_("The plan cannot end before the case was opened.")]
        elif actual_end > timezone.localdate():
            errors["actual_end"] = [_("The actual end cannot be in the future.")]
    return errors


def save_plan(*, user: Any, case: Case, types: list[str], objectives: str = "",
              action_plan: str = "", planned_end: datetime.date | None = None,
              actual_end: datetime.date | None = None) -> SupportPlan:
    """Create or replace the case's support plan. Http404 for a non-owner, PermissionDenied for
    a role that may not edit cases, ValidationError by field for bad values (nothing written)."""
    plan = plan_of(user, case)
    if not may_edit(user):
        raise PermissionDenied
    types = list(dict.fromkeys(types))
    errors = clean_plan(case=case, types=types, planned_end=planned_end, actual_end=actual_end)
    if errors:
        raise ValidationError(errors)
    values = {"types": types, "objectives": objectives.strip(),
              "action_plan": action_plan.strip(), "planned_end": planned_end,
              "actual_end": actual_end}
    with transaction.atomic():
        created = plan is None
        if plan is None:
            plan = SupportPlan(case=case)
        changed = [name for name in PLAN_FIELDS if getattr(plan, name) != values[name]]
        for name, value in values.items():
            setattr(plan, name, value)
        plan.full_clean()
        plan.save()
        audit.record(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                     object_type="cases.Case", objects=[case],
                     detail={"support_plan": plan.pk, "fields": changed})
    return plan
