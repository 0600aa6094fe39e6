"""``/api/v1/cases``: list (the page's filters), create, read and update cases.

Lists and reads include cases a live referral shares with the caller's organisation, with only
their summary and the shared groups of fields (``cases/access.py``); create and update are for the
owning organisation (404 on a shared case, as if it were absent)."""

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
from palermo.cases.access import NARRATIVE_FIELDS, Access, case_access, groups_by_case, withheld
from palermo.cases.models import Case, Event, Perpetrator, Person
from palermo.cases.selectors import CaseFilters
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.codes import ShareGroup
from palermo.referrals.sharing import ALL_GROUPS

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


def case_list_item(case: Case, groups: frozenset[str] = ALL_GROUPS,
                   shared_by: str | None = None) -> dict[str, Any]:
    """The summary of a case, and the narrative's codes when ``groups`` has ``narrative``."""
    item = {
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
        "created_at": case.created_at, "updated_at": case.updated_at, "shared_by": shared_by,
    }
    if ShareGroup.NARRATIVE not in groups:
        item = withheld(item, NARRATIVE_FIELDS)
    return item


def case_detail(case: Case, access: Access | None = None) -> dict[str, Any]:
    """The case with the groups of fields ``access`` sees (all without ``access``); the others
    are None."""
    groups = access.groups if access else ALL_GROUPS
    shared_by = access.shared_by if access and not access.owned else None
    detail = {
        **case_list_item(case, groups, shared_by),
        "person_ids": [person.pk for person in case.persons.all()],
        "groups": sorted(groups),
        "narrative": case.narrative if ShareGroup.NARRATIVE in groups else None,
        "events": None, "perpetrators": None,
    }
    if ShareGroup.EVENTS in groups:
        detail["events"] = [
            {"id": e.pk, "event_type": e.event_type, "country": str(e.country or ""),
             "region": e.region, "place": e.place, "date": e.date, "description": e.description}
            for e in cast("list[Event]", case.events.all())
        ]
    if ShareGroup.PERPETRATORS in groups:
        detail["perpetrators"] = [
            {"id": p.pk, "roles": codes_of(p.roles), "name": p.name, "details": p.details,
             "gender": p.gender, "citizenship": str(p.citizenship or "")}
            for p in cast("list[Perpetrator]", case.perpetrators.all())
        ]
    return detail


def _fresh(case_id: int, groups: frozenset[str] = ALL_GROUPS) -> Case:
    """The case with what ``case_detail`` will show prefetched (unshared children not loaded)."""
    related = [name for name, group in (("events", ShareGroup.EVENTS),
                                        ("perpetrators", ShareGroup.PERPETRATORS))
               if group in groups]
    return Case.objects.select_related("organisation").prefetch_related(
        _PERSON_CODES, *related).get(pk=case_id)


#: The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def _persons(user: User, ids: list[int]) -> tuple[list[Person], dict[str, list[str]]]:
    """The persons named by id, if the user's organisation owns every one (else a field error,
    no hint whether an id exists in another organisation or is only shared with this one)."""
    wanted = list(dict.fromkeys(ids))
    # An id past the database's integer range names no one (and would make the query fail).
    storable = [pk for pk in wanted if 0 < pk <= MAX_ID]
    found = {p.pk: p for p in selectors.persons_owned_by(user).filter(pk__in=storable)}
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
    cases = selectors.list_cases(user, CaseFilters(
        status=filters.status or "", case_type=filters.case_type or "",
        exploitation=filters.exploitation or "", region=filters.region.strip(),
        opened_from=filters.opened_from, opened_to=filters.opened_to, q=filters.q,
        sort=filters.sort,
    ))
    total = cases.count()
    page = cases.shaped(lambda rows: rows.select_related("organisation").prefetch_related(
        _PERSON_CODES))[filters.offset:filters.offset + filters.limit]
    shared = groups_by_case(user, [c.pk for c in page if c.organisation_id != user.organisation_id])
    items = [case_list_item(c) if c.organisation_id == user.organisation_id
             else case_list_item(c, shared.get(c.pk, frozenset()), c.organisation.name)
             for c in page]
    used = sorted(k for k, v in filters.model_dump().items()
                  if v not in (None, "") and k not in {"limit", "offset", "sort"})
    # Filter names only: a searched name must never reach the audit log.
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case", objects=page,
                 detail={"api": "list", "count": total, "offset": filters.offset,
                         "filters": used})
    return {"count": total, "limit": filters.limit, "offset": filters.offset,
            "items": items}


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
    """A case shared with your organisation carries only what the referral shares (``groups``);
    the rest is null. Writes an audit row."""
    user = acting_user(request)
    case = selectors.get_case(user, case_id)
    access = case_access(user, case)
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case",
                 objects=[case], detail={"api": "read"})
    return case_detail(_fresh(case.pk, access.groups), access)


@router.patch("/{case_id}", response={200: CaseOut, **ERRORS},
              summary="Change some fields of a case")
def update_case(request: HttpRequest, case_id: int, payload: CaseWrite) -> Any:
    """Send only the fields to change; null clears a field that may be empty; ``persons``
    replaces the list of subjects. Only your organisation's cases (404 on a shared one)."""
    user = acting_user(request)
    case = selectors.get_owned_case(user, case_id)
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

