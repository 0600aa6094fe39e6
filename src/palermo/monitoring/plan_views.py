"""National action plan pages: the plans, a plan with its objectives and actions (overdue ones
flagged), the forms, and the overdue commitments across plans for the coordination body."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.cases.views import add_service_errors
from palermo.monitoring import editing
from palermo.monitoring import plan as plans
from palermo.monitoring.models import (
    Action,
    ActionPlan,
    ActionTarget,
    Objective,
    ProgressReport,
)
from palermo.monitoring.plan_forms import (
    ActionForm,
    AgencyFilter,
    ObjectiveForm,
    PlanForm,
    ProgressForm,
    TargetForm,
)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    readable = plans.plans_for(request.user)
    rows = [(plan, plans.counts(plans.plan_contents(plan), today)) for plan in readable]
    return render(request, "monitoring/plan_list.html", {
        "rows": rows, "can_edit": editing.may_edit(request.user),
    })


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editing.readable_or_404(ActionPlan, request.user, pk=pk)
    today = timezone.localdate()
    objectives = plans.plan_contents(plan)
    sections = [(objective, [(action, plans.is_overdue(action, today))
                             for action in objective.actions.all()])
                for objective in objectives]
    return render(request, "monitoring/plan_detail.html", {
        "plan": plan, "sections": sections, "counts": plans.counts(objectives, today),
        "today": today,
        "can_edit": (editing.may_edit(request.user)
                     and plan.organisation_id == getattr(request.user, "organisation_id", None)),
    })


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """Every plan's overdue actions (all plans are readable by all staff), by agency."""
    today = timezone.localdate()
    form = AgencyFilter(request.GET or None)
    agency = form.cleaned_data["agency"].strip() if form.is_valid() else ""
    readable = ActionPlan.objects.visible_to(request.user)
    every = list(plans.overdue_actions(today, plans=readable))
    shown = list(plans.overdue_actions(today, agency=agency, plans=readable)) if agency else every
    return render(request, "monitoring/plan_overdue.html", {
        "form": form, "actions": [(action, (today - action.deadline).days)
                                  for action in shown if action.deadline is not None],
        "agencies": plans.agencies(every), "agency": agency, "today": today,
    })


def _form_page(request: HttpRequest, form: forms.BaseForm, title: str, plan: ActionPlan | None
               ) -> HttpResponse:
    return render(request, "monitoring/plan_form.html",
                  {"form": form, "title": title, "plan": plan},
                  status=400 if form.errors else 200)


def _plan_form(request: HttpRequest, plan: ActionPlan, title: str) -> HttpResponse:
    user = editing.require_editor(request.user)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plans.save_plan(actor=user, plan=form.instance, changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action plan saved."))
            return redirect("monitoring:plan_detail", pk=saved.pk)
    return _form_page(request, form, title, plan if plan.pk else None)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    return _plan_form(request, ActionPlan(), _("New action plan"))


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    return _plan_form(request, plan, _("Edit the action plan"))


def _objective_form(request: HttpRequest, plan: ActionPlan, objective: Objective,
                    title: str) -> HttpResponse:
    user = editing.require_editor(request.user)
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_objective(actor=user, objective=form.instance, changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Objective saved."))
            return redirect("monitoring:plan_detail", pk=plan.pk)
    return _form_page(request, form, title, plan)


@login_required
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    return _objective_form(request, plan, Objective(plan=plan), _("New objective"))


@login_required
def objective_edit(request: HttpRequest, pk: int, objective_pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    objective = get_object_or_404(plan.objectives.all(), pk=objective_pk)
    return _objective_form(request, plan, objective, _("Edit the objective"))


def _action_form(request: HttpRequest, plan: ActionPlan, action: Action, title: str
                 ) -> HttpResponse:
    user = editing.require_editor(request.user)
    form = ActionForm(request.POST or None, instance=action, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_action(actor=user, action=form.instance,
                              recommendations=form.cleaned_data["recommendations"],
                              changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Action saved."))
            return redirect("monitoring:plan_detail", pk=plan.pk)
    return _form_page(request, form, title, plan)


def _action_of(plan: ActionPlan, action_pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("objective"),
                             objective__plan=plan, pk=action_pk)


@login_required
def action_create(request: HttpRequest, pk: int, objective_pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    objective = get_object_or_404(plan.objectives.all(), pk=objective_pk)
    return _action_form(request, plan, Action(objective=objective), _("New action"))


@login_required
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    return _action_form(request, plan, _action_of(plan, action_pk), _("Edit the action"))


@login_required
def target_create(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    action = _action_of(plan, action_pk)
    user = editing.require_editor(request.user)
    form = TargetForm(request.POST or None, instance=ActionTarget(action=action), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_target(actor=user, target=form.instance, changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("monitoring:plan_detail", pk=plan.pk)
    return _form_page(request, form, _("Add a target to “%(action)s”") % {"action": action},
                      plan)


@login_required
def progress_create(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = editing.owned_or_404(ActionPlan, request.user, pk=pk)
    action = _action_of(plan, action_pk)
    user = editing.require_editor(request.user)
    initial: dict[str, Any] = {"reported_on": timezone.localdate(), "status": action.status}
    form = ProgressForm(request.POST or None, initial=initial,
                        instance=ProgressReport(action=action, author=user))
    if request.method == "POST" and form.is_valid():
        try:
            plans.report_progress(actor=user, report=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Progress report saved."))
            return redirect("monitoring:plan_detail", pk=plan.pk)
    return _form_page(request, form, _("Report progress on “%(action)s”") % {"action": action},
                      plan)
