"""The statistics pages (``/analytics/``): the dashboard and a CSV download per table, for any
role that works with cases (their organisation's cases) and the roles that see aggregates across
organisations (always through disclosure control)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from palermo.accounts.models import User
from palermo.analytics import funnel, presentation, summary
from palermo.analytics.access import Scope, scopes_for
from palermo.analytics.dashboard import KIND_BY_SLUG, Dashboard, build
from palermo.analytics.forms import FilterForm, chosen_scope
from palermo.analytics.models import Summary
from palermo.core import audit
from palermo.core.models import AuditAction

View = Callable[..., HttpResponse]


def statistics_required(view: View) -> View:
    """Signed in, with a role that sees some statistics (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.user, User) or not scopes_for(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@dataclass
class Request:
    """What a statistics request asks for, checked: the scope (403 when not the user's), the
    filters (invalid ones left out, the form says why)."""

    user: User
    scope: Scope
    form: FilterForm
    #: The summary the figures come from (brought up to date first if it may be); None while
    #: the first one is being prepared.
    state: Summary | None


def read_request(user: User, data: Any) -> Request:
    scopes = scopes_for(user)
    scope = chosen_scope(data, scopes)
    if scope is None:
        raise PermissionDenied
    state = summary.ensure_fresh()
    form = FilterForm(data, scope=scope, scopes=scopes, own_organisation=user.organisation_id)
    return Request(user, scope, form, state)


def dashboard_for(asked: Request, slugs: list[str] | None = None) -> Dashboard | None:
    """The dashboard asked for, or None while the first summary is being prepared."""
    if asked.state is None:
        return None
    return build(asked.user, asked.scope, asked.form.filters(),
                 threshold=settings.PALERMO_MIN_CELL, slugs=slugs, state=asked.state)


def record_view(asked: Request, action: AuditAction, what: str) -> None:
    """Aggregates across organisations are audited with their filters: comparing many filtered
    tables is how small counts could be worked out, and the log shows who tried."""
    if asked.scope != Scope.ALL:
        return
    filters = asked.form.filters()
    audit.record(actor=asked.user, action=action, object_type="analytics.Statistics",
                 detail={"statistics": what, "year_from": filters.year_from,
                         "year_to": filters.year_to, "organisation": filters.organisation,
                         "region": bool(filters.region)})


@statistics_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - statistics_required checked it
    asked = read_request(request.user, request.GET)
    dashboard = dashboard_for(asked)
    record_view(asked, AuditAction.VIEW, "dashboard")
    query = request.GET.urlencode()
    sections = []
    if dashboard is not None:
        sections = [(b, presentation.chart(b), f"{b.slug}.csv" + (f"?{query}" if query else ""))
                    for b in dashboard.breakdowns]
    return render(request, "analytics/dashboard.html", {
        "form": asked.form, "dashboard": dashboard, "sections": sections, "scope": asked.scope,
        "threshold": settings.PALERMO_MIN_CELL, "justice_installed": funnel.justice_installed(),
        "refresh_minutes": int(summary.REFRESH_AFTER.total_seconds() // 60),
    }, status=400 if asked.form.errors else 200)


@statistics_required
def table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - statistics_required checked it
    if slug not in KIND_BY_SLUG:
        raise Http404
    asked = read_request(request.user, request.GET)
    dashboard = dashboard_for(asked, [slug])
    if dashboard is None:
        raise Http404
    record_view(asked, AuditAction.EXPORT, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="statistics-{slug}-{asked.scope}-{stamp}.csv"')
    writer = csv.writer(response)
    (breakdown,) = dashboard.breakdowns
    writer.writerows(presentation.csv_rows(breakdown))
    return response
