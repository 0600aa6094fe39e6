"""The coordination view (``/coordination/``): where the referral mechanism is failing, for the
roles that see aggregates across organisations. Counts and organisation names only."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.roles import Capability, has_capability
from palermo.analytics.charts import Bar, bar_chart
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals import coordination
from palermo.referrals.coordination import Table
from palermo.referrals.coordination_forms import CoordinationFilterForm
from palermo.referrals.reflection import WARNING_DAYS

View = Callable[..., HttpResponse]
AT_RISK_PAGE = 50


def aggregates_required(view: View) -> View:
    """Signed in, with the capability to see aggregates across organisations (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_capability(request.user, Capability.SEE_ALL_AGGREGATES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _form(request: HttpRequest) -> CoordinationFilterForm:
    return CoordinationFilterForm(request.GET or None, regions=coordination.regions())


def _charts(report: coordination.Report) -> dict[str, Any]:
    def bars(table: Table, label: Callable[[list[Any]], str], values: slice) -> list[Bar]:
        return [Bar(label(row), tuple(v or 0 for v in row[values])) for row in table.rows]

    return {
        "open": bar_chart(bars(report.open, lambda r: r[0], slice(1, -1)),
                          title=_("Open referrals by receiving organisation and age"),
                          series=report.open.headers[1:-1]),
        "declined": bar_chart(bars(report.declined, lambda r: r[0], slice(1, -1)),
                              title=_("Declined referrals by organisation and reason"),
                              series=report.declined.headers[1:-1]),
        "unmet": bar_chart(bars(report.unmet, lambda r: f"{r[0]} · {r[1]}", slice(2, 3)),
                           title=_("Referrals declined for lack of capacity")),
        "assistance": bar_chart(bars(report.assistance, lambda r: str(r[0]), slice(2, 3)),
                                title=_("Median days from identification to first "
                                        "assistance")),
    }


@aggregates_required
def coordination_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    report = coordination.report(filters)
    query = request.GET.urlencode()
    charts = _charts(report)
    sections = [(table, charts[slug], f"{slug}.csv" + (f"?{query}" if query else ""))
                for slug, table in report.tables().items()]
    return render(request, "referrals/coordination.html", {
        "form": form, "report": report, "sections": sections, "query": query,
        "warning_days": WARNING_DAYS,
    }, status=400 if form.errors else 200)


def _safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


@aggregates_required
def coordination_csv(request: HttpRequest, table: str) -> HttpResponse:
    report = coordination.report(_form(request).filters())
    found = report.tables().get(table)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="coordination-{table}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(found.headers)
    for row in found.rows:
        writer.writerow([_safe(cell) for cell in row])
    return response


@aggregates_required
def reflection_at_risk(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    paginator = Paginator(coordination.at_risk_rows(filters), AT_RISK_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{**row, "days_left": (row["ends_on"] - today).days,
             "overdue": max(0, (today - row["ends_on"]).days)} for row in page.object_list]
    audit.record(actor=request.user, action=AuditAction.VIEW, object_type="cases.Case",
                 objects=[row["case_id"] for row in rows], detail={"reflection_at_risk": True})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "referrals/coordination_reflection.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "warning_days": WARNING_DAYS,
    }, status=400 if form.errors else 200)
