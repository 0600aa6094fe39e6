"""Reads of the case registry, always scoped to the user.

``get_case`` is the visibility gate (owned and shared cases; 404 otherwise); ``require_group``
then says whether the user sees one group of the case's fields (``access.py``); every change goes
through ``get_owned_case`` / ``get_owned_person``, so a receiving organisation gets 404 as if the
record were absent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404

from palermo.cases.access import case_access
from palermo.cases.listing import CaseListing
from palermo.cases.models import Case, CaseQuerySet, Person, PersonQuerySet
from palermo.cases.search import codes_in, query_tokens
from palermo.core.models import AuditEvent
from palermo.core.scoping import get_visible_or_404
from palermo.referrals.sharing import shared_case_ids

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
    """Persons of owned cases and of cases shared with the user's organisation."""
    return Person.objects.visible_to(user)


def persons_owned_by(user: Any) -> PersonQuerySet:
    """Only the organisation's own persons: the ones it may name as a case's subjects."""
    return Person.objects.owned_by(user)


def cases_visible_to(user: Any) -> CaseQuerySet:
    return Case.objects.visible_to(user)


def get_case(user: Any, pk: int) -> Case:
    """A case the user may see (owned, or shared by a live referral); 404 otherwise."""
    return get_visible_or_404(Case.objects.select_related("organisation"), user, pk=pk)


def get_owned_case(user: Any, pk: int) -> Case:
    """A case the user's organisation owns, for any change; 404 otherwise (also when shared)."""
    try:
        return Case.objects.owned_by(user).select_related("organisation").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_group(user: Any, case: Case, group: str) -> None:
    """404 unless the user sees ``group`` of ``case`` (a ``ShareGroup`` or ``access.OWNER_ONLY``).

    Call after ``get_case``; the owner sees every group."""
    if not case_access(user, case).sees(group):
        raise Http404


def get_person(user: Any, pk: int) -> Person:
    """A person the user may see (their summary at least); 404 otherwise."""
    return get_visible_or_404(Person.objects.all(), user, pk=pk)


def get_owned_person(user: Any, pk: int) -> Person:
    """A person of the user's organisation, for any change; 404 otherwise."""
    try:
        return Person.objects.owned_by(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def find_persons(user: Any, text: str) -> PersonQuerySet:
    """Persons whose recorded name (any script, any word order) or document number is ``text``.

    Names and numbers find only the organisation's own persons: a receiving organisation must
    not learn that a name it types belongs to a shared person (even with ``identity`` shared, so
    the rule holds without knowing which referral shares what). A person code finds shared
    persons too: the code is in the summary every referral shares.
    """
    codes = list(codes_in(text))
    by_name = Q(search_tokens__token__in=query_tokens(text))
    if not codes:
        return persons_owned_by(user).filter(by_name).distinct()
    owned = persons_owned_by(user).values("pk")
    return persons_visible_to(user).filter(
        Q(code__in=codes) | (by_name & Q(pk__in=owned))
    ).distinct()


def filter_cases(user: Any, filters: CaseFilters, *, owned_only: bool = False) -> CaseQuerySet:
    """The case list's filters over the visible cases (``owned_only``: the owned ones)."""
    cases = Case.objects.owned_by(user) if owned_only else cases_visible_to(user)
    return _filtered(user, cases, filters, _persons_found(user, filters)).order_by(
        *_order(filters))


def list_cases(user: Any, filters: CaseFilters) -> CaseListing:
    """The visible cases, filtered, as a listing a paginator pages through indexes: the owned
    part and the shared part apart (``listing.py`` says why)."""
    order = _order(filters)
    owned = Case.objects.owned_by(user)
    persons = _persons_found(user, filters)
    own = _filtered(user, owned, filters, persons)
    # A subquery here is cheap (a semi-join through the referrals' indexes): it is not OR-ed.
    shared_ids = shared_case_ids(user)
    if owned.query.is_empty() or not shared_ids.exists():
        return CaseListing(own, None, order)
    shared = Case.objects.filter(pk__in=shared_ids).exclude(organisation_id=user.organisation_id)
    return CaseListing(own, _filtered(user, shared, filters, persons), order)


def _order(filters: CaseFilters) -> tuple[str, ...]:
    return SORTS.get(filters.sort, SORTS["-opened"])


def _filtered(user: Any, cases: CaseQuerySet, filters: CaseFilters,
              persons: list[int]) -> CaseQuerySet:
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
        found = Q(code__in=codes)
        if persons:
            found |= Q(persons__in=persons)
        cases = cases.filter(found).distinct()
    return cases


def _persons_found(user: Any, filters: CaseFilters) -> list[int]:
    """The persons ``q`` names, read once for every part of the list (a common name finds
    hundreds; asked as a subquery the token search would run for the count and again per page)."""
    if not filters.q.strip():
        return []
    return sorted(set(find_persons(user, filters.q).values_list("pk", flat=True)))


def case_history(case: Case, persons: list[Person] | None = None) -> list[AuditEvent]:
    """The audit events about this case (and, given ``persons``, about those persons: who
    opened their identity), newest first. Ids only: no personal data.

    Matches the quoted id inside the stored JSON list, which works on SQLite and PostgreSQL.
    """
    about = Q(object_type="cases.Case", object_ids__icontains=f'"{case.pk}"')
    for person in persons or []:
        about |= Q(object_type="cases.Person", object_ids__icontains=f'"{person.pk}"')
    return list(AuditEvent.objects.filter(about).order_by("-seq")[:200])
