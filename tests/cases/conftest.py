"""Fixtures for the case registry: a person and a case of organisation A."""

from __future__ import annotations

import datetime

import pytest

from palermo.accounts.models import User
from palermo.cases import services
from palermo.cases.models import Case, Person


@pytest.fixture
def person_a(caseworker: User) -> Person:
    return services.create_person(
        user=caseworker,
        given_name="Дилноза", family_name="Каримова", patronymic="Рустамовна",
        given_name_latin="Dilnoza", family_name_latin="Karimova",
        aliases=["Dilnoza Karimova-Usmonova"],
        birth_date=datetime.date(1998, 3, 14),
        documents=[{"type": "passport", "number": "FA 1234567", "country": "UZ"}],
        gender="Feminine", birth_year=1998, citizenships=["UZ"], languages=["uz", "ru"],
    )


@pytest.fixture
def case_a(caseworker: User, person_a: Person) -> Case:
    return services.create_case(
        user=caseworker, persons=[person_a],
        case_type="ForcedLabour", exploitation=["ForcedLabour", "Servitude"],
        industry="F_Construction", means_of_control=["WithholdsDocuments", "DebtBondage"],
        recruitment_country="UZ", exploitation_country="RU", exploitation_region="Moscow",
        opened_on=datetime.date(2026, 5, 4),
        narrative="Recruited through an acquaintance for construction work; passport taken.",
    )
