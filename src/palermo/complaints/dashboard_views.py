"""The monitoring dashboard: complaints by category, month, region and facility, prison labour
against the reference values, recruitment by recruiter type. Aggregates only, every count through
disclosure control; each chart has its table and a CSV download."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from palermo.analytics.charts import Bar, bar_chart
from palermo.analytics.disclosure import SuppressedSeries, SuppressedTable
from palermo.analytics.disclosure import render as cell_text
from palermo.complaints import statistics
from palermo.complaints.facility_views import _reader
from palermo.core import audit
from palermo.core.models import AuditAction


def _series_chart(series: SuppressedSeries, title: str) -> Any:
    bars = [Bar(label, (cell.value,)) for label, cell in series.items() if cell.value]
    return bar_chart(bars, title=title)


def _sections() -> dict[str, tuple[str, SuppressedSeries]]:
    rows = statistics.counted()
    return {
        "category": (_("Complaints by category"), statistics.by_category(rows)),
        "region": (_("Complaints by region"), statistics.by_region(rows)),
        "facility": (_("Complaints by facility"), statistics.by_facility(rows)),
        "recruiter": (_("Recruitment reports by who recruited"), statistics.by_recruiter(rows)),
    }


def _month_table() -> SuppressedTable:
    return statistics.by_month_and_category(statistics.counted(), timezone.localdate())


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    sections = [(key, title, series, _series_chart(series, title))
                for key, (title, series) in _sections().items()]
    months = _month_table()
    month_chart = bar_chart(
        [Bar(label, tuple(c.value or 0 for c in cells)) for label, cells, _t in
         months.rows_with_totals()],
        title=_("Complaints by month and category"), series=months.columns)
    audit.record(actor=user, action=AuditAction.VIEW, object_type="complaints.Dashboard",
                 detail={"aggregates": True})
    return render(request, "complaints/dashboard.html", {
        "sections": sections, "months": months, "month_chart": month_chart,
        "labour": statistics.labour_figures(statistics.counted()),
        "threshold": statistics.threshold(),
    })


def _safe(text: str) -> str:
    """No cell may start a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") and text != "–" else text


@login_required
@require_GET
def dashboard_csv(request: HttpRequest, section: str) -> HttpResponse:
    user = _reader(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="complaints-{section}.csv"'
    writer = csv.writer(response)
    if section == "month":
        table = _month_table()
        writer.writerow([_("month"), *table.column_keys, _("total")])
        for key, (_label, cells, total) in zip(table.row_keys, table.rows_with_totals(),
                                               strict=True):
            writer.writerow([key, *(cell_text(c) for c in cells), cell_text(total)])
    else:
        sections = _sections()
        if section not in sections:
            raise Http404
        _title, series = sections[section]
        writer.writerow([_("category"), _("complaints")])
        for label, cell in series.items():
            writer.writerow([_safe(label), cell_text(cell)])
        writer.writerow([_("total"), cell_text(series.total)])
    audit.record(actor=user, action=AuditAction.EXPORT, object_type="complaints.Dashboard",
                 detail={"csv": section})
    return response
