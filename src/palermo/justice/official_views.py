"""Official statistics pages (``/official-statistics/``): published figures and computed
indicators, public data that every signed-in member of staff reads; coordinators add figures
(one by one or by CSV) and define computed indicators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palermo.analytics.charts import Bar, bar_chart
from palermo.cases.views import add_service_errors, signed_in
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.justice import official, official_import, registry_stats
from palermo.justice.codes import ArticleGroup, Measure
from palermo.justice.models import ComputedIndicator, PublishedFigure
from palermo.justice.official_forms import FigureForm, ImportForm, IndicatorForm

MAX_UPLOAD = 2 * 1024 * 1024


@login_required
def statistics_index(request: HttpRequest) -> HttpResponse:
    pairs = (PublishedFigure.objects.order_by("measure", "article")
             .values_list("measure", "article").distinct())
    indicators = [(Measure(m).label, ArticleGroup(a).label, m, a) for m, a in pairs]
    return render(request, "justice/statistics_index.html", {
        "results": official.compute_all(), "indicators": indicators,
        "can_edit": official.may_edit(request.user),
    })


@login_required
def indicator_page(request: HttpRequest, measure: str, article: str) -> HttpResponse:
    if measure not in Measure.values or article not in ArticleGroup.values:
        raise Http404
    figures = list(PublishedFigure.objects.filter(measure=measure, article=article)
                   .order_by("jurisdiction", "year", "year_to", "pk"))
    bars = [Bar(label=(f"{f.year}" if not f.is_period else f"{f.year}–{f.year_to}*"),
                values=(f.value,)) for f in figures]
    results = [official.compute(indicator, figures) for indicator in
               ComputedIndicator.objects.filter(measure=measure, article=article)]
    registry = registry_stats.registry_table(request.user, article)
    if registry is not None:
        audit.record(actor=request.user, action=AuditAction.VIEW,
                     object_type="justice.PublishedFigure", objects=[],
                     detail={"measure": measure, "article": article,
                             "registry_scope": registry.scope})
    title = _("%(measure)s, %(article)s") % {"measure": Measure(measure).label,
                                            "article": ArticleGroup(article).label}
    return render(request, "justice/indicator.html", {
        "title": title, "figures": figures, "results": results,
        "chart": bar_chart(bars, title=title), "registry": registry,
        "series": registry_stats.SERIES, "has_period": any(f.is_period for f in figures),
    })


def _coordinator(request: HttpRequest) -> Any:
    user = signed_in(request)
    official.require_coordinator(user)
    return user


@login_required
def figure_create(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    form = FigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            figure = official.create_figure(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Figure saved."))
            return redirect("official:indicator", measure=figure.measure, article=figure.article)
    return render(request, "justice/statistics_form.html",
                  {"form": form, "title": _("Add a published figure")},
                  status=400 if form.errors else 200)


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            official.create_indicator(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Computed indicator defined."))
            return redirect("official:index")
    return render(request, "justice/statistics_form.html",
                  {"form": form, "title": _("Define a computed indicator")},
                  status=400 if form.errors else 200)


@login_required
def figure_import(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: tuple[official_import.RowError, ...] = ()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 2 MB."))
        else:
            result = official_import.import_figures(user=user, content=upload.read())
            if result.ok:
                messages.success(request, _("%(count)d figures imported.") % {
                    "count": result.created})
                return redirect("official:index")
            errors = result.errors
    return render(request, "justice/statistics_import.html", {"form": form, "errors": errors},
                  status=400 if (form.errors or errors) else 200)
