"""GLOTIP's justice tables: persons prosecuted and convicted by citizenship and sex, and
proceedings against victims counted apart."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from palermo.analytics import glotip_justice
from palermo.justice.models import Defendant, ProceedingAgainstPerson, Prosecution


def _prosecution(case: Any, filed: datetime.date, verdict: str = "pending",
                 verdict_on: datetime.date | None = None) -> Prosecution:
    return Prosecution.objects.create(case=case, court="Court", filed_on=filed,
                                      verdict=verdict, verdict_on=verdict_on)


@pytest.mark.django_db
def test_persons_prosecuted_and_convicted_by_citizenship_and_sex(registry: Any) -> None:
    case = registry["a1"][0]
    convicted = _prosecution(case, datetime.date(2024, 2, 1), "convicted",
                             datetime.date(2025, 3, 1))
    pending = _prosecution(case, datetime.date(2025, 1, 1))
    for _ in range(6):
        Defendant.objects.create(prosecution=convicted, sex="male", citizenship="RU")
    Defendant.objects.create(prosecution=convicted, sex="female", citizenship="UZ")
    Defendant.objects.create(prosecution=pending, sex="male")
    ProceedingAgainstPerson.objects.create(
        case=case, person=case.persons.get(), offence_category="immigration",
        opened_on=datetime.date(2025, 4, 1))

    exact = glotip_justice.tables(2025, threshold=1)
    prosecuted = {(r, c): cell.value for r, c, cell in exact.prosecuted.entries()}
    assert prosecuted == {("Unknown", "female"): 0, ("Unknown", "male"): 1,
                          ("Unknown", "unknown"): 0}
    convicted_2025 = {(r, c): cell.value for r, c, cell in exact.convicted.entries()}
    assert convicted_2025[("RUS", "male")] == 6 and convicted_2025[("UZB", "female")] == 1
    assert exact.against_victims.total.value == 1
    assert not exact.empty
    assert glotip_justice.tables(2024, threshold=1).prosecuted.total.value == 7

    published = glotip_justice.tables(2025, threshold=5)
    shown = [cell.value for row in published.convicted.cells for cell in row]
    assert all(v is None or v == 0 or v >= 5 for v in shown)


@pytest.mark.django_db
def test_a_year_without_justice_records_is_empty(registry: Any) -> None:
    assert glotip_justice.tables(2025, threshold=5).empty
