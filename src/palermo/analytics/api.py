"""``/api/v1/analytics/tables``: the statistics dashboards' tables in JSON, with the pages'
rules (the same scopes, filters and disclosure control; a hidden figure is ``null`` with
``suppressed: true``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from palermo.analytics import presentation
from palermo.analytics.dashboard import KIND_BY_SLUG, build
from palermo.analytics.views import read_request, record_view
from palermo.api.common import ERRORS, acting_user
from palermo.api.errors import invalid_fields
from palermo.core.models import AuditAction

router = Router(tags=["statistics"])


class StatisticsQuery(Schema):
    scope: str | None = Field(None, description="`all` (every organisation, small counts "
                              "hidden) or `own` (your organisation's cases); your default "
                              "when left out.")
    year_from: int | None = None
    year_to: int | None = None
    organisation: int | None = Field(None, description="An organisation's id (scope `all`).")
    region: str | None = Field(None, description="A region of exploitation, as recorded.")
    table: list[str] = Field([], description="The tables to return (slugs); all when left "
                             "out.")


class CellOut(Schema):
    value: int | None = Field(description="null when hidden by disclosure control")
    suppressed: bool


class RowOut(Schema):
    key: str
    label: str
    cells: list[CellOut]
    total: CellOut


class TableOut(Schema):
    slug: str
    title: str
    row_header: str
    counted: str
    years: list[int]
    rows: list[RowOut]
    column_totals: list[CellOut]
    total: CellOut


class StatisticsOut(Schema):
    scope: str
    threshold: int | None = Field(description="counts from 1 to threshold - 1 are hidden; "
                                  "null when nothing is (scope `own`)")
    as_of: datetime.datetime | None = Field(description="when the figures were counted")
    preparing: bool = Field(description="true while the first count of a large registry "
                            "is running; tables is then empty")
    tables: list[TableOut]


@router.get("/tables", response={200: StatisticsOut, **ERRORS},
            summary="Statistics tables, by year")
def tables(request: HttpRequest, query: Query[StatisticsQuery]) -> Any:
    user = acting_user(request)
    data = QueryDict(mutable=True)
    for name in ("scope", "year_from", "year_to", "organisation", "region"):
        value = getattr(query, name)
        if value is not None:
            data[name] = str(value)
    unknown = [slug for slug in query.table if slug not in KIND_BY_SLUG]
    if unknown:
        return invalid_fields({"table": [_("Unknown table: %(slugs)s.")
                                         % {"slugs": ", ".join(unknown)}]})
    asked = read_request(user, data)
    if asked.form.errors:
        return invalid_fields({name: [str(m) for m in messages]
                               for name, messages in asked.form.errors.items()})
    if asked.state is None:
        return StatisticsOut(scope=asked.scope, threshold=None, as_of=None, preparing=True,
                             tables=[])
    dashboard = build(user, asked.scope, asked.form.filters(),
                      threshold=settings.PALERMO_MIN_CELL, slugs=query.table or None,
                      state=asked.state)
    record_view(asked, AuditAction.VIEW, "api")
    return {"scope": asked.scope, "threshold": dashboard.threshold,
            "as_of": asked.state.refreshed_at, "preparing": False,
            "tables": [presentation.as_json(b) for b in dashboard.breakdowns]}
