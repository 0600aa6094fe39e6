"""``/api/v1/cases``: list (the page's filters), create, read and update cases."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from palermo.accounts.models import User
from palermo.api.common import ERRORS, acting_user, codes_of, writable_values
from palermo.api.errors import invalid_fields
from palermo.api.schemas import CaseCreate, CaseOut, CasePage, CaseQuery, CaseWrite
from palermo.cases import selectors, services
from palermo.cases.models import Case, Event, Perpetrator, Person
from palermo.cases.selectors import CaseFilters
from palermo.core import audit
from palermo.core.models import AuditAction

router = Router(tags=["cases"])

CASE_EMPTY: dict[str, Any] = {
    "status_decided_by": "", "exploitation": [], "industry": "", "sex_exploitation": [],
    "means_of_control": [], "recruitment": [], "relationship": "", "age_when_trafficked": None,
    "recruitment_country": "", "recruitment_region": "", "exploitation_country": "",
    "exploitation_region": "", "exploitation_started_on": None, "exploitation_ended_on": None,
    "closed_on": None, "narrative": "",
}
# Codes only: loading whole persons would decrypt every name just to show a list.
_PERSON_CODES: Prefetch[Any, Any, Any] = Prefetch(
    "persons", queryset=Person.objects.only("id", "code").order_by("code")
)


def case_list_item(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk, "code": case.code,
        "persons": [person.code for person in case.persons.all()],
        "case_type": case.case_type, "status": case.status,
        "trafficking_status": case.trafficking_status,
        "status_decided_by": case.status_decided_by,
        "exploitation": codes_of(case.exploitation), "industry": case.industry,
        "sex_exploitation": codes_of(case.sex_exploitation),
        "means_of_control": codes_of(case.means_of_control),
        "recruitment": codes_of(case.recruitment), "relationship": case.relationship,
        "age_when_trafficked": case.age_when_trafficked,
        "recruitment_country": str(case.recruitment_country or ""),
        "recruitment_region": case.recruitment_region,
        "exploitation_country": str(case.exploitation_country or ""),
        "exploitation_region": case.exploitation_region, "opened_on": case.opened_on,
        "exploitation_started_on": case.exploitation_started_on,
        "exploitation_ended_on": case.exploitation_ended_on, "closed_on": case.closed_on,
        "created_at": case.created_at, "updated_at": case.updated_at,
    }


def case_detail(case: Case) -> dict[str, Any]:
    return {
        **case_list_item(case),
        "person_ids": [person.pk for person in case.persons.all()],
        "narrative": case.narrative,
        "events": [
            {"id": e.pk, "event_type": e.event_type, "country": str(e.country or ""),
             "region": e.region, "place": e.place, "date": e.date, "description": e.description}
            for e in cast("list[Event]", case.events.all())
        ],
        "perpetrators": [
            {"id": p.pk, "roles": codes_of(p.roles), "name": p.name, "details": p.details,
             "gender": p.gender, "citizenship": str(p.citizenship or "")}
            for p in cast("list[Perpetrator]", case.perpetrators.all())
        ],
    }


def _fresh(case_id: int) -> Case:
    return Case.objects.prefetch_related(_PERSON_CODES, "events", "perpetrators").get(pk=case_id)


def _persons(user: User, ids: list[int]) -> tuple[list[Person], dict[str, list[str]]]:
    """The persons named by id, if the user may see every one (else a field error, no hint
    whether an id exists in another organisation)."""
    wanted = list(dict.fromkeys(ids))
    found = {p.pk: p for p in selectors.persons_visible_to(user).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        message = _("No such person: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
        return [], {"persons": [message]}
    if not wanted:
        return [], {"persons": [_("Name at least one person.")]}
    return [found[pk] for pk in wanted], {}


@router.get("", response={200: CasePage, **ERRORS}, summary="List cases (no identities)")
def list_cases(request: HttpRequest, filters: Query[CaseQuery]) -> dict[str, Any]:
    """Cases you may see, filtered as on the case-list page, with a stable order. ``q`` finds
    a case or person code, or a person's exact name or document number. Writes one audit row
    naming the cases shown."""
    user = acting_user(request)
    cases = selectors.filter_cases(user, CaseFilters(
        status=filters.status or "", case_type=filters.case_type or "",
        exploitation=filters.exploitation or "", region=filters.region.strip(),
        opened_from=filters.opened_from, opened_to=filters.opened_to, q=filters.q,
        sort=filters.sort,
    ))
    total = cases.count()
    page = list(
        cases.prefetch_related(_PERSON_CODES)[filters.offset:filters.offset + filters.limit]
    )
    used = sorted(k for k, v in filters.model_dump().items()
                  if v not in (None, "") and k not in {"limit", "offset", "sort"})
    # Filter names only: a searched name must never reach the audit log.
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case", objects=page,
                 detail={"api": "list", "count": total, "offset": filters.offset,
                         "filters": used})
    return {"count": total, "limit": filters.limit, "offset": filters.offset,
            "items": [case_list_item(c) for c in page]}


@router.post("", response={201: CaseOut, **ERRORS}, summary="Open a case")
def create_case(request: HttpRequest, payload: CaseCreate) -> Any:
    user = acting_user(request)
    services.require_editor(user)
    sent = payload.model_dump(exclude_unset=True)
    person_ids = sent.pop("persons")
    values, errors = writable_values(sent, CASE_EMPTY)
    persons, person_errors = _persons(user, person_ids)
    if errors or person_errors:
        return invalid_fields({**errors, **person_errors})
    case = services.create_case(user=user, persons=persons, **values)
    return Status(201, case_detail(_fresh(case.pk)))


@router.get("/{case_id}", response={200: CaseOut, **ERRORS},
            summary="Read a case, narrative, events and perpetrators included")
def read_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Writes an audit row."""
    user = acting_user(request)
    case = selectors.get_case(user, case_id)
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case",
                 objects=[case], detail={"api": "read"})
    return case_detail(_fresh(case.pk))


@router.patch("/{case_id}", response={200: CaseOut, **ERRORS},
              summary="Change some fields of a case")
def update_case(request: HttpRequest, case_id: int, payload: CaseWrite) -> Any:
    """Send only the fields to change; null clears a field that may be empty; ``persons``
    replaces the list of subjects."""
    user = acting_user(request)
    case = selectors.get_case(user, case_id)
    services.require_editor(user)
    sent = payload.model_dump(exclude_unset=True)
    person_ids = sent.pop("persons", None) if "persons" in sent else None
    values, errors = writable_values(sent, CASE_EMPTY)
    persons: list[Person] | None = None
    if "persons" in payload.model_fields_set:
        if person_ids is None:
            errors["persons"] = [_("This field cannot be empty.")]
        else:
            persons, person_errors = _persons(user, person_ids)
            errors.update(person_errors)
    if errors:
        return invalid_fields(errors)
    services.update_case(user=user, case=case, persons=persons, **values)
    return case_detail(_fresh(case.pk))

