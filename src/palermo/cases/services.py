"""Writes to the case registry: each is one transaction with its audit row inside it.

Callers pass cleaned values (forms, the API schemas and the importer validate first); every
service still runs the model's own validation, so nothing invalid is ever written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases import attachments as attachment_store
from palermo.cases.models import (
    Attachment,
    Case,
    CodeCounter,
    Event,
    Note,
    Perpetrator,
    Person,
    PersonSearchToken,
)
from palermo.cases.search import person_tokens
from palermo.core import audit
from palermo.core.models import AuditAction

PERSON_FIELDS = [
    "given_name", "family_name", "patronymic", "given_name_latin", "family_name_latin",
    "patronymic_latin", "aliases", "birth_date", "documents", "contacts", "addresses", "gender",
    "birth_year", "citizenships", "languages",
]
CASE_FIELDS = [
    "case_type", "status", "trafficking_status", "status_decided_by", "exploitation", "industry",
    "sex_exploitation", "means_of_control", "recruitment", "relationship", "age_when_trafficked",
    "recruitment_country", "recruitment_region", "exploitation_country", "exploitation_region",
    "opened_on", "exploitation_started_on", "exploitation_ended_on", "closed_on", "narrative",
]


def require_editor(user: User, *, from_complaint: bool = False) -> int:
    """The organisation the user edits cases for; PermissionDenied if their role may not.

    ``from_complaint``: a complaint is being turned into a case, which intake officers may do
    without the right to edit cases (``palermo.complaints.services.convert``).
    """
    capability = Capability.CONVERT_COMPLAINTS if from_complaint else Capability.EDIT_CASES
    if not has_capability(user, capability) or user.organisation_id is None:
        raise PermissionDenied
    return user.organisation_id


def next_codes(prefix: str, count: int = 1, *, year: int | None = None) -> list[str]:
    """Reserve ``count`` consecutive codes such as ``P-2026-000123`` (inside a transaction)."""
    year = year or timezone.now().year
    with transaction.atomic():
        counter, _ = CodeCounter.objects.select_for_update().get_or_create(
            prefix=prefix, year=year
        )
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return [f"{prefix}-{year}-{n:06d}" for n in range(first, first + count)]


def refresh_search_tokens(person: Person) -> None:
    PersonSearchToken.objects.filter(person=person).delete()
    PersonSearchToken.objects.bulk_create(
        [PersonSearchToken(person=person, token=t) for t in sorted(person_tokens(person))]
    )


def _changed(instance: Any, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def create_person(*, user: User, from_complaint: bool = False, **values: Any) -> Person:
    organisation_id = require_editor(user, from_complaint=from_complaint)
    person = Person(organisation_id=organisation_id, created_by=user,
                    code=next_codes("P")[0])
    _changed(person, {k: v for k, v in values.items() if k in PERSON_FIELDS})
    person.full_clean()
    person.save()
    refresh_search_tokens(person)
    audit.record(actor=user, action=AuditAction.CREATE, object_type="cases.Person",
                 objects=[person])
    return person


@transaction.atomic
def update_person(*, user: User, person: Person, **values: Any) -> Person:
    require_editor(user)
    changed = _changed(person, {k: v for k, v in values.items() if k in PERSON_FIELDS})
    if changed:
        person.full_clean()
        person.save()
        refresh_search_tokens(person)
        audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Person",
                     objects=[person], detail={"fields": sorted(changed)})
    return person


@transaction.atomic
def create_case(*, user: User, persons: Iterable[Person], from_complaint: bool = False,
                **values: Any) -> Case:
    organisation_id = require_editor(user, from_complaint=from_complaint)
    persons = list(persons)
    if any(p.organisation_id != organisation_id for p in persons):
        raise PermissionDenied
    case = Case(organisation_id=organisation_id, created_by=user, code=next_codes("C")[0])
    _changed(case, {k: v for k, v in values.items() if k in CASE_FIELDS})
    case.full_clean()
    case.save()
    case.persons.set(persons)
    audit.record(actor=user, action=AuditAction.CREATE, object_type="cases.Case",
                 objects=[case], detail={"persons": [p.pk for p in persons]})
    return case


@transaction.atomic
def update_case(*, user: User, case: Case, persons: Iterable[Person] | None = None,
                **values: Any) -> Case:
    require_editor(user)
    changed = _changed(case, {k: v for k, v in values.items() if k in CASE_FIELDS})
    if persons is not None:
        persons = list(persons)
        if any(p.organisation_id != case.organisation_id for p in persons):
            raise PermissionDenied
        if {p.pk for p in persons} != set(case.persons.values_list("pk", flat=True)):
            case.persons.set(persons)
            changed.append("persons")
    if changed:
        case.full_clean()
        case.save()
        audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                     objects=[case], detail={"fields": sorted(changed)})
    return case


def _record_child(user: User, action: AuditAction, case: Case, kind: str, child: Any,
                  fields: list[str] | None = None) -> None:
    detail: dict[str, Any] = {kind: child.pk}
    if fields is not None:
        detail["fields"] = sorted(fields)
    audit.record(actor=user, action=action, object_type="cases.Case", objects=[case],
                 detail=detail)


def _update_child(user: User, child: Event | Perpetrator | Note, kind: str,
                  values: dict[str, Any]) -> None:
    changed = _changed(child, values)
    if changed:
        child.full_clean()
        child.save()
        _record_child(user, AuditAction.UPDATE, child.case, f"{kind}_updated", child, changed)


def _delete_child(user: User, child: Event | Perpetrator | Note, kind: str) -> None:
    case, pk = child.case, child.pk
    child.delete()
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail={f"{kind}_deleted": pk})


def may_change_note(user: User, note: Note) -> bool:
    """A note is its author's words: only they may change or remove it."""
    return note.author_id == user.pk


