"""Fixtures for screening: organisation A's case (from the case registry's fixtures) and answers."""

from __future__ import annotations

from typing import Any

import pytest

from palermo.accounts.models import User
from palermo.cases.models import Case
from palermo.screening import services
from palermo.screening.models import Screening
from tests.cases.conftest import case_a, person_a

__all__ = ["case_a", "person_a"]

#: A construction worker deceived about wages, passport taken, in debt, formally consenting.
CONSTRUCTION: dict[str, Any] = {
    "victim_age": 34, "consent_given": "yes", "act_recruitment": "yes",
    "act_transportation": "yes", "purpose_forced_labour": "yes",
    "ilo_deception": "yes", "ilo_retention_of_documents": "yes", "ilo_debt_bondage": "yes",
    "dr_nature_of_job": "yes", "dr_wages": "yes", "ex_excessive_hours": "yes",
    "ex_low_salary": "yes", "cd_documents": "yes", "cd_debt_bondage": "yes",
    "prison_labour": "no", "military_service": "no",
}


@pytest.fixture
def answers() -> dict[str, Any]:
    return dict(CONSTRUCTION)


@pytest.fixture
def screening_a(caseworker: User, case_a: Case, answers: dict[str, Any]) -> Screening:
    return services.save_screening(user=caseworker, case=case_a, answers=answers)
