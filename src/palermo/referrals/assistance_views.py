"""The Assistance tab of a case: help delivered (recorded by the owner and by organisations
working on a referral of the case) and, for the owner, the support plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from palermo.cases.case_views import tab_page
from palermo.cases.selectors import get_case
from palermo.cases.views import add_service_errors, registry_required, signed_in
from palermo.referrals import assistance, support
from palermo.referrals.assistance_forms import AssistanceForm, SupportPlanForm
from palermo.referrals.sharing import owns


@registry_required
def case_assistance(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    case = get_case(user, pk)
    owner = owns(user, case)
    may_record = assistance.may_record(user, case)
    referrals = list(assistance.answerable_referrals(user, case)) if may_record else []
    form = AssistanceForm(request.POST or None, referrals=referrals, owner=owner)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                assistance.record_assistance(user=user, case=case, **form.service_values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Assistance recorded."))
                return redirect("referrals_assistance:case_assistance", pk=case.pk)
    records = list(assistance.assistance_on(user, case))
    plan = support.plan_of(user, case) if owner else None
    return tab_page(request, case, "assistance", "referrals/assistance_tab.html", {
        "form": form, "records": records, "may_record": may_record, "owner": owner,
        "plan": plan, "plan_types": support.type_labels(plan) if plan else [],
    }, status=400 if form.errors else 200, record_view=request.method != "POST")


@registry_required
def support_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    case = get_case(user, pk)
    plan = support.plan_of(user, case)  # 404 for anyone but the owner
    if not support.may_edit(user):
        raise PermissionDenied
    initial = {name: getattr(plan, name) for name in support.PLAN_FIELDS} if plan else {}
    form = SupportPlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                support.save_plan(user=user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Support plan saved."))
                return redirect("referrals_assistance:case_assistance", pk=case.pk)
    return tab_page(request, case, "assistance", "referrals/support_plan_form.html",
                    {"form": form, "plan": plan}, status=400 if form.errors else 200,
                    record_view=request.method != "POST")
