"""Screening pages of a case: the list (with the decision in force and its history), the
questionnaire form, a screening's result, and the signed identification decision.

An organisation a referral shares the case with reads the list and the results when the referral
shares ``screening``; screening, editing and signing are for the owning organisation only (404
for anyone else, as if the case were absent)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.case_views import tab_page
from palermo.cases.models import Case
from palermo.cases.selectors import get_case, get_owned_case, require_group
from palermo.cases.views import add_service_errors, registry_required, require_edit, signed_in
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.codes import ShareGroup
from palermo.referrals.sharing import owns
from palermo.screening import presentation, services
from palermo.screening.forms import DecisionForm, ScreeningForm
from palermo.screening.models import Screening
from palermo.screening.selectors import decisions_of, get_screening, screenings_of

TAB = "screening"


def _page(request: HttpRequest, case: Case, template: str, context: dict[str, Any],
          detail: dict[str, Any], *, status: int = 200) -> HttpResponse:
    audit.record(actor=request.user, action=AuditAction.VIEW, object_type="cases.Case",
                 objects=[case], detail={"tab": TAB, **detail})
    can_sign = (has_capability(request.user, Capability.SIGN_IDENTIFICATION)
                and owns(request.user, case))
    return tab_page(request, case, TAB, template, {"can_sign": can_sign, **context},
                    status=status, record_view=False)


def _readable_case(request: HttpRequest, pk: int) -> Case:
    """The case, if the user sees its screenings (its owner, or a referral sharing them)."""
    case = get_case(request.user, pk)
    require_group(request.user, case, ShareGroup.SCREENING)
    return case


@registry_required
def screening_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    screenings = screenings_of(request.user, case)
    decisions = decisions_of(request.user, case)
    return _page(request, case, "screening/screening_list.html", {
        "screenings": screenings, "decisions": decisions,
        "current": decisions[0] if decisions else None,
        "summary_titles": [row.title for row in presentation.frameworks(
            screenings[0].result)] if screenings else [],
    }, {})


def _form_page(request: HttpRequest, case: Case, screening: Screening | None) -> HttpResponse:
    user = require_edit(request)
    form = ScreeningForm(request.POST or None, initial=ScreeningForm.initial_from(screening))
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_screening(user=user, case=case, answers=form.answers(),
                                                screening=screening)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Screening saved."))
                return redirect("screening:screening_detail", pk=case.pk,
                                screening_pk=saved.pk)
    detail = {"screening": screening.pk, "form": True} if screening else {"form": True}
    return _page(request, case, "screening/screening_form.html",
                 {"form": form, "screening": screening}, detail,
                 status=400 if form.errors else 200)


@registry_required
def screening_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    return _form_page(request, case, None)


@registry_required
def screening_edit(request: HttpRequest, pk: int, screening_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    screening = get_screening(request.user, case, screening_pk)
    return _form_page(request, case, screening)


@registry_required
def screening_detail(request: HttpRequest, pk: int, screening_pk: int) -> HttpResponse:
    case = _readable_case(request, pk)
    screening = get_screening(request.user, case, screening_pk)
    delphi = screening.delphi
    return _page(request, case, "screening/screening_detail.html", {
        "screening": screening,
        "frameworks": presentation.frameworks(screening.result),
        "gaps": presentation.gaps(screening.result),
        "delphi_rows": presentation.delphi_rows(delphi),
        "delphi_classification": presentation.CLASSIFICATION_LABELS.get(
            delphi.get("classification", "unknown")),
        "delphi_tone": presentation.TONE.get(delphi.get("classification"), "warn"),
        "delphi_child": delphi.get("child"),
        "answered": presentation.answered(screening.answers),
    }, {"screening": screening.pk})


@registry_required
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    user = signed_in(request)
    if not has_capability(user, Capability.SIGN_IDENTIFICATION):
        raise PermissionDenied
    screenings = screenings_of(user, case)
    initial: dict[str, Any] = {"decision": case.trafficking_status}
    if screenings:
        initial["screening"] = screenings[0].pk
    form = DecisionForm(request.POST or None, screenings=screenings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        screening = next((s for s in screenings if s.pk == data["screening"]), None)
        try:
            services.sign_decision(user=user, case=case, decision=data["decision"],
                                   deciding_org=data["deciding_org"], reasons=data["reasons"],
                                   password=data["password"], screening=screening)
        except ValidationError as exc:
            add_service_errors(form, exc)
            case.refresh_from_db()
        else:
            messages.success(request, _("Decision signed. The case's trafficking status is "
                                        "updated."))
            return redirect("screening:screening_list", pk=case.pk)
    return _page(request, case, "screening/decision_form.html", {"form": form},
                 {"decision_form": True}, status=400 if form.errors else 200)
