"""The linkage pages (``/linkage/``): start a run over the organisations' lists, follow it,
review the uncertain pairs (codes and agreement levels, never names) and hand the result to the
estimates page; and, for caseworkers, their own organisation's likely duplicates to merge.

Runs: roles with ``RUN_LINKAGE`` (others 403), analysts only encoded runs (a consented run is
404 for them). Duplicates: roles that edit cases; another organisation's suggestion is 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.core.scoping import get_visible_or_404
from palermo.linkage import selectors, services
from palermo.linkage.forms import DecisionForm, MergeForm, RunForm
from palermo.linkage.models import (
    CandidatePair,
    DuplicateSuggestion,
    LinkageRun,
    Status,
    SuggestionStatus,
    modes_for,
)

View = Callable[..., HttpResponse]


def _requires(*capabilities: Capability) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not isinstance(user, User) or not all(
                    has_capability(user, c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


linkage_required = _requires(Capability.RUN_LINKAGE)
merging_required = _requires(Capability.SEE_IDENTITIES, Capability.EDIT_CASES)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the decorators checked it
    return request.user


@linkage_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RunForm(request.POST or None, modes=modes_for(user))
    if request.method == "POST" and form.is_valid():
        run = services.start_run(user=user, **form.cleaned_data)
        messages.success(request, _("Linkage run started."))
        return redirect(run)
    return render(request, "linkage/index.html",
                  {"form": form, "runs": selectors.runs_for(user)[:50]})


def _run(request: HttpRequest, pk: int) -> LinkageRun:
    return get_visible_or_404(LinkageRun.objects.select_related("started_by"), request.user,
                              pk=pk)


@linkage_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    audit.record(actor=request.user, action=AuditAction.VIEW, object_type="linkage.LinkageRun",
                 objects=[run])
    context: dict[str, Any] = {"run": run}
    if run.status == Status.DONE:
        context["sizes"] = selectors.cluster_sizes(run)
        context["next_pair"] = selectors.next_undecided(run)
        context["linked_persons"] = run.records - run.clusters
    return render(request, "linkage/run_detail.html", context)


@linkage_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the run page polls; a finished run reloads the page."""
    run = _run(request, pk)
    response = render(request, "linkage/run_status.html", {"run": run})
    if run.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


REVIEW_PAGE = 25
SHOWS = ("", "all", "matched")


@linkage_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The pairs to decide (``?show=all``: every pair of the band, decided ones too;
    ``?show=matched``: the pairs above the threshold, to reject a false match), 25 a page; the
    first undecided pair is highlighted and its first button focused."""
    run = _run(request, pk)
    if run.status != Status.DONE:
        return redirect(run)
    show = request.GET.get("show", "")
    show = show if show in SHOWS else ""
    page = Paginator(selectors.pairs_to_review(run, show=show), REVIEW_PAGE).get_page(
        request.GET.get("page"))
    rows = selectors.review_rows(page.object_list)
    audit.record(actor=request.user, action=AuditAction.VIEW,
                 object_type="linkage.CandidatePair", objects=[row.pair for row in rows],
                 detail={"run": run.pk})
    undecided = selectors.pairs_to_review(run).count()
    return render(request, "linkage/review.html", {
        "run": run, "rows": rows, "page": page, "show": show,
        "query": f"show={show}" if show else "", "current": selectors.next_undecided(run),
        "undecided": undecided, "decided": run.uncertain - undecided,
        "matched": run.pairs - run.uncertain})


@require_POST
@linkage_required
def decide(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        pair = CandidatePair.objects.get(run=run, pk=pair_pk)
    except CandidatePair.DoesNotExist:
        raise Http404 from None
    form = DecisionForm(request.POST)
    if not form.is_valid() or run.status != Status.DONE:
        messages.error(request, _("Choose “same person” or “different persons”."))
        return redirect("linkage:review", pk=run.pk)
    clusters = services.decide(user=_user(request), pair=pair,
                               decision=form.cleaned_data["decision"])
    messages.success(request, _("Decision saved: %(clusters)s persons after linkage.")
                     % {"clusters": clusters})
    # No #fragment: the next undecided pair's first button has autofocus, which browsers skip
    # when the address names a fragment.
    url = reverse("linkage:review", kwargs={"pk": run.pk})
    show = request.POST.get("show", "")
    return redirect(f"{url}?show={show}" if show in SHOWS and show else url)


@merging_required
def duplicates(request: HttpRequest) -> HttpResponse:
    rows = selectors.open_duplicates(request.user)
    shown = [person for _s, first, second in rows for person in (first, second)]
    audit.record(actor=request.user, action=AuditAction.VIEW, object_type="cases.Person",
                 objects=shown, detail={"duplicates": [row[0].pk for row in rows]})
    forms = [(suggestion, first, second,
              MergeForm(persons=[(first.pk, first.code), (second.pk, second.code)],
                        initial={"keep": first.pk}, prefix=f"s{suggestion.pk}"))
             for suggestion, first, second in rows]
    return render(request, "linkage/duplicates.html", {"rows": forms})


def _suggestion(request: HttpRequest, pk: int) -> tuple[DuplicateSuggestion, int, int]:
    suggestion = get_visible_or_404(DuplicateSuggestion.objects.all(), request.user, pk=pk,
                                    status=SuggestionStatus.OPEN)
    return suggestion, suggestion.first_id, suggestion.second_id


@require_POST
@merging_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion, first, second = _suggestion(request, pk)
    form = MergeForm(request.POST, persons=[(first, str(first)), (second, str(second))],
                     prefix=f"s{suggestion.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose which of the two persons to keep."))
        return redirect("linkage:duplicates")
    try:
        kept = services.merge(user=_user(request), suggestion=suggestion,
                              keep_id=form.cleaned_data["keep"])
    except services.MergeError:
        messages.error(request, _("This pair was already handled."))
        return redirect("linkage:duplicates")
    messages.success(request, _("Merged into %(code)s.") % {"code": kept.code})
    return redirect("linkage:duplicates")


@require_POST
@merging_required
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion, _first, _second = _suggestion(request, pk)
    try:
        services.dismiss(user=_user(request), suggestion=suggestion)
    except services.MergeError:
        messages.error(request, _("This pair was already handled."))
    else:
        messages.success(request, _("Marked as two different persons."))
    return redirect("linkage:duplicates")
