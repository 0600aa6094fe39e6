"""The recommendations registry pages (``/monitoring/recommendations/``). Every signed-in member
of staff reads recommendations and the assessments they may see (their organisation's and
published ones); roles with ``EDIT_MONITORING`` create, assess, cluster and import; only the
owning organisation edits a recommendation (another organisation's: 404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring import csv_formats, recommendations, selectors
from palermo.monitoring.models import Indicator, Recommendation
from palermo.monitoring.recommendation_forms import (
    AssessmentForm,
    ClusterForm,
    ImportForm,
    RecommendationFilterForm,
    RecommendationForm,
)

View = Callable[..., HttpResponse]
PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def can_edit(user: Any) -> bool:
    return isinstance(user, User) and has_capability(user, Capability.EDIT_MONITORING)


def staff_required(view: View) -> View:
    """Signed in as an active member of an organisation (others: 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.user, User) or request.user.organisation_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view: View) -> View:
    """Signed in, with a role that edits monitoring data (others: 403)."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_edit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _get_or_404(queryset: QuerySet[Recommendation], pk: int) -> Recommendation:
    try:
        return queryset.get(pk=pk)
    except Recommendation.DoesNotExist:
        raise Http404 from None


def _own_or_404(request: HttpRequest, pk: int) -> Recommendation:
    """A recommendation the user's organisation owns (else 404), if the role edits (else 403)."""
    user = _user(request)
    recommendation = _get_or_404(selectors.editable(user), pk)
    if not can_edit(user):
        raise PermissionDenied
    return recommendation


def _filtered(request: HttpRequest) -> tuple[RecommendationFilterForm, Any]:
    form = RecommendationFilterForm(request.GET or None)
    user = _user(request)
    queryset = selectors.with_latest_status(selectors.readable(user), user)
    return form, selectors.filter_recommendations(queryset, form.chosen())


@staff_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    form, queryset = _filtered(request)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "monitoring/recommendation_list.html", {
        "form": form, "page": page, "counts": selectors.counts(queryset),
        "total": page.paginator.count, "query": query.urlencode(),
        "formats": csv_formats.FORMATS, "can_edit": can_edit(request.user),
    })


@staff_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    recommendation = _get_or_404(selectors.readable(user), pk)
    assessments = list(selectors.visible_assessments(user).filter(
        recommendation=recommendation).select_related("assessed_by").prefetch_related(
        "indicators"))
    for assessment in assessments:
        assessment.own = assessment.organisation_id == user.organisation_id  # type: ignore[attr-defined]
    owns = recommendation.organisation_id == user.organisation_id
    editable = owns and can_edit(user)
    suggestions: list[tuple[Recommendation, float]] = []
    if editable:
        candidates = selectors.readable(user).filter(
            state_under_review=recommendation.state_under_review).exclude(
            pk__in=[recommendation.pk, *recommendation.related.values_list("pk", flat=True)])
        if recommendation.cluster:
            candidates = candidates.exclude(cluster=recommendation.cluster)
        suggestions = recommendations.similar(recommendation, candidates)[:5]
    return render(request, "monitoring/recommendation_detail.html", {
        "recommendation": recommendation, "assessments": assessments,
        "timeline": list(reversed(assessments)),
        "history": selectors.cluster_history(recommendation, user),
        "actions": recommendation.actions.select_related("objective__plan"),
        "editable": editable, "can_assess": can_edit(user), "suggestions": suggestions,
    })


def _save(request: HttpRequest, form: RecommendationForm) -> HttpResponse:
    recommendation = recommendations.save_recommendation(
        actor=_user(request), recommendation=form.save(commit=False), changed=form.changed_data)
    messages.success(request, _("The recommendation is saved."))
    return redirect("monitoring:recommendation_detail", pk=recommendation.pk)


@editor_required
def recommendation_create(request: HttpRequest) -> HttpResponse:
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save(request, form)
    return render(request, "monitoring/recommendation_form.html", {"form": form})


@staff_required
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _own_or_404(request, pk)
    form = RecommendationForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        return _save(request, form)
    return render(request, "monitoring/recommendation_form.html",
                  {"form": form, "recommendation": recommendation})


@editor_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    recommendation = _get_or_404(selectors.readable(user), pk)
    form = AssessmentForm(request.POST or None,
                          indicators=Indicator.objects.visible_to(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recommendations.assess(
            actor=user, recommendation=recommendation,
            data=recommendations.AssessmentInput(
                status=data["status"], assessed_on=data["assessed_on"],
                evidence=data["evidence"], sources=data["sources"],
                internal_note=data["internal_note"], published=data["published"]),
            indicators=data["indicators"])
        messages.success(request, _("The assessment is saved."))
        return redirect("monitoring:recommendation_detail", pk=recommendation.pk)
    return render(request, "monitoring/recommendation_assess.html",
                  {"form": form, "recommendation": recommendation})


@staff_required
def recommendation_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _own_or_404(request, pk)
    user = _user(request)
    candidates = selectors.readable(user).filter(
        state_under_review=recommendation.state_under_review).exclude(pk=recommendation.pk)
    scored = dict((other.pk, score) for other, score in recommendations.similar(
        recommendation, candidates))
    form = ClusterForm(request.POST or None, candidates=candidates, initial={
        "cluster": recommendation.cluster, "related": recommendation.related.all()})
    if request.method == "POST" and form.is_valid():
        recommendations.set_cluster(actor=user, recommendation=recommendation,
                                    label=form.cleaned_data["cluster"],
                                    related=form.cleaned_data["related"])
        messages.success(request, _("The cluster is saved."))
        return redirect("monitoring:recommendation_detail", pk=recommendation.pk)
    suggested = [(other, scored[other.pk]) for other in candidates if other.pk in scored]
    suggested.sort(key=lambda pair: -pair[1])
    return render(request, "monitoring/recommendation_cluster.html", {
        "form": form, "recommendation": recommendation, "suggested": suggested,
        "threshold": recommendations.SIMILARITY_THRESHOLD,
    })


@editor_required
def recommendation_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "formats": csv_formats.FORMATS}
    if request.method == "POST" and form.is_valid():
        fmt = csv_formats.FORMATS[form.cleaned_data["format"]]
        upload = form.cleaned_data["file"]
        check_only = "check" in request.POST
        if upload.size > csv_formats.MAX_BYTES:
            result = csv_formats.ImportResult(errors=[csv_formats.size_error()])
        else:
            result = csv_formats.import_file(actor=_user(request), fmt=fmt, data=upload.read(),
                                             write=not check_only)
        context["result"] = result
        context["checked"] = check_only
        if not result.errors and not check_only:
            messages.success(request, ngettext(
                "%(created)s recommendation created, %(updated)s updated.",
                "%(created)s recommendations created, %(updated)s updated.",
                len(result.created)) % {"created": len(result.created),
                                        "updated": len(result.updated)})
            return redirect("monitoring:recommendation_list")
    return render(request, "monitoring/recommendation_import.html", context)


@staff_required
def recommendation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    chosen = csv_formats.FORMATS.get(fmt)
    if chosen is None:
        raise Http404
    _form, queryset = _filtered(request)
    rows = list(queryset)
    audit.record(actor=request.user, action=AuditAction.EXPORT,
                 object_type="monitoring.Recommendation", objects=rows,
                 detail={"format": chosen.key})
    response = HttpResponse(csv_formats.export(chosen, rows),
                            content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="recommendations-{chosen.key}-{stamp}.csv"')
    return response
