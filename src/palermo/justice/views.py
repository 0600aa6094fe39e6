"""The Justice tab of a case: the timeline of its investigations, prosecutions (hearings,
verdicts, appeals) and proceedings against the person, and the forms to add and change them.

Owner only: every page fetches the case with ``get_owned_case``, so an outsider and a receiver
of a shared case both get 404; changing needs the edit-cases capability (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.cases.case_views import tab_page
from palermo.cases.models import Case
from palermo.cases.selectors import get_owned_case
from palermo.cases.views import add_service_errors, registry_required, require_edit
from palermo.justice import selectors, services
from palermo.justice.forms import (
    DefendantForm,
    HearingForm,
    InvestigationForm,
    ProceedingForm,
    ProsecutionForm,
)
from palermo.justice.models import Prosecution

TAB = "justice"

#: kind -> (form, getter, add service, update service, heading for a new one, for an edit)
KINDS: dict[str, tuple[Any, Any, Any, Any, Any, Any]] = {
    "investigation": (InvestigationForm, selectors.get_investigation,
                      services.add_investigation, services.update_investigation,
                      gettext_lazy("New investigation"), gettext_lazy("Edit investigation")),
    "prosecution": (ProsecutionForm, selectors.get_prosecution, services.add_prosecution,
                    services.update_prosecution, gettext_lazy("New prosecution"),
                    gettext_lazy("Edit prosecution")),
    "proceeding": (ProceedingForm, selectors.get_proceeding, services.add_proceeding,
                   services.update_proceeding,
                   gettext_lazy("New proceedings against the person"),
                   gettext_lazy("Edit proceedings against the person")),
}
NEEDS_CASE = {"prosecution", "proceeding"}


@registry_required
def justice_tab(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    investigations = selectors.investigations_of(request.user, case)
    prosecutions = selectors.prosecutions_of(request.user, case)
    proceedings = selectors.proceedings_of(request.user, case)
    return tab_page(request, case, TAB, "justice/justice_tab.html", {
        "investigations": investigations, "prosecutions": prosecutions,
        "proceedings": proceedings,
        "timeline": selectors.timeline(investigations, prosecutions, proceedings),
    })


def _form(kind: str, case: Case, data: Any, instance: Model | None) -> forms.ModelForm[Any]:
    form_class = KINDS[kind][0]
    extra = {"case": case} if kind in NEEDS_CASE else {}
    form: forms.ModelForm[Any] = form_class(data, instance=instance, **extra)
    return form


def _record_page(request: HttpRequest, pk: int, kind: str,
                 record_pk: int | None) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    _form_class, getter, add, update, new_title, edit_title = KINDS[kind]
    record = getter(request.user, case, record_pk) if record_pk is not None else None
    user = require_edit(request)
    form = _form(kind, case, request.POST or None, record)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            if record is None:
                add(user=user, case=case, **values)
            else:
                update(user=user, **{kind: record}, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("justice:justice_tab", pk=case.pk)
    return tab_page(request, case, TAB, "justice/record_form.html", {
        "form": form, "title": edit_title if record else new_title, "record": record,
    }, status=400 if form.errors else 200)


@registry_required
def investigation_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, pk, "investigation", None)


@registry_required
def investigation_edit(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    return _record_page(request, pk, "investigation", record_pk)


@registry_required
def prosecution_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, pk, "prosecution", None)


@registry_required
def prosecution_edit(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    return _record_page(request, pk, "prosecution", record_pk)


@registry_required
def proceeding_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, pk, "proceeding", None)


@registry_required
def proceeding_edit(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    return _record_page(request, pk, "proceeding", record_pk)


def _delete(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    record = KINDS[kind][1](request.user, case, record_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = require_edit(request)
    services.delete_record(user=user, record=record, kind=kind)
    messages.success(request, _("Deleted."))
    return redirect("justice:justice_tab", pk=case.pk)


@registry_required
def investigation_delete(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    return _delete(request, pk, "investigation", record_pk)


@registry_required
def prosecution_delete(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    return _delete(request, pk, "prosecution", record_pk)


@registry_required
def proceeding_delete(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    return _delete(request, pk, "proceeding", record_pk)


# --- A prosecution's hearings and defendants ---------------------------------------------------


@registry_required
def prosecution_detail(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    prosecution = selectors.get_prosecution(request.user, case, record_pk)
    which = request.POST.get("form") if request.method == "POST" else None
    hearing_form = HearingForm(request.POST if which == "hearing" else None, prefix="hearing")
    defendant_form = DefendantForm(request.POST if which == "defendant" else None,
                                   case=case, prefix="defendant")
    if request.method == "POST":
        user = require_edit(request)
        form: forms.ModelForm[Any] = hearing_form if which == "hearing" else defendant_form
        if form.is_valid():
            add = services.add_hearing if which == "hearing" else services.add_defendant
            try:
                add(user=user, prosecution=prosecution, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("justice:prosecution_detail", pk=case.pk, record_pk=prosecution.pk)
    failed = hearing_form.errors or defendant_form.errors
    return tab_page(request, case, TAB, "justice/prosecution_detail.html", {
        "prosecution": prosecution, "hearing_form": hearing_form,
        "defendant_form": defendant_form, "hearings": list(prosecution.hearings.all()),
        "defendants": list(prosecution.defendants.select_related("perpetrator")),
    }, status=400 if failed else 200)


def _child_delete(request: HttpRequest, pk: int, record_pk: int, child_pk: int,
                  kind: str) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    prosecution: Prosecution = selectors.get_prosecution(request.user, case, record_pk)
    if kind == "hearing":
        hearing = selectors.get_hearing(request.user, prosecution, child_pk)
    else:
        defendant = selectors.get_defendant(request.user, prosecution, child_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = require_edit(request)
    if kind == "hearing":
        services.delete_hearing(user=user, hearing=hearing)
    else:
        services.delete_defendant(user=user, defendant=defendant)
    messages.success(request, _("Deleted."))
    return redirect("justice:prosecution_detail", pk=case.pk, record_pk=prosecution.pk)


@registry_required
def hearing_delete(request: HttpRequest, pk: int, record_pk: int,
                   child_pk: int) -> HttpResponse:
    return _child_delete(request, pk, record_pk, child_pk, "hearing")


@registry_required
def defendant_delete(request: HttpRequest, pk: int, record_pk: int,
                     child_pk: int) -> HttpResponse:
    return _child_delete(request, pk, record_pk, child_pk, "defendant")
