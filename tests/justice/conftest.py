"""Fixtures for justice: organisation A's case (from the registry's fixtures) with one record of
each kind, and a receiver organisation (C) the case is shared with by a referral."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from palermo.accounts.models import User
from palermo.cases import services as case_services
from palermo.cases.models import Case, Person
from palermo.justice import services
from tests.cases.conftest import case_a, person_a
from tests.referrals.conftest import (
    consent_c,
    make_referral,
    org_c,
    receiver,
    referral,
    service_c,
)

__all__ = ["case_a", "consent_c", "make_referral", "org_c", "person_a", "receiver", "referral",
           "service_c"]

D = datetime.date


@pytest.fixture
def records(lawyer: User, case_a: Case, person_a: Person) -> dict[str, Any]:
    perpetrator = case_services.add_perpetrator(
        user=lawyer, case=case_a, roles=["RecruiterOrIntermediary"], gender="Masculine",
        citizenship="RU")
    investigation = services.add_investigation(
        user=lawyer, case=case_a, agency="Investigative Committee, Moscow",
        articles=["127.1-2", "322.1"], opened_on=D(2024, 2, 1))
    prosecution = services.add_prosecution(
        user=lawyer, case=case_a, investigation=investigation, charges=["127.1-2"],
        court="Tverskoy District Court", filed_on=D(2024, 9, 1), verdict="convicted",
        verdict_on=D(2025, 3, 3), sentence="6 years", sentence_months=72)
    hearing = services.add_hearing(user=lawyer, prosecution=prosecution,
                                   held_on=D(2024, 10, 1), note="First hearing")
    defendant = services.add_defendant(user=lawyer, prosecution=prosecution,
                                       perpetrator=perpetrator, sex="unknown",
                                       age_group="adult", citizenship="")
    proceeding = services.add_proceeding(
        user=lawyer, case=case_a, person=person_a, offence_category="immigration",
        article_text="CAO 18.8", opened_on=D(2024, 1, 10))
    return {"case": case_a, "person": person_a, "investigation": investigation,
            "prosecution": prosecution, "hearing": hearing, "defendant": defendant,
            "proceeding": proceeding, "perpetrator": perpetrator}
