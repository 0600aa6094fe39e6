"""The facilities registry: list, a page per facility with its aggregated complaint statistics
(through disclosure control), add and edit, CSV/XLSX import. Staff who triage complaints keep
it; analysts and coordinators read it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.complaints import statistics
from palermo.complaints.facility_forms import FacilityForm, FacilityImportForm
from palermo.complaints.facility_import import import_facilities
from palermo.complaints.models import Facility
from palermo.complaints.triage_views import staff
from palermo.core import audit
from palermo.core.models import AuditAction


def may_read(user: User) -> bool:
    return has_capability(user, Capability.TRIAGE_COMPLAINTS) or has_capability(
        user, Capability.SEE_ALL_AGGREGATES)


def _reader(request: HttpRequest) -> User:
    user = staff(request)
    if not may_read(user):
        raise PermissionDenied
    return user


def _editor(request: HttpRequest) -> User:
    user = staff(request)
    if not has_capability(user, Capability.TRIAGE_COMPLAINTS):
        raise PermissionDenied
    return user


@login_required
@require_GET
def facility_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    return render(request, "complaints/facilities/list.html", {
        "facilities": Facility.objects.order_by("region", "name"),
        "can_edit": has_capability(user, Capability.TRIAGE_COMPLAINTS),
    })


@login_required
@require_GET
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    facility = get_object_or_404(Facility, pk=pk)
    rows = statistics.counted().filter(facility=facility)
    return render(request, "complaints/facilities/detail.html", {
        "facility": facility, "categories": statistics.by_category(rows),
        "labour": statistics.labour_figures(rows), "threshold": statistics.threshold(),
        "can_edit": has_capability(user, Capability.TRIAGE_COMPLAINTS),
    })


def _save(request: HttpRequest, form: FacilityForm, user: User, created: bool) -> HttpResponse:
    with transaction.atomic():
        facility = form.save()
        audit.record(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                     object_type="complaints.Facility", objects=[facility],
                     detail={"fields": sorted(form.changed_data)})
    messages.success(request, _("Facility saved."))
    return redirect("complaints:facility_detail", pk=facility.pk)


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, user, created=True)
    return render(request, "complaints/facilities/form.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    facility = get_object_or_404(Facility, pk=pk)
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, user, created=False)
    return render(request, "complaints/facilities/form.html",
                  {"form": form, "facility": facility}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def facility_import(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = FacilityImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_facilities(user=user, content=upload.read(), filename=upload.name or "")
        if result.ok:
            messages.success(request, _("%(created)d facilities added, %(updated)d updated.")
                             % {"created": result.created, "updated": result.updated})
            return redirect("complaints:facility_list")
        errors = result.errors
    return render(request, "complaints/facilities/import.html", {"form": form, "errors": errors},
                  status=400 if errors or form.errors else 200)
