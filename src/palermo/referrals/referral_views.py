"""Referral pages: incoming and outgoing lists (``/referrals/``), a referral with the actions the
user's side may take, the case's Referrals tab and sending a referral from it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases.case_views import tab_page
from palermo.cases.models import Case
from palermo.cases.selectors import get_case
from palermo.cases.views import add_service_errors, registry_required, signed_in
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.core.scoping import get_visible_or_404
from palermo.referrals import selectors, services
from palermo.referrals.codes import SHARING_STATES, ReferralStatus, ServiceType
from palermo.referrals.forms import DeclineForm, ReferralFilterForm, ReferralForm, TransitionForm
from palermo.referrals.models import Referral
from palermo.referrals.transitions import Side, actions_for

PAGE_SIZE = 25
TAB = "referrals"

View = Callable[..., HttpResponse]


def referrals_required(view: View) -> View:
    """Signed in, with a role that sends and answers referrals (others: 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_capability(request.user, Capability.SEND_REFERRALS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- Lists ------------------------------------------------------------------------------------


@referrals_required
def referral_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    box = request.GET.get("box", "incoming")
    if box not in selectors.DIRECTIONS:
        box = "incoming"
    form = ReferralFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_bound and form.is_valid() else ""
    referrals = selectors.referrals_for(user, direction=box, status=status)
    paginator = Paginator(referrals, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit.record(actor=user, action=AuditAction.VIEW, object_type="referrals.Referral",
                 objects=list(page.object_list), detail={"list": box})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "referrals/referral_list.html", {
        "box": box, "form": form, "page": page, "paginator": paginator,
        "query": query.urlencode(), "status": status,
    })


# --- One referral -----------------------------------------------------------------------------


def _detail(request: HttpRequest, referral: Referral, *, decline_form: DeclineForm | None = None,
            status: int = 200) -> HttpResponse:
    user = signed_in(request)
    side = selectors.side_of(user, referral)
    case = referral.case
    shares_now = referral.status in SHARING_STATES and selectors.consent_holds(referral)
    # The receiver sees the summary while deciding, and while the referral shares the case.
    show_summary = side == Side.SENDER or referral.status == ReferralStatus.SENT or shares_now
    case_visible = Case.objects.visible_to(user).filter(pk=case.pk).exists()
    events = list(referral.events.select_related("actor"))
    audit.record(actor=user, action=AuditAction.VIEW, object_type="referrals.Referral",
                 objects=[referral], detail={"case": case.pk})
    # Opening the referral is reading what its notifications said.
    services.mark_read(user=user, referral=referral)
    return render(request, "referrals/referral_detail.html", {
        "referral": referral, "case": case, "side": str(side or ""),
        "actions": actions_for(side, referral.status) if side else [],
        "decline_form": decline_form or DeclineForm(), "events": events,
        "show_summary": show_summary, "case_visible": case_visible,
        "lapsed": side == Side.RECEIVER and referral.status in SHARING_STATES
        and not shares_now,
        "persons": list(case.persons.only("id", "code", "gender", "birth_year",
                                          "citizenships")) if show_summary else [],
        "own_org": user.organisation_id,
    }, status=status)


@referrals_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_referral(request.user, pk)
    return _detail(request, referral)


@referrals_required
def referral_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the actions of ``transitions.TRANSITIONS`` (the ``action`` field); POST only."""
    user = signed_in(request)
    referral = selectors.get_referral(user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action. Nothing was changed."))
        return redirect("referrals:referral_detail", pk=referral.pk)
    action = form.cleaned_data["action"]
    decline_form = DeclineForm(request.POST) if action == "decline" else None
    values: dict[str, str] = {}
    if decline_form is not None:
        if selectors.side_of(user, referral) != Side.RECEIVER:
            raise PermissionDenied
        if not decline_form.is_valid():
            return _detail(request, referral, decline_form=decline_form, status=400)
        values = dict(decline_form.cleaned_data)
    try:
        services.transition(user=user, referral=referral, action=action,
                            expected_status=request.POST.get("status", ""), **values)
    except services.TransitionRefused as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        if decline_form is not None:
            add_service_errors(decline_form, exc)
            return _detail(request, referral, decline_form=decline_form, status=400)
        messages.error(request, " ".join(exc.messages))
    else:
        referral.refresh_from_db()
        messages.success(request, _("Referral of case %(case)s: %(status)s.") % {
            "case": referral.case.code, "status": referral.get_status_display()})
    return redirect("referrals:referral_detail", pk=referral.pk)


# --- The case's Referrals tab -----------------------------------------------------------------


def owns_case(user: User, case: Case) -> bool:
    return user.organisation_id is not None and user.organisation_id == case.organisation_id


@registry_required
def case_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner sees the case's consents and referrals; an organisation the case is shared with
    sees only the referrals it received (never the consents)."""
    user = signed_in(request)
    case = get_case(user, pk)
    owner = owns_case(user, case)
    consents = []
    if owner:
        consents = [(c, selectors.consent_state(c)) for c in selectors.consents_of(user, case)]
    return tab_page(request, case, TAB, "referrals/case_referrals.html", {
        "owner": owner, "consents": consents,
        "referrals": list(selectors.case_referrals(user, case)),
        "can_refer": owner and has_capability(user, Capability.SEND_REFERRALS),
        "can_consent": owner and has_capability(user, Capability.EDIT_CASES),
    })


def owned_case(user: User, pk: int) -> Case:
    """The case, if the user's organisation owns it; 404 otherwise (receivers included)."""
    return get_visible_or_404(Case.objects.owned_by(user), user, pk=pk)


@registry_required
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the case to a service of the directory, filtered by the eligibility of the case's
    persons (unless ``all=1``), by type and by region."""
    user = signed_in(request)
    case = owned_case(user, pk)
    if not has_capability(user, Capability.SEND_REFERRALS):
        raise PermissionDenied
    show_all = request.GET.get("all") == "1"
    service_type = request.GET.get("type", "")
    region = request.GET.get("region", "")
    choices = selectors.services_visible_to(user).filter(active=True).exclude(
        organisation_id=case.organisation_id).select_related("organisation")
    if not show_all:
        choices = choices.filter(selectors.case_eligibility(case))
    if service_type in ServiceType.values:
        choices = choices.filter(service_type=service_type)
    if region:
        choices = choices.filter(region__iexact=region)
    choices = choices.order_by("service_type", "region", "name", "pk")
    initial: dict[str, Any] = {}
    if request.GET.get("service", "").isdigit():
        initial["service"] = int(request.GET["service"])
    can_override = services.may_override(user)
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(data, services=choices, can_override=can_override, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            referral = services.send_referral(
                user=user, case=case, service=values["service"], message=values["message"],
                override_reason=values.get("override_reason", ""),
                override_groups=values.get("override_groups") or [],
                override_valid_until=values.get("override_valid_until"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(case)s referred to %(organisation)s.") % {
                "case": case.code, "organisation": referral.receiver.name})
            return redirect("referrals:referral_detail", pk=referral.pk)
    consented = sorted({c.recipient.name for c in selectors.consents_of(user, case)
                        if selectors.consent_state(c) == "active"})
    return tab_page(request, case, TAB, "referrals/referral_form.html", {
        "form": form, "show_all": show_all, "service_type": service_type, "region": region,
        "service_types": ServiceType.choices, "regions": selectors.directory_regions(user),
        "can_override": can_override, "consented": consented,
        "no_choices": not choices.exists(),
    }, status=400 if form.errors else 200)