def _require_author(user: User, note: Note) -> None:
    if not may_change_note(user, note):
        raise PermissionDenied


@transaction.atomic
def add_event(*, user: User, case: Case, event_type: str, country: str = "", region: str = "",
              place: str = "", date: datetime.date | None = None,
              description: str = "") -> Event:
    require_editor(user)
    event = Event(case=case, event_type=event_type, country=country, region=region,
                  place=place, date=date, description=description)
    event.full_clean()
    event.save()
    _record_child(user, AuditAction.UPDATE, case, "event_added", event)
    return event


@transaction.atomic
def update_event(*, user: User, event: Event, event_type: str, country: str = "",
                 region: str = "", place: str = "", date: datetime.date | None = None,
                 description: str = "") -> Event:
    require_editor(user)
    _update_child(user, event, "event", {
        "event_type": event_type, "country": country, "region": region, "place": place,
        "date": date, "description": description,
    })
    return event


@transaction.atomic
def delete_event(*, user: User, event: Event) -> None:
    require_editor(user)
    _delete_child(user, event, "event")


@transaction.atomic
def add_perpetrator(*, user: User, case: Case, roles: list[str], name: str = "",
                    details: str = "", gender: str = "NonSpecifiedUnknown",
                    citizenship: str = "") -> Perpetrator:
    require_editor(user)
    perpetrator = Perpetrator(case=case, roles=roles, name=name, details=details,
                              gender=gender, citizenship=citizenship)
    perpetrator.full_clean()
    perpetrator.save()
    _record_child(user, AuditAction.UPDATE, case, "perpetrator_added", perpetrator)
    return perpetrator


@transaction.atomic
def update_perpetrator(*, user: User, perpetrator: Perpetrator, roles: list[str],
                       name: str = "", details: str = "", gender: str = "NonSpecifiedUnknown",
                       citizenship: str = "") -> Perpetrator:
    require_editor(user)
    _update_child(user, perpetrator, "perpetrator", {
        "roles": roles, "name": name, "details": details, "gender": gender,
        "citizenship": citizenship,
    })
    return perpetrator


@transaction.atomic
def delete_perpetrator(*, user: User, perpetrator: Perpetrator) -> None:
    require_editor(user)
    _delete_child(user, perpetrator, "perpetrator")


@transaction.atomic
def add_note(*, user: User, case: Case, text: str) -> Note:
    require_editor(user)
    note = Note(case=case, author=user, text=text)
    note.full_clean()
    note.save()
    _record_child(user, AuditAction.UPDATE, case, "note_added", note)
    return note


@transaction.atomic
def update_note(*, user: User, note: Note, text: str) -> Note:
    require_editor(user)
    _require_author(user, note)
    _update_child(user, note, "note", {"text": text})
    return note


@transaction.atomic
def delete_note(*, user: User, note: Note) -> None:
    require_editor(user)
    _require_author(user, note)
    _delete_child(user, note, "note")


@transaction.atomic
def add_attachment(*, user: User, case: Case, filename: str, content_type: str,
                   content: bytes, description: str = "") -> Attachment:
    """Store ``content`` encrypted at rest (see ``attachments``)."""
    require_editor(user)
    if len(content) > attachment_store.MAX_BYTES:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    attachment = Attachment(case=case, filename=filename, description=description,
                            content_type=content_type, size=len(content), uploaded_by=user)
    attachment.full_clean()
    attachment.save()
    attachment_store.write(attachment, content)
    _record_child(user, AuditAction.UPDATE, case, "attachment_added", attachment)
    return attachment
