"""``/api/v1/cases/{case_id}/investigations``, ``…/prosecutions``, ``…/proceedings`` (the case's
owner only: anyone else gets 404, a receiver of a shared case too; writes need the edit-cases
capability) and ``/api/v1/official/figures`` and ``…/indicators`` (every signed-in account
reads; coordinators add figures). Bad input is 422 with the fields, from the same validation as
the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from palermo.api.common import ERRORS, acting_user
from palermo.api.schemas import InputSchema
from palermo.cases.models import Case, Perpetrator
from palermo.cases.selectors import get_owned_case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.justice import official, selectors, services
from palermo.justice.codes import (
    AppealStatus,
    Article,
    ArticleGroup,
    InvestigationOutcome,
    InvestigationStatus,
    Measure,
    OffenceCategory,
    ProceedingOutcome,
    ProceedingStatus,
    Verdict,
    VictimRole,
)
from palermo.justice.models import ComputedIndicator, PublishedFigure

router = Router(tags=["justice"])
official_router = Router(tags=["official statistics"])


def _case(request: HttpRequest, case_id: int) -> Case:
    case = get_owned_case(acting_user(request), case_id)
    audit.record(actor=request.auth, action=AuditAction.VIEW,  # type: ignore[attr-defined]
                 object_type="cases.Case", objects=[case], detail={"tab": "justice",
                                                                   "api": True})
    return case


def _given(payload: Schema) -> dict[str, Any]:
    # Fields are optional in the schema so that a stranger gets 404 whatever it sends; the
    # model's validation then names the required ones that are missing (422).
    return {name: value for name, value in payload.model_dump().items() if value is not None}


class InvestigationIn(InputSchema):
    agency: str | None = Field(None, max_length=200)
    articles: list[Article] | None = None
    opened_on: datetime.date | None = None
    status: InvestigationStatus | None = None
    outcome: InvestigationOutcome | None = None
    closed_on: datetime.date | None = None
    notes: str | None = Field(None, max_length=20_000)


class InvestigationOut(Schema):
    id: int
    case: int = Field(alias="case_id")
    agency: str
    articles: list[str]
    opened_on: datetime.date
    status: str
    outcome: str
    closed_on: datetime.date | None
    notes: str


class DefendantOut(Schema):
    id: int
    perpetrator: int | None = Field(alias="perpetrator_id")
    sex: str
    age_group: str
    citizenship: str

    @staticmethod
    def resolve_citizenship(obj: Any) -> str:
        return str(obj.citizenship.code or "")


class DefendantIn(InputSchema):
    perpetrator: int | None = None
    sex: str = "unknown"
    age_group: str = "adult"
    citizenship: str = ""


class ProsecutionIn(InputSchema):
    investigation: int | None = None
    charges: list[Article] | None = None
    court: str | None = Field(None, max_length=200)
    filed_on: datetime.date | None = None
    verdict: Verdict | None = None
    verdict_on: datetime.date | None = None
    sentence: str | None = Field(None, max_length=300)
    sentence_months: int | None = None
    appeal_status: AppealStatus | None = None
    appeal_on: datetime.date | None = None
    victim_role: VictimRole | None = None
    victim_represented: bool | None = None
    representative: str | None = Field(None, max_length=200)
    hearings: list[datetime.date] = []
    defendants: list[DefendantIn] = []
    notes: str | None = Field(None, max_length=20_000)


class ProsecutionOut(Schema):
    id: int
    case: int = Field(alias="case_id")
    investigation: int | None = Field(alias="investigation_id")
    charges: list[str]
    court: str
    filed_on: datetime.date
    verdict: str
    verdict_on: datetime.date | None
    sentence: str
    sentence_months: int | None
    appeal_status: str
    appeal_on: datetime.date | None
    victim_role: str
    victim_represented: bool
    representative: str
    hearings: list[datetime.date]
    defendants: list[DefendantOut]
    notes: str

    @staticmethod
    def resolve_hearings(obj: Any) -> list[datetime.date]:
        return [hearing.held_on for hearing in obj.hearings.all()]

    @staticmethod
    def resolve_defendants(obj: Any) -> list[Any]:
        return list(obj.defendants.all())


class ProceedingIn(InputSchema):
    person: int | None = None
    offence_category: OffenceCategory | None = None
    article: Article | None = None
    article_text: str | None = Field(None, max_length=120)
    opened_on: datetime.date | None = None
    status: ProceedingStatus | None = None
    outcome: ProceedingOutcome | None = None
    closed_on: datetime.date | None = None
    non_punishment_confirmed: bool | None = None
    notes: str | None = Field(None, max_length=20_000)


class ProceedingOut(Schema):
    id: int
    case: int = Field(alias="case_id")
    person: int = Field(alias="person_id")
    offence_category: str
    article: str
    article_text: str
    opened_on: datetime.date
    status: str
    outcome: str
    closed_on: datetime.date | None
    non_punishment_confirmed: bool
    non_punishment: bool
    notes: str


@router.get("/{case_id}/investigations", response={200: list[InvestigationOut], **ERRORS},
            summary="A case's investigations")
def list_investigations(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id)
    return selectors.investigations_of(request.auth, case)  # type: ignore[attr-defined]


@router.post("/{case_id}/investigations", response={201: InvestigationOut, **ERRORS},
             summary="Record an investigation")
def create_investigation(request: HttpRequest, case_id: int, payload: InvestigationIn) -> Any:
    case = get_owned_case(acting_user(request), case_id)
    return Status(201, services.add_investigation(user=acting_user(request), case=case,
                                                  **_given(payload)))


@router.get("/{case_id}/prosecutions", response={200: list[ProsecutionOut], **ERRORS},
            summary="A case's prosecutions, with hearings and defendants")
def list_prosecutions(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id)
    return selectors.prosecutions_of(request.auth, case)  # type: ignore[attr-defined]


@router.post("/{case_id}/prosecutions", response={201: ProsecutionOut, **ERRORS},
             summary="Record a prosecution (with its hearing dates and defendants)")
def create_prosecution(request: HttpRequest, case_id: int, payload: ProsecutionIn) -> Any:
    user = acting_user(request)
    case = get_owned_case(user, case_id)
    values = _given(payload)
    hearings, defendants = values.pop("hearings", []), values.pop("defendants", [])
    if "investigation" in values:
        values["investigation"] = selectors.get_investigation(user, case,
                                                              values["investigation"])
    prosecution = services.add_prosecution(user=user, case=case, **values)
    for held_on in hearings:
        services.add_hearing(user=user, prosecution=prosecution, held_on=held_on)
    for defendant in defendants:
        perpetrator = None
        if defendant.get("perpetrator") is not None:
            perpetrator = Perpetrator.objects.filter(case=case,
                                                     pk=defendant["perpetrator"]).first()
        services.add_defendant(user=user, prosecution=prosecution,
                               **{**defendant, "perpetrator": perpetrator})
    return Status(201, prosecution)


@router.get("/{case_id}/proceedings", response={200: list[ProceedingOut], **ERRORS},
            summary="Proceedings against the case's person (non-punishment principle)")
def list_proceedings(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id)
    return selectors.proceedings_of(request.auth, case)  # type: ignore[attr-defined]


@router.post("/{case_id}/proceedings", response={201: ProceedingOut, **ERRORS},
             summary="Record proceedings against the case's person")
def create_proceeding(request: HttpRequest, case_id: int, payload: ProceedingIn) -> Any:
    user = acting_user(request)
    case = get_owned_case(user, case_id)
    values = _given(payload)
    if "person" in values:
        values["person"] = case.persons.filter(pk=values["person"]).first()
    return Status(201, services.add_proceeding(user=user, case=case, **values))


# --- Official statistics ------------------------------------------------------------------------


class FigureIn(InputSchema):
    source: str = Field(..., max_length=300)
    source_url: str = Field("", max_length=200)
    year: int
    year_to: int | None = None
    jurisdiction: str = Field(..., max_length=100)
    article: ArticleGroup
    measure: Measure
    value: int = Field(..., ge=0)
    note: str = Field("", max_length=5_000)


class FigureOut(Schema):
    id: int
    source: str
    source_url: str
    year: int
    year_to: int
    jurisdiction: str
    article: str
    measure: str
    value: int
    note: str


class IndicatorOut(Schema):
    slug: str
    title: str
    measure: str
    article: str
    jurisdiction: str
    year_from: int
    year_to: int
    method: str
    value: float | None
    years_covered: list[int]
    figures_used: list[int]


@official_router.get("/figures", response={200: list[FigureOut], **ERRORS},
                     summary="Published figures (public data)")
def list_figures(request: HttpRequest, measure: Measure | None = None,
                 article: ArticleGroup | None = None) -> Any:
    figures = PublishedFigure.objects.all()
    if measure:
        figures = figures.filter(measure=measure)
    if article:
        figures = figures.filter(article=article)
    return list(figures)


@official_router.post("/figures", response={201: FigureOut, **ERRORS},
                      summary="Add a published figure (coordinators)")
def create_figure(request: HttpRequest, payload: FigureIn) -> Any:
    return Status(201, official.create_figure(user=acting_user(request),
                                              **payload.model_dump()))


@official_router.get("/indicators", response={200: list[IndicatorOut], **ERRORS},
                     summary="Computed indicators with their values, worked out from the figures")
def list_indicators(request: HttpRequest) -> Any:
    figures = list(PublishedFigure.objects.order_by("pk"))
    out = []
    for indicator in ComputedIndicator.objects.all():
        result = official.compute(indicator, figures)
        out.append(IndicatorOut(
            slug=indicator.slug, title=indicator.title, measure=indicator.measure,
            article=indicator.article, jurisdiction=indicator.jurisdiction,
            year_from=indicator.year_from, year_to=indicator.year_to,
            method=indicator.method, value=result.value,
            years_covered=list(result.years_covered),
            figures_used=[figure.pk for figure in result.used]))
    return out
