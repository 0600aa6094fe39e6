"""``/api/v1/persons``: list, create, read and update the subjects of cases.

Persons of cases a live referral shares with the caller's organisation are listed and read with
their summary, their identity only when a referral shares ``identity``, their contacts only with
``contact``; a name or document number finds only the organisation's own persons; updates are for
the owning organisation (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from palermo.accounts.models import User
from palermo.api.common import ERRORS, acting_user, codes_of, writable_values
from palermo.api.errors import invalid_fields
from palermo.api.schemas import PersonOut, PersonPage, PersonQuery, PersonWrite
from palermo.cases import selectors, services
from palermo.cases.access import CONTACT_FIELDS, IDENTITY_FIELDS, Access, person_access, withheld
from palermo.cases.models import Person
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.codes import ShareGroup

router = Router(tags=["persons"])

#: Fields that may be cleared with null, and the empty value they are stored as.
PERSON_EMPTY: dict[str, Any] = {
    "given_name": "", "family_name": "", "patronymic": "", "given_name_latin": "",
    "family_name_latin": "", "patronymic_latin": "", "aliases": [], "birth_date": None,
    "documents": [], "contacts": [], "addresses": [], "birth_year": None,
    "citizenships": [], "languages": [],
}


def person_list_item(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk, "code": person.code, "gender": person.gender,
        "birth_year": person.birth_year, "citizenships": codes_of(person.citizenships),
        "languages": codes_of(person.languages), "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def person_detail(person: Person, user: User, access: Access | None = None) -> dict[str, Any]:
    """The person with the groups of fields ``access`` sees (all without it); others None."""
    access = access or person_access(user, person)
    documents = [d if isinstance(d, dict) else {"number": str(d)} for d in person.documents or []]
    visible_cases = selectors.cases_visible_to(user).filter(persons=person)
    detail = {
        **person_list_item(person),
        "given_name": person.given_name, "family_name": person.family_name,
        "patronymic": person.patronymic, "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "patronymic_latin": person.patronymic_latin, "aliases": list(person.aliases or []),
        "birth_date": person.birth_date, "documents": documents,
        "contacts": list(person.contacts or []), "addresses": list(person.addresses or []),
        "cases": sorted(visible_cases.values_list("code", flat=True)),
        "groups": sorted(access.groups),
    }
    if not access.sees(ShareGroup.IDENTITY):
        detail = withheld(detail, IDENTITY_FIELDS)
    if not access.sees(ShareGroup.CONTACT):
        detail = withheld(detail, CONTACT_FIELDS)
    return detail


@router.get("", response={200: PersonPage, **ERRORS}, summary="List persons (no identities)")
def list_persons(request: HttpRequest, filters: Query[PersonQuery]) -> dict[str, Any]:
    """Persons of your organisation and of cases shared with it, newest first. ``q`` finds a
    person code, or an exact name (any script, any word order) or document number of one of your
    organisation's persons. Writes one audit row naming the persons shown."""
    user = acting_user(request)
    persons = (
        selectors.find_persons(user, filters.q) if filters.q.strip()
        else selectors.persons_visible_to(user)
    ).order_by("-created_at", "-id")
    total = persons.count()
    page = list(persons[filters.offset:filters.offset + filters.limit])
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Person",
                 objects=page, detail={"api": "list", "count": total, "offset": filters.offset})
    return {"count": total, "limit": filters.limit, "offset": filters.offset,
            "items": [person_list_item(p) for p in page]}


@router.post("", response={201: PersonOut, **ERRORS}, summary="Register a person")
def create_person(request: HttpRequest, payload: PersonWrite) -> Any:
    user = acting_user(request)
    values, errors = writable_values(payload.model_dump(exclude_unset=True), PERSON_EMPTY)
    if errors:
        return invalid_fields(errors)
    person = services.create_person(user=user, **values)
    return Status(201, person_detail(person, user))


@router.get("/{person_id}", response={200: PersonOut, **ERRORS},
            summary="Read a person, identity included")
def read_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """The full record, names and documents included; for a person of a case shared with your
    organisation, only what the referrals share (``groups``), the rest null. Writes an audit
    row."""
    user = acting_user(request)
    person = selectors.get_person(user, person_id)
    access = person_access(user, person)
    detail: dict[str, Any] = {"api": "read"}
    if not access.owned:
        detail["shared"] = sorted(access.groups)
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Person",
                 objects=[person], detail=detail)
    return person_detail(person, user, access)


@router.patch("/{person_id}", response={200: PersonOut, **ERRORS},
              summary="Change some fields of a person")
def update_person(request: HttpRequest, person_id: int, payload: PersonWrite) -> Any:
    """Send only the fields to change; null clears a field that may be empty. Only your
    organisation's persons (404 for a person of a case shared with you)."""
    user = acting_user(request)
    person = selectors.get_owned_person(user, person_id)
    values, errors = writable_values(payload.model_dump(exclude_unset=True), PERSON_EMPTY)
    if errors:
        return invalid_fields(errors)
    person = services.update_person(user=user, person=person, **values)
    return person_detail(person, user)
