"""The estimates pages (``/estimates/``): run an estimate on lists from the registry or an
uploaded table, see it with its caveats, save it, and read saved ones. For the roles with
``RUN_LINKAGE`` (others 403); saved estimates are their organisation's (others' are 404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.core.scoping import get_visible_or_404
from palermo.estimates import report, services
from palermo.estimates.forms import EstimateForm, SaveForm
from palermo.estimates.models import SavedEstimate, Source
from palermo.estimation.estimate import EstimationError
from palermo.estimation.histories import CaptureTable, HistoryFileError

View = Callable[..., HttpResponse]
SALT = "palermo.estimates.save"


def estimates_required(view: View) -> View:
    """Signed in, with a role that runs estimates (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.user, User) or not has_capability(
                request.user, Capability.RUN_LINKAGE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _result_context(table: CaptureTable, result: dict[str, Any],
                    sensitivity: list[dict[str, Any]]) -> dict[str, Any]:
    threshold = settings.PALERMO_MIN_CELL
    return {"result": result, "overlaps": report.overlaps(table, threshold),
            "lists": table.lists, "sensitivity": sensitivity, "threshold": threshold}


def _built_from(form: EstimateForm) -> dict[str, Any]:
    """How registry lists were made (with the linkage run whose identities they used)."""
    if form.spec is None:
        return {}
    run = form.cleaned_data.get("linkage_run")
    return form.spec.as_json() | ({"linkage_run": run.pk} if run else {})


@estimates_required
def index(request: HttpRequest) -> HttpResponse:
    initial = {"linkage_run": request.GET.get("linkage_run")} if request.GET.get(
        "linkage_run") else None
    form = EstimateForm(request.POST or None, request.FILES or None, user=request.user,
                        initial=initial)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid() and form.table is not None:
        options = form.options()
        try:
            result = services.run(form.table, options)
        except EstimationError as exc:
            form.add_error(None, str(exc))
        else:
            sensitivity = services.sensitivity_json(form.table)
            payload = signing.dumps({
                "source": form.cleaned_data["source"],
                "built_from": _built_from(form),
                "lists": list(form.table.lists),
                "histories": services.histories_json(form.table),
                "options": options.as_json(), "result": result, "sensitivity": sensitivity,
            }, salt=SALT)
            context.update(_result_context(form.table, result, sensitivity))
            context["save_form"] = SaveForm(initial={"payload": payload})
            context["options"] = options
    user = request.user
    context["saved"] = SavedEstimate.objects.visible_to(user).select_related("created_by")[:50]
    return render(request, "estimates/index.html", context)


@require_POST
@estimates_required
def save(request: HttpRequest) -> HttpResponse:
    form = SaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the estimate a title to save it."))
        return redirect("estimates:index")
    try:
        data = signing.loads(form.cleaned_data["payload"], salt=SALT)
        table = services.table_from_json(data["lists"], data["histories"])
    except (signing.BadSignature, HistoryFileError, KeyError, TypeError, ValueError):
        messages.error(request, _("This result cannot be saved: run the estimate again."))
        return redirect("estimates:index")
    assert isinstance(request.user, User)  # noqa: S101 - estimates_required checked it
    saved = services.save_estimate(
        user=request.user, title=form.cleaned_data["title"], source=Source(data["source"]),
        table=table, options=services.Options(**data["options"]), result=data["result"],
        sensitivity=data["sensitivity"], built_from=data["built_from"],
    )
    messages.success(request, _("Estimate saved."))
    return redirect(saved)


@estimates_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_visible_or_404(SavedEstimate.objects.select_related("created_by"),
                               request.user, pk=pk)
    audit.record(actor=request.user, action=AuditAction.VIEW,
                 object_type="estimates.SavedEstimate", objects=[saved])
    table = services.table_from_json(saved.lists, saved.histories)
    context = _result_context(table, saved.result, saved.sensitivity)
    context["saved_estimate"] = saved
    context["options"] = saved.options
    return render(request, "estimates/detail.html", context)
