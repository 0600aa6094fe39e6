"""The public read-only view of the recommendations (item 7 of the monitoring issue): no sign-in,
only where the deployment enables it (``PALERMO_PUBLIC_MONITORING``; otherwise 404).

It shows recommendations and the latest *published* assessment's status, date, evidence and
sources. Never internal notes, never unpublished assessments, never who assessed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from palermo.monitoring import selectors
from palermo.monitoring.models import Assessment, Recommendation
from palermo.monitoring.recommendation_forms import RecommendationFilterForm

View = Callable[..., HttpResponse]
PER_PAGE = 50
#: The only assessment fields the public page reads.
PUBLIC_ASSESSMENT_FIELDS = ("pk", "status", "assessed_on", "evidence", "sources")


def public_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(settings, "PALERMO_PUBLIC_MONITORING", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _published(recommendation: Recommendation) -> list[dict[str, Any]]:
    rows = selectors.visible_assessments(None).filter(recommendation=recommendation)
    return list(rows.values(*PUBLIC_ASSESSMENT_FIELDS))


@public_only
def recommendation_list(request: HttpRequest) -> HttpResponse:
    form = RecommendationFilterForm(request.GET or None)
    del form.fields["cluster"]
    queryset = selectors.with_latest_status(selectors.readable_all(), None)
    queryset = selectors.filter_recommendations(queryset, form.chosen())
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "monitoring/public_list.html", {
        "form": form, "page": page, "total": page.paginator.count,
        "counts": selectors.counts(queryset), "query": query.urlencode(),
    })


@public_only
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    published = _published(recommendation)
    for row in published:
        row["status_label"] = Assessment(status=row["status"]).get_status_display()
    return render(request, "monitoring/public_detail.html", {
        "recommendation": recommendation, "assessments": published,
    })
