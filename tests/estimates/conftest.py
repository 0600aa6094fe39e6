"""A small registry for the list builder, counted by hand.

Period 2025-01-01 to 2025-12-31, lists per organisation:

- Organisation A: seven persons alone, X (in two of A's cases: counted once) and Y: 9 people;
- Organisation B: four persons alone and X (X's case in B): 5 people;
- Coordination body: two persons alone and Y: 3 people;
- Z is on an A case opened in 2024: on no list.

So 15 people are observed; A and B share 1 (X), A and the coordination body 1 (Y), B and the
coordination body none. Two of A's cases (the first two single-person cases) have a signed
"identified" decision in 2025-06.
"""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

import pytest

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Case, Person
from palermo.screening.models import IdentificationDecision

WESTERN = Path(__file__).resolve().parents[1] / "estimation" / "data" / "western.csv"
IN_PERIOD = datetime.date(2025, 3, 1)
_codes = itertools.count(1)


def _person(org: Organisation) -> Person:
    return Person.objects.create(organisation=org, code=f"P-E-{next(_codes):05d}")


def _case(org: Organisation, persons: list[Person], opened: datetime.date = IN_PERIOD) -> Case:
    case = Case.objects.create(organisation=org, code=f"C-E-{next(_codes):05d}",
                               case_type="individual", opened_on=opened)
    case.persons.set(persons)
    return case


@pytest.fixture
def estimate_registry(org_a: Organisation, org_b: Organisation,
                      coordination_body: Organisation, lawyer: User) -> dict[str, Person]:
    x, y, z = _person(org_a), _person(org_a), _person(org_a)
    alone_a = [_case(org_a, [_person(org_a)]) for _ in range(7)]
    _case(org_a, [x])
    _case(org_a, [x])
    _case(org_a, [y])
    _case(org_a, [z], opened=datetime.date(2024, 5, 1))
    for _ in range(4):
        _case(org_b, [_person(org_b)])
    _case(org_b, [x])
    for _ in range(2):
        _case(coordination_body, [_person(coordination_body)])
    _case(coordination_body, [y])
    signed = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    for case in alone_a[:2]:
        IdentificationDecision.objects.create(
            case=case, decision="ActualVictimOfTrafficking", deciding_org="NGO",
            reasons="test", decided_by=lawyer, signed_at=signed, content_hash="0" * 64)
    return {"x": x, "y": y, "z": z}


@pytest.fixture
def org_a_estimate(org_a: Organisation) -> int:
    """A saved estimate of organisation A (made by an analyst of A), by id."""
    return make_estimate(org_a)


def make_estimate(org: Organisation) -> int:
    """A saved estimate of ``org`` on the Western data (made by a new analyst of it), by id."""
    from palermo.estimates import services
    from palermo.estimates.models import Source
    from palermo.estimation.histories import read_histories

    user = User.objects.create(username=f"analyst-{org.pk}", organisation=org, role="analyst")
    table = read_histories(WESTERN)
    options = services.Options()
    saved = services.save_estimate(
        user=user, title="Org A estimate", source=Source.UPLOAD, table=table, options=options,
        result=services.run(table, options), sensitivity=[])
    return saved.pk
