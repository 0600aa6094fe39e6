"""``/api/v1/estimates``: saved estimates of the caller's organisation, and running an estimate
on a table sent as JSON. Roles with ``RUN_LINKAGE`` only (others 403 on the list and the run);
a saved estimate that is another organisation's, or read by another role, is 404."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.api.common import ERRORS, acting_user
from palermo.api.errors import invalid_fields
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.core.scoping import get_visible_or_404
from palermo.estimates import report, services
from palermo.estimates.models import SavedEstimate
from palermo.estimation.estimate import EstimationError
from palermo.estimation.histories import HistoryFileError, table_from_rows

router = Router(tags=["estimates"])


def _estimator(request: HttpRequest) -> User:
    user = acting_user(request)
    if not has_capability(user, Capability.RUN_LINKAGE):
        raise PermissionDenied
    return user


class SavedOut(Schema):
    id: int
    title: str
    url: str
    estimate: float | None
    ci: list[float] | None
    method: str
    source: str
    engine_version: str
    created_at: datetime.datetime
    created_by: str


class SavedDetailOut(SavedOut):
    options: dict[str, Any]
    result: dict[str, Any]
    sensitivity: list[dict[str, Any]]
    overlaps: dict[str, str] = Field(description="people on both lists, small counts `<5`")


def _out(saved: SavedEstimate) -> dict[str, Any]:
    return {"id": saved.pk, "title": saved.title, "url": saved.get_absolute_url(),
            "estimate": saved.estimate, "ci": list(saved.ci) if saved.ci else None,
            "method": saved.options.get("method", ""), "source": saved.source,
            "engine_version": saved.engine_version, "created_at": saved.created_at,
            "created_by": saved.created_by.username}


@router.get("", response={200: list[SavedOut], **ERRORS},
            summary="Saved estimates of your organisation")
def list_estimates(request: HttpRequest) -> list[dict[str, Any]]:
    user = _estimator(request)
    found = SavedEstimate.objects.visible_to(user).select_related("created_by")[:200]
    return [_out(saved) for saved in found]


class HistoryIn(Schema):
    history: list[int] = Field(description="0/1 per list, in the order of `lists`")
    count: int


class RunIn(Schema):
    lists: list[str]
    histories: list[HistoryIn]
    method: Literal["stepwise", "bic", "main-effects"] = "stepwise"
    threshold: float = 0.02
    max_order: int | None = None
    ci: Literal["profile", "bca"] = "profile"
    bootstrap: int = Field(services.WEB_BOOTSTRAP_CAP, ge=10, le=services.WEB_BOOTSTRAP_CAP)
    seed: int = 1234


class RunOut(Schema):
    result: dict[str, Any] = Field(description="as `palermo estimate --json`")
    overlaps: dict[str, str]


@router.post("/run", response={200: RunOut, **ERRORS},
             summary="Run an estimate on a capture-history table (nothing is saved)")
def run_estimate(request: HttpRequest, payload: RunIn) -> dict[str, Any] | JsonResponse:
    _estimator(request)
    try:
        table = table_from_rows(payload.lists, [(h.history, h.count) for h in payload.histories])
        options = services.Options(method=payload.method, threshold=payload.threshold,
                                   max_order=payload.max_order, ci=payload.ci,
                                   bootstrap=payload.bootstrap, seed=payload.seed)
        result = services.run(table, options)
    except (HistoryFileError, EstimationError, ValueError) as exc:
        return invalid_fields({"histories": [str(exc)]})
    return {"result": result,
            "overlaps": report.pair_overlaps(table, settings.PALERMO_MIN_CELL)}


@router.get("/{estimate_id}", response={200: SavedDetailOut, **ERRORS},
            summary="One saved estimate with its result and sensitivity table")
def read_estimate(request: HttpRequest, estimate_id: int) -> dict[str, Any]:
    # No role check first: visible_to shows nothing to roles without RUN_LINKAGE, so they get
    # the 404 of any missing estimate.
    user = acting_user(request)
    saved = get_visible_or_404(SavedEstimate.objects.select_related("created_by"), user,
                               pk=estimate_id)
    audit.record(actor=user, action=AuditAction.VIEW, object_type="estimates.SavedEstimate",
                 objects=[saved])
    table = services.table_from_json(saved.lists, saved.histories)
    return {**_out(saved), "options": saved.options, "result": saved.result,
            "sensitivity": saved.sensitivity,
            "overlaps": report.pair_overlaps(table, settings.PALERMO_MIN_CELL)}
