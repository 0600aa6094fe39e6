"""The national action plan: writing plans, objectives, actions, targets and progress reports,
and reading them — above all which commitments are overdue.

An action is overdue when its deadline has passed (the deadline day itself is still on time)
and it is neither done nor cancelled.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring import editing
from palermo.monitoring.models import (
    Action,
    ActionPlan,
    ActionStatus,
    ActionTarget,
    Objective,
    ProgressReport,
    Recommendation,
)

CLOSED = (ActionStatus.DONE, ActionStatus.CANCELLED)


def is_overdue(action: Action, today: datetime.date) -> bool:
    return (action.deadline is not None and action.deadline < today
            and action.status not in CLOSED)


def overdue_actions(today: datetime.date, *, agency: str = "",
                    plans: QuerySet[Any, Any] | None = None) -> QuerySet[Action]:
    """Actions whose deadline is before ``today`` and that are not done or cancelled, oldest
    deadline first; ``agency``: only those naming it among their responsible agencies."""
    actions = Action.objects.filter(deadline__lt=today).exclude(status__in=CLOSED)
    if plans is not None:
        actions = actions.filter(objective__plan__in=plans)
    if agency:
        actions = actions.filter(responsible_agencies__icontains=agency)
    return actions.select_related("objective__plan").order_by("deadline", "pk")


def agencies(actions: Iterable[Action]) -> list[str]:
    """The responsible agencies named (comma- or semicolon-separated), sorted, once each."""
    found: set[str] = set()
    for action in actions:
        for name in action.responsible_agencies.replace(";", ",").split(","):
            if name.strip():
                found.add(name.strip())
    return sorted(found, key=str.casefold)


def plans_for(user: Any) -> list[ActionPlan]:
    return cast("list[ActionPlan]", list(ActionPlan.objects.visible_to(user)))


def plan_contents(plan: ActionPlan) -> list[Objective]:
    """The plan's objectives with their actions, targets, recommendations and reports, in a
    fixed number of queries."""
    actions = Action.objects.prefetch_related(
        Prefetch("targets", queryset=ActionTarget.objects.select_related("indicator")),
        "recommendations", "progress_reports")
    return list(plan.objectives.prefetch_related(Prefetch("actions", queryset=actions)))


def counts(objectives: Iterable[Objective], today: datetime.date) -> dict[str, int]:
    """Actions by status, and how many are overdue."""
    result = {status: 0 for status in ActionStatus.values}
    result["overdue"] = 0
    for objective in objectives:
        for action in objective.actions.all():
            result[action.status] += 1
            result["overdue"] += is_overdue(action, today)
    return result


# Writes ---------------------------------------------------------------------------------------

def save_plan(*, actor: User, plan: ActionPlan, changed: Iterable[str] = ()) -> ActionPlan:
    if plan.pk is None:
        plan.organisation_id = actor.organisation_id
    return editing.save(actor=actor, instance=plan, object_type="monitoring.ActionPlan",
                        changed=changed)


def save_objective(*, actor: User, objective: Objective, changed: Iterable[str] = ()
                   ) -> Objective:
    return editing.save(actor=actor, instance=objective, object_type="monitoring.Objective",
                        changed=changed)


def save_action(*, actor: User, action: Action, recommendations: Iterable[Recommendation],
                changed: Iterable[str] = ()) -> Action:
    """Save an action and the recommendations it answers, in one transaction."""
    with transaction.atomic():
        editing.save(actor=actor, instance=action, object_type="monitoring.Action",
                     changed=changed)
        action.recommendations.set(list(recommendations))
    return action


def save_target(*, actor: User, target: ActionTarget, changed: Iterable[str] = ()
                ) -> ActionTarget:
    return editing.save(actor=actor, instance=target, object_type="monitoring.ActionTarget",
                        changed=changed)


def report_progress(*, actor: User, report: ProgressReport) -> ProgressReport:
    """Record a progress report; the action takes the status the report gives it."""
    with transaction.atomic():
        report.author = actor
        editing.save(actor=actor, instance=report, object_type="monitoring.ProgressReport")
        action = report.action
        if action.status != report.status:
            action.status = report.status
            action.save(update_fields=["status"])
            audit.record(actor=actor, action=AuditAction.UPDATE,
                         object_type="monitoring.Action", objects=[action],
                         detail={"fields": ["status"]})
    return report

