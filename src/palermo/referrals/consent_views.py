"""Recording and withdrawing the person's consent to share, on the case's Referrals tab: the case's
own organisation only (staff who edit cases); an organisation the case is shared with gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from palermo.cases.case_views import tab_page
from palermo.cases.views import add_service_errors, registry_required, require_edit
from palermo.referrals import selectors, services
from palermo.referrals.forms import ConsentForm
from palermo.referrals.referral_views import TAB, owned_case


@registry_required
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = owned_case(request.user, pk)  # type: ignore[arg-type]
    user = require_edit(request)
    assert user.organisation_id is not None  # noqa: S101 - owned_case found the user's case
    data = request.POST if request.method == "POST" else None
    form = ConsentForm(data, own_organisation_id=user.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.record_consent(user=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Consent to share with %(organisation)s recorded.") % {
                "organisation": consent.recipient.name})
            return redirect("referrals:case_referrals", pk=case.pk)
    return tab_page(request, case, TAB, "referrals/consent_form.html", {"form": form},
                    status=400 if form.errors else 200)


@registry_required
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """GET asks to confirm; POST withdraws, effective at once."""
    case = owned_case(request.user, pk)  # type: ignore[arg-type]
    user = require_edit(request)
    consent = selectors.get_consent(user, case, consent_pk)
    if request.method == "POST":
        try:
            services.withdraw_consent(user=user, consent=consent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _(
                "Consent to share with %(organisation)s withdrawn: that organisation no longer "
                "sees the case through it.") % {"organisation": consent.recipient.name})
        return redirect("referrals:case_referrals", pk=case.pk)
    live = consent.referrals.filter(status__in=services.OPEN_STATES + ("completed",)).count()
    return tab_page(request, case, TAB, "referrals/consent_withdraw.html", {
        "consent": consent, "state": selectors.consent_state(consent), "live": live,
    })
