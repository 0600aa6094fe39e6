"""Building capture-history lists from the registry: one list per organisation or per
organisation type, over the cases opened (or victims identified) in a period.

Each person counts once per list. Who counts as "the same person" is a pluggable mapping
(``PersonIdentity``): today a ``Person`` row is one person, so someone recorded by two
organisations as two ``Person`` rows counts twice. When record linkage lands, pass its mapping
(person id -> cluster id) and persons matched across organisations count once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import OrganisationType
from palermo.cases.codes import TraffickingStatus
from palermo.cases.models import Case
from palermo.estimation.histories import CaptureTable, table_from_rows
from palermo.screening.models import IdentificationDecision

#: Maps person ids to the identity each stands for; persons with the same identity count once.
PersonIdentity = Callable[[Iterable[int]], Mapping[int, Hashable]]


def each_person_row(person_ids: Iterable[int]) -> Mapping[int, Hashable]:
    """The identity until record linkage exists: every ``Person`` row is its own person."""
    return {pk: pk for pk in person_ids}


class Grouping(TextChoices):
    ORGANISATION = "organisation", _("One list per organisation")
    ORG_TYPE = "org_type", _("One list per type of organisation")


class Basis(TextChoices):
    OPENED = "opened", _("Cases opened in the period")
    IDENTIFIED = "identified", _("Victims identified in the period (signed decision)")


@dataclass(frozen=True)
class ListSpec:
    grouping: str
    basis: str
    start: datetime.date
    end: datetime.date

    def as_json(self) -> dict[str, str]:
        return {"grouping": self.grouping, "basis": self.basis,
                "start": self.start.isoformat(), "end": self.end.isoformat()}


def _cases(spec: ListSpec) -> Iterable[int]:
    if spec.basis == Basis.IDENTIFIED:
        return IdentificationDecision.objects.filter(
            decision=TraffickingStatus.ACTUAL,
            signed_at__date__gte=spec.start,
            signed_at__date__lte=spec.end,
        ).values_list("case_id", flat=True)
    return Case.objects.filter(
        opened_on__gte=spec.start, opened_on__lte=spec.end
    ).values_list("id", flat=True)


def memberships(spec: ListSpec) -> set[tuple[int, str]]:
    """(person id, list name) for every person on a case of the period, once per list."""
    through = Case.persons.through
    group = "case__organisation__name" if spec.grouping == Grouping.ORGANISATION else (
        "case__organisation__org_type")
    pairs = through.objects.filter(case_id__in=_cases(spec)).values_list("person_id", group)
    if spec.grouping == Grouping.ORG_TYPE:
        labels = dict(OrganisationType.choices)
        return {(person, str(labels.get(kind, kind))) for person, kind in pairs}
    return {(person, name) for person, name in pairs}


def build_table(spec: ListSpec, *, identity: PersonIdentity = each_person_row) -> CaptureTable:
    """The capture-history table of ``spec``; raises the engine's ``HistoryFileError`` when it
    cannot be estimated from (fewer than two usable lists, more than ten)."""
    pairs = memberships(spec)
    who = identity({person for person, _ in pairs})
    on_lists: dict[Hashable, set[str]] = {}
    for person, name in pairs:
        on_lists.setdefault(who[person], set()).add(name)
    names = sorted({name for _, name in pairs})
    histories: dict[tuple[int, ...], int] = {}
    for found in on_lists.values():
        bits = tuple(1 if name in found else 0 for name in names)
        histories[bits] = histories.get(bits, 0) + 1
    return table_from_rows(names, list(histories.items()))

