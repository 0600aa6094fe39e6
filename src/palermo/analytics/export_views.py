"""The exports page (``/analytics/exports/``): GLOTIP's tables of one year with their CSV, for
the roles that see aggregates across organisations, and the k-anonymous CTDC microdata for the
roles allowed to export anonymised data. Every download is audit-logged with counts only."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Capability, has_capability
from palermo.analytics import export, glotip_justice
from palermo.analytics.ctdc_anonymise import QUASI_IDENTIFIERS
from palermo.core.models import AuditAction

View = Callable[..., HttpResponse]


def capability_required(capability: Capability) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)


class CtdcForm(forms.Form):
    k = forms.IntegerField(label=_("k (smallest group published)"), min_value=2,
                           max_value=1000)


def _year(request: HttpRequest) -> tuple[YearForm, int | None]:
    default = timezone.localdate().year - 1
    form = YearForm(request.GET if "year" in request.GET else {"year": default})
    return form, form.cleaned_data["year"] if form.is_valid() else None


@capability_required(Capability.SEE_ALL_AGGREGATES)
def exports_page(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    threshold = settings.PALERMO_MIN_CELL
    published = export.glotip_tables(year, threshold) if year is not None else None
    if published is not None:
        export.record_glotip(request.user, published, 0, threshold, AuditAction.VIEW)
    return render(request, "analytics/exports.html", {
        "form": form, "year": year, "published": published, "threshold": threshold,
        "justice_labels": glotip_justice.LABELS,
        "can_export": has_capability(request.user, Capability.EXPORT_ANONYMISED),
        "ctdc_form": CtdcForm(initial={"k": settings.PALERMO_CTDC_K}),
        "quasi_identifiers": QUASI_IDENTIFIERS,
    }, status=200 if year is not None else 400)


@capability_required(Capability.SEE_ALL_AGGREGATES)
def glotip_csv(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    if year is None:
        return HttpResponse(form.errors.as_text(), status=400,
                            content_type="text/plain; charset=utf-8")
    threshold = settings.PALERMO_MIN_CELL
    published = export.glotip_tables(year, threshold)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="glotip-{year}.csv"'
    text = io.StringIO()
    rows = export.write_glotip_csv(text, published, settings.PALERMO_COUNTRY)
    response.write(text.getvalue())
    export.record_glotip(request.user, published, rows, threshold)
    return response


@capability_required(Capability.EXPORT_ANONYMISED)
def ctdc_zip(request: HttpRequest) -> HttpResponse:
    form = CtdcForm(request.GET if "k" in request.GET else {"k": settings.PALERMO_CTDC_K})
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400,
                            content_type="text/plain; charset=utf-8")
    data = io.StringIO()
    report = export.write_ctdc(data, form.cleaned_data["k"], request.user)
    stamp = timezone.localdate().isoformat()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(f"ctdc-k{report.k}-{stamp}.csv", data.getvalue())
        bundle.writestr("report.json", json.dumps(report.as_dict(), indent=1) + "\n")
        bundle.writestr("report.txt", report.as_text() + "\n")
    response = HttpResponse(archive.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ctdc-k{report.k}-{stamp}.zip"'
    return response
