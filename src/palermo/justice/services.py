"""Writes to a case's justice records: each is one transaction with its audit row inside it (on
the case, naming the record and the changed fields, never the values). Callers pass cleaned
values; every service runs the model's validation, so nothing invalid is written."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

from palermo.accounts.models import User
from palermo.cases.models import Case
from palermo.cases.services import require_editor
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.justice.codes import NON_PUNISHMENT_CATEGORIES
from palermo.justice.models import (
    Defendant,
    Hearing,
    Investigation,
    ProceedingAgainstPerson,
    Prosecution,
)

R = TypeVar("R", bound=models.Model)

#: The kinds of record a case holds, by the key its audit rows use.
KINDS: dict[str, type[models.Model]] = {
    "investigation": Investigation,
    "prosecution": Prosecution,
    "proceeding": ProceedingAgainstPerson,
}


def _audit(user: User, case: Case, key: str, pk: int, fields: list[str] | None = None) -> None:
    detail: dict[str, Any] = {key: pk}
    if fields is not None:
        detail["fields"] = sorted(fields)
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail=detail)


def _save(user: User, record: R, case: Case, kind: str, values: dict[str, Any]) -> R:
    require_editor(user)
    creating = record.pk is None
    changed = [] if creating else [name for name, value in values.items()
                                   if getattr(record, name) != value]
    for name, value in values.items():
        setattr(record, name, value)
    if isinstance(record, ProceedingAgainstPerson):
        record.non_punishment = (record.offence_category in NON_PUNISHMENT_CATEGORIES
                                 or record.non_punishment_confirmed)
    if creating or changed:
        record.full_clean()
        record.save()
        if creating:
            _audit(user, case, f"{kind}_added", record.pk)
        else:
            _audit(user, case, f"{kind}_updated", record.pk, changed)
    return record


@transaction.atomic
def add_investigation(*, user: User, case: Case, **values: Any) -> Investigation:
    return _save(user, Investigation(case=case), case, "investigation", values)


@transaction.atomic
def update_investigation(*, user: User, investigation: Investigation,
                         **values: Any) -> Investigation:
    return _save(user, investigation, investigation.case, "investigation", values)


@transaction.atomic
def add_prosecution(*, user: User, case: Case, **values: Any) -> Prosecution:
    return _save(user, Prosecution(case=case), case, "prosecution", values)


@transaction.atomic
def update_prosecution(*, user: User, prosecution: Prosecution, **values: Any) -> Prosecution:
    return _save(user, prosecution, prosecution.case, "prosecution", values)


@transaction.atomic
def add_proceeding(*, user: User, case: Case, **values: Any) -> ProceedingAgainstPerson:
    return _save(user, ProceedingAgainstPerson(case=case), case, "proceeding", values)


@transaction.atomic
def update_proceeding(*, user: User, proceeding: ProceedingAgainstPerson,
                      **values: Any) -> ProceedingAgainstPerson:
    return _save(user, proceeding, proceeding.case, "proceeding", values)


@transaction.atomic
def delete_record(*, user: User, record: Investigation | Prosecution | ProceedingAgainstPerson,
                  kind: str) -> None:
    require_editor(user)
    case, pk = record.case, record.pk
    record.delete()
    _audit(user, case, f"{kind}_deleted", pk)


@transaction.atomic
def add_hearing(*, user: User, prosecution: Prosecution, **values: Any) -> Hearing:
    return _save(user, Hearing(prosecution=prosecution), prosecution.case, "hearing", values)


@transaction.atomic
def add_defendant(*, user: User, prosecution: Prosecution, **values: Any) -> Defendant:
    """A person prosecuted; sex and citizenship come from the linked perpetrator when the form
    left them unknown."""
    perpetrator = values.get("perpetrator")
    if perpetrator is not None:
        if values.get("sex", "unknown") == "unknown":
            values["sex"] = {"Feminine": "female", "Masculine": "male"}.get(
                perpetrator.gender, "unknown")
        if not values.get("citizenship"):
            values["citizenship"] = perpetrator.citizenship
    return _save(user, Defendant(prosecution=prosecution), prosecution.case, "defendant",
                 values)


@transaction.atomic
def delete_hearing(*, user: User, hearing: Hearing) -> None:
    require_editor(user)
    case, pk = hearing.prosecution.case, hearing.pk
    hearing.delete()
    _audit(user, case, "hearing_deleted", pk)


@transaction.atomic
def delete_defendant(*, user: User, defendant: Defendant) -> None:
    require_editor(user)
    case, pk = defendant.prosecution.case, defendant.pk
    defendant.delete()
    _audit(user, case, "defendant_deleted", pk)
