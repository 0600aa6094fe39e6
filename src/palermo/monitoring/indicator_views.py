"""Indicator pages: the list (latest value and sparkline), an indicator (chart, table, CSV),
and the forms that create and edit indicators and their typed-in values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.analytics.charts import Bar, bar_chart
from palermo.cases.views import add_service_errors
from palermo.monitoring import editing, indicators, live
from palermo.monitoring.indicator_forms import IndicatorForm, ValueForm
from palermo.monitoring.models import Indicator, IndicatorValue
from palermo.monitoring.series import series


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/indicator_list.html", {
        "rows": indicators.rows_for(request.user), "can_edit": editing.may_edit(request.user),
    })


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = editing.readable_or_404(Indicator, request.user, pk=pk)
    points = series(indicator)
    chart = bar_chart([Bar(label=point.date.isoformat(), values=(float(point.value),))
                       for point in points], title=indicator.name)
    mine = (editing.may_edit(request.user)
            and indicator.organisation_id == getattr(request.user, "organisation_id", None))
    values = ({} if indicator.live_key
              else {value.date: value for value in indicator.values.all()})
    return render(request, "monitoring/indicator_detail.html", {
        "indicator": indicator, "points": [(point, values.get(point.date)) for point in points],
        "chart": chart, "can_edit": mine,
        "live_label": (live.label(indicator.live_key, indicator.organisation_id)
                       if indicator.live_key else ""),
        "targets": indicator.targets.select_related("action__objective__plan"),
    })


@login_required
def indicator_csv(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = editing.readable_or_404(Indicator, request.user, pk=pk)
    response = HttpResponse(indicators.csv_text(indicator), content_type="text/csv")
    name = slugify(indicator.name) or f"indicator-{indicator.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _indicator_form(request: HttpRequest, indicator: Indicator, title: str) -> HttpResponse:
    user = editing.require_editor(request.user)
    form = IndicatorForm(request.POST or None, instance=indicator,
                         organisation_id=indicator.organisation_id or user.organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            saved = indicators.save_indicator(actor=user, indicator=form.instance,
                                              changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("monitoring:indicator_detail", pk=saved.pk)
    return render(request, "monitoring/indicator_form.html",
                  {"form": form, "title": title, "indicator": indicator},
                  status=400 if form.errors else 200)


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    return _indicator_form(request, Indicator(), _("New indicator"))


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = editing.owned_or_404(Indicator, request.user, pk=pk)
    return _indicator_form(request, indicator, _("Edit the indicator"))


def _value_form(request: HttpRequest, value: IndicatorValue, title: str) -> HttpResponse:
    user = editing.require_editor(request.user)
    if value.indicator.live_key:
        messages.error(request, _("This indicator is computed from palermo's data: its values "
                                  "cannot be typed in."))
        return redirect("monitoring:indicator_detail", pk=value.indicator_id)
    form = ValueForm(request.POST or None, instance=value)
    if request.method == "POST" and form.is_valid():
        try:
            indicators.save_value(actor=user, value=form.instance, changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Value saved."))
            return redirect("monitoring:indicator_detail", pk=value.indicator_id)
    return render(request, "monitoring/indicator_value_form.html",
                  {"form": form, "title": title, "indicator": value.indicator},
                  status=400 if form.errors else 200)


@login_required
def value_create(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = editing.owned_or_404(Indicator, request.user, pk=pk)
    return _value_form(request, IndicatorValue(indicator=indicator), _("Add a value"))


@login_required
def value_edit(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    indicator = editing.owned_or_404(Indicator, request.user, pk=pk)
    value = get_object_or_404(indicator.values.all(), pk=value_pk)
    return _value_form(request, value, _("Edit the value"))


@login_required
@require_POST
def value_delete(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    indicator = editing.owned_or_404(Indicator, request.user, pk=pk)
    value = get_object_or_404(indicator.values.all(), pk=value_pk)
    try:
        indicators.delete_value(actor=editing.require_editor(request.user), value=value)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Value deleted."))
    return redirect("monitoring:indicator_detail", pk=indicator.pk)
