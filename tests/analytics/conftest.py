"""A small registry whose every count is known by hand (see ``EXPECTED`` in test_counts.py).

Organisation A (Moscow) and organisation B (Kazan), cases of 2024 and 2025:

| group | org | opened | type | exploitation | industry | region | cases | person |
|---|---|---|---|---|---|---|---|---|
| a1 | A | 2024-03 | ForcedLabour | ForcedLabour | F | Moscow | 8 | M, 1990, UZ |
| a2 | A | 2025-02 | ForcedLabour | ForcedLabour, Servitude | F | Moscow | 6 | M, 1985, TJ |
| a3 | A | 2025-04 | Trafficking | SexualExploitation | – | Moscow Oblast | 5 | F, 2009, RU |
| a4 | A | 2025-05 | Other | Other | – | – | 1 | two (below) |
| b1 | B | 2024-06 | Trafficking | SexualExploitation | – | Kazan | 5 | F, 2000, KG |
| b2 | B | 2025-07 | Trafficking | SexualExploitation | – | Kazan | 10 | F, 2000, KG |

(Person: sex, year of birth, citizenship.) The a4 case has two persons with no year of birth
(its age when trafficked is 30): a woman with Russian and Uzbek citizenship, a man with none.

Decisions: identified victim on six a1 cases (2024), presumed victim on the other two a1 cases
and on every b2 case (2025), not a victim on a4 (2025). Referrals of a2 cases to B's shelter in
2025: three completed, two declined. Assistance on a2 cases in 2025: six shelter, one medical.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.utils import timezone

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Case, Person
from palermo.referrals.models import Assistance, Referral, Service
from palermo.screening.models import IdentificationDecision

_codes = itertools.count(1)

GROUPS: dict[str, dict[str, Any]] = {
    "a1": {"org": "a", "opened": datetime.date(2024, 3, 1), "type": "ForcedLabour",
           "exploitation": ["ForcedLabour"], "industry": "F_Construction", "region": "Moscow",
           "cases": 8, "persons": [("Masculine", 1990, ["UZ"])]},
    "a2": {"org": "a", "opened": datetime.date(2025, 2, 1), "type": "ForcedLabour",
           "exploitation": ["ForcedLabour", "Servitude"], "industry": "F_Construction",
           "region": "Moscow", "cases": 6, "persons": [("Masculine", 1985, ["TJ"])]},
    "a3": {"org": "a", "opened": datetime.date(2025, 4, 1), "type": "Trafficking",
           "exploitation": ["SexualExploitation"], "industry": "", "region": "Moscow Oblast",
           "cases": 5, "persons": [("Feminine", 2009, ["RU"])]},
    "a4": {"org": "a", "opened": datetime.date(2025, 5, 1), "type": "Other",
           "exploitation": ["Other"], "industry": "", "region": "", "cases": 1, "age": 30,
           "persons": [("Feminine", None, ["RU", "UZ"]), ("Masculine", None, [])]},
    "b1": {"org": "b", "opened": datetime.date(2024, 6, 1), "type": "Trafficking",
           "exploitation": ["SexualExploitation"], "industry": "", "region": "Kazan",
           "cases": 5, "persons": [("Feminine", 2000, ["KG"])]},
    "b2": {"org": "b", "opened": datetime.date(2025, 7, 1), "type": "Trafficking",
           "exploitation": ["SexualExploitation"], "industry": "", "region": "Kazan",
           "cases": 10, "persons": [("Feminine", 2000, ["KG"])]},
}


def _signed(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def registry(org_a: Organisation, org_b: Organisation, caseworker: User, outsider: User,
             lawyer: User) -> dict[str, list[Case]]:
    """The registry of the module docstring; the cases of each group by its name."""
    organisations = {"a": org_a, "b": org_b}
    creators = {"a": caseworker, "b": outsider}
    groups: dict[str, list[Case]] = {}
    for name, spec in GROUPS.items():
        groups[name] = []
        for _ in range(spec["cases"]):
            org = organisations[spec["org"]]
            case = Case.objects.create(
                organisation=org, code=f"C-T-{next(_codes):05d}", case_type=spec["type"],
                exploitation=spec["exploitation"], industry=spec["industry"],
                exploitation_region=spec["region"], opened_on=spec["opened"],
                age_when_trafficked=spec.get("age"), created_by=creators[spec["org"]])
            persons = [Person.objects.create(
                organisation=org, code=f"P-T-{next(_codes):05d}", gender=gender,
                birth_year=born, citizenships=citizenships)
                for gender, born, citizenships in spec["persons"]]
            case.persons.set(persons)
            groups[name].append(case)

    def decide(case: Case, decision: str, day: datetime.date) -> None:
        IdentificationDecision.objects.create(
            case=case, decision=decision, deciding_org="NGO", reasons="test",
            decided_by=lawyer, signed_at=_signed(day), content_hash="0" * 64)

    for case in groups["a1"][:6]:
        decide(case, "ActualVictimOfTrafficking", datetime.date(2024, 6, 1))
    for case in groups["a1"][6:] + groups["b2"]:
        decide(case, "PossibleVictimOfTrafficking", datetime.date(2025, 8, 1))
    decide(groups["a4"][0], "NotAVictimOfTrafficking", datetime.date(2025, 8, 1))

    shelter = Service.objects.create(organisation=org_b, service_type="shelter",
                                     name="Shelter", region="Kazan")
    for i, case in enumerate(groups["a2"][:5]):
        Referral.objects.create(case=case, sender=org_a, receiver=org_b, service=shelter,
                                status="completed" if i < 3 else "declined",
                                decline_reason="" if i < 3 else "no_capacity",
                                sent_by=caseworker, sent_at=_signed(datetime.date(2025, 3, 1)))
    for i, case in enumerate(groups["a2"]):
        Assistance.objects.create(case=case, provider=org_a, service_type="shelter",
                                  delivered_on=datetime.date(2025, 3, 2 + i),
                                  recorded_by=caseworker)
    Assistance.objects.create(case=groups["a2"][0], provider=org_a, service_type="medical",
                              delivered_on=datetime.date(2025, 3, 20), recorded_by=caseworker)
    return groups
