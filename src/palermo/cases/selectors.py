"""Reads of the case registry, always scoped to the user (``visible_to``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from palermo.cases.models import Case, CaseQuerySet, Person, PersonQuerySet
from palermo.cases.search import codes_in, query_tokens
from palermo.core.models import AuditEvent
from palermo.core.scoping import get_visible_or_404

SORTS = {
    "opened": ("opened_on", "id"),
    "-opened": ("-opened_on", "-id"),
    "code": ("code",),
    "-code": ("-code",),
    "status": ("status", "-opened_on", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    case_type: str = ""
    exploitation: str = ""
    region: str = ""
    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None
    organisation: int | None = None
    q: str = ""
    sort: str = "-opened"


def persons_visible_to(user: Any) -> PersonQuerySet:
    return Person.objects.visible_to(user)


def cases_visible_to(user: Any) -> CaseQuerySet:
    return Case.objects.visible_to(user)


def get_case(user: Any, pk: int) -> Case:
    return get_visible_or_404(Case.objects.all(), user, pk=pk)


def get_person(user: Any, pk: int) -> Person:
    return get_visible_or_404(Person.objects.all(), user, pk=pk)


def find_persons(user: Any, text: str) -> PersonQuerySet:
    """Persons whose recorded name (any script, any word order) or document number is ``text``."""
    codes = list(codes_in(text))
    matches = Q(search_tokens__token__in=query_tokens(text))
    if codes:
        matches |= Q(code__in=codes)
    return persons_visible_to(user).filter(matches).distinct()


def filter_cases(user: Any, filters: CaseFilters) -> CaseQuerySet:
    cases = cases_visible_to(user)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.case_type:
        cases = cases.filter(case_type=filters.case_type)
    if filters.exploitation:
        cases = cases.filter(exploitation__has=filters.exploitation)
    if filters.region:
        cases = cases.filter(
            Q(exploitation_region__iexact=filters.region)
            | Q(recruitment_region__iexact=filters.region)
        )
    if filters.opened_from:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    if filters.organisation:
        cases = cases.filter(organisation_id=filters.organisation)
    if filters.q.strip():
        codes = list(codes_in(filters.q))
        person_ids = find_persons(user, filters.q).values("pk")
        cases = cases.filter(Q(code__in=codes) | Q(persons__in=person_ids)).distinct()
    return cases.order_by(*SORTS.get(filters.sort, SORTS["-opened"]))


def case_history(case: Case, persons: list[Person] | None = None) -> list[AuditEvent]:
    """The audit events about this case (and, given ``persons``, about those persons: who
    opened their identity), newest first. Ids only: no personal data.

    Matches the quoted id inside the stored JSON list, which works on SQLite and PostgreSQL.
    """
    about = Q(object_type="cases.Case", object_ids__icontains=f'"{case.pk}"')
    for person in persons or []:
        about |= Q(object_type="cases.Person", object_ids__icontains=f'"{person.pk}"')
    return list(AuditEvent.objects.filter(about).order_by("-seq")[:200])
