"""One saved estimate over the demo registry, so the estimates page of ``palermo demo`` is not
empty: lists per organisation over every demo case, saved by the demo analyst."""

from __future__ import annotations

from django.db.models import Max, Min

from palermo.accounts.models import User
from palermo.accounts.roles import Role
from palermo.cases.models import Case
from palermo.estimates import services
from palermo.estimates.lists import Basis, Grouping, ListSpec, build_table
from palermo.estimates.models import SavedEstimate, Source
from palermo.estimation.estimate import EstimationError
from palermo.estimation.histories import HistoryFileError


def ensure() -> bool:
    """Save the demo estimate unless one exists; True when it was created."""
    analyst = User.objects.filter(role=Role.ANALYST, is_active=True,
                                  organisation__isnull=False).order_by("pk").first()
    if analyst is None or analyst.organisation_id is None or SavedEstimate.objects.filter(
            organisation_id=analyst.organisation_id).exists():
        return False
    period = Case.objects.aggregate(start=Min("opened_on"), end=Max("opened_on"))
    if period["start"] is None:
        return False
    spec = ListSpec(Grouping.ORGANISATION, Basis.OPENED, period["start"], period["end"])
    options = services.Options()
    try:
        table = build_table(spec)
        result = services.run(table, options)
    except (HistoryFileError, EstimationError):
        return False
    services.save_estimate(
        user=analyst, title=f"Demo registry, {spec.start.year}–{spec.end.year}: per organisation",
        source=Source.REGISTRY, table=table, options=options, result=result,
        sensitivity=services.sensitivity_json(table), built_from=spec.as_json(),
    )
    return True
