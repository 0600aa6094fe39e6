"""Running an estimate for the app and saving it (with its counts, options and result)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib.metadata import version
from typing import Any

from django.db import transaction

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.estimates import report
from palermo.estimates.models import SavedEstimate, Source
from palermo.estimation.estimate import estimate_population
from palermo.estimation.histories import CaptureTable, table_from_rows

#: BCa runs in the request, so the web caps its replicates: 200 take about a second on five
#: lists. ``palermo estimate --ci bca`` has no cap (docs/estimation.md, "In the app").
WEB_BOOTSTRAP_CAP = 200


@dataclass(frozen=True)
class Options:
    method: str = "stepwise"
    threshold: float = 0.02
    max_order: int | None = None
    ci: str = "profile"
    bootstrap: int | None = None
    seed: int = 1234

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def engine_version() -> str:
    return version("palermo")


def run(table: CaptureTable, options: Options) -> dict[str, Any]:
    """The engine's result; raises the engine's ``EstimationError`` on unusable options."""
    return estimate_population(
        table, method=options.method, threshold=options.threshold,
        max_order=options.max_order, ci=options.ci,
        bootstrap=options.bootstrap if options.ci == "bca" else None, seed=options.seed,
    )


def histories_json(table: CaptureTable) -> list[list[Any]]:
    """The observed histories as ``[[0/1 per list], count]``: counts only."""
    return [[list(bits), count] for bits, count in table.rows()]


def table_from_json(lists: list[str], histories: list[list[Any]]) -> CaptureTable:
    return table_from_rows(lists, [(bits, int(count)) for bits, count in histories])


def sensitivity_json(table: CaptureTable) -> list[dict[str, Any]]:
    return [asdict(row) for row in report.sensitivity(table)]


@transaction.atomic
def save_estimate(
    *, user: User, title: str, source: Source, table: CaptureTable, options: Options,
    result: dict[str, Any], sensitivity: list[dict[str, Any]],
    built_from: dict[str, Any] | None = None,
) -> SavedEstimate:
    """Save an estimate computed by ``run`` (and its ``sensitivity_json``) with its inputs, for
    the user's organisation; audit-logged with its id and counts."""
    if user.organisation_id is None:
        raise ValueError("only a member of an organisation saves estimates")
    saved = SavedEstimate.objects.create(
        organisation_id=user.organisation_id,
        title=title,
        source=source,
        built_from=built_from or {},
        lists=list(table.lists),
        histories=histories_json(table),
        options=options.as_json(),
        result=result,
        sensitivity=sensitivity,
        engine_version=engine_version(),
        created_by=user,
    )
    audit.record(
        actor=user, action=AuditAction.CREATE, object_type="estimates.SavedEstimate",
        objects=[saved],
        detail={"lists": table.n_lists, "observed": table.observed, "source": str(source),
                "method": options.method, "ci": options.ci},
    )
    return saved
