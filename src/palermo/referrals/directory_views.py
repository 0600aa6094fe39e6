"""The service directory (``/referrals/services/``): every member organisation's staff see it
all and filter it; an organisation's staff who send referrals or manage accounts keep its own
services up to date, free places included."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.cases.views import add_service_errors, signed_in
from palermo.referrals import selectors, services
from palermo.referrals.forms import FreePlacesForm, ServiceFilterForm, ServiceForm
from palermo.referrals.models import Service
from palermo.referrals.selectors import ServiceFilters

PAGE_SIZE = 25


def _filters(form: ServiceFilterForm) -> ServiceFilters:
    values: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        values = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    return ServiceFilters(
        service_type=values.get("service_type") or "", region=values.get("region") or "",
        language=values.get("language") or "", free_only=bool(values.get("free")),
        age=values.get("age"), sex=values.get("sex") or "",
        citizenship=values.get("citizenship") or "", q=values.get("q") or "",
    )


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = ServiceFilterForm(request.GET or None, regions=selectors.directory_regions(user))
    found = selectors.filter_services(user, _filters(form))
    paginator = Paginator(found, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    editable = set(selectors.services_editable_by(user).filter(
        pk__in=[s.pk for s in page.object_list]).values_list("pk", flat=True))
    return render(request, "referrals/service_list.html", {
        "form": form, "page": page, "paginator": paginator, "query": query.urlencode(),
        "editable": editable, "may_edit": selectors.may_edit_services(user),
        "filtering": bool(form.is_bound and any(form.data.get(k) for k in form.fields)),
    }, status=400 if form.errors else 200)


@login_required
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    service = selectors.get_service(user, pk)
    editable = selectors.services_editable_by(user).filter(pk=service.pk).exists()
    return render(request, "referrals/service_detail.html", {
        "service": service, "editable": editable,
        "places_form": FreePlacesForm(initial={"capacity_free": service.capacity_free},
                                      service=service) if editable else None,
    })


def _service_form_page(request: HttpRequest, service: Service | None) -> HttpResponse:
    user = signed_in(request)
    initial = ServiceForm.initial_from(service) if service else {"active": True}
    form = ServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                saved = services.create_service(user=user, **form.cleaned_data)
            else:
                saved = services.update_service(user=user, service=service, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if service is not None:
                service.refresh_from_db()
        else:
            messages.success(request, _("Service “%(name)s” saved.") % {"name": saved.name})
            return redirect("referrals:service_detail", pk=saved.pk)
    return render(request, "referrals/service_form.html",
                  {"form": form, "service": service},
                  status=400 if form.errors else 200)


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if not selectors.may_edit_services(user):
        raise PermissionDenied
    return _service_form_page(request, None)


@login_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.get_editable_service(signed_in(request), pk)
    return _service_form_page(request, service)


@login_required
@require_POST
def service_places(request: HttpRequest, pk: int) -> HttpResponse:
    """The quick update of free places, from the directory or the service's page."""
    user = signed_in(request)
    service = selectors.get_editable_service(user, pk)
    form = FreePlacesForm(request.POST, service=service)
    if form.is_valid():
        try:
            services.set_free_places(user=user, service=service,
                                     free=form.cleaned_data["capacity_free"])
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        service.refresh_from_db()
        return render(request, "referrals/service_detail.html", {
            "service": service, "editable": True, "places_form": form,
        }, status=400)
    messages.success(request, _("Free places of “%(name)s” updated.") % {"name": service.name})
    back = request.POST.get("next", "")
    if back.startswith("/referrals/services/") and "//" not in back:
        return redirect(back)
    return redirect("referrals:service_detail", pk=service.pk)
