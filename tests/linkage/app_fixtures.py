"""A registry for the linkage pages: two organisations that recorded some of the same migrant
workers, organisation A in Cyrillic and organisation B in Latin letters, and helpers to build a
finished run by hand (for tests of review and clustering that must not depend on the model).

Import the fixture into a test module: ``from tests.linkage.app_fixtures import
registry_fixture`` (named ``registry`` in tests).
"""

from __future__ import annotations

import datetime
import itertools
import random
from typing import Any

import pytest

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Case, Person
from palermo.linkage import runs
from palermo.linkage.models import CandidatePair, LinkageRun, LinkedRecord, Mode, Status
from palermo.referrals.codes import ShareGroup
from palermo.referrals.models import Consent

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
OPENED = datetime.date(2025, 4, 1)
_numbers = itertools.count(1)

# Cyrillic -> the Latin spelling organisation B uses.
GIVEN = {"Рустам": "Rustam", "Дильшод": "Dilshod", "Фарход": "Farkhod", "Алишер": "Alisher",
         "Жасур": "Jasur", "Улугбек": "Ulugbek", "Дилноза": "Dilnoza", "Нодира": "Nodira",
         "Зарина": "Zarina", "Бахтиёр": "Bakhtiyor", "Азамат": "Azamat", "Гульнора": "Gulnora"}
FAMILY = {"Каримов": "Karimov", "Юсупов": "Yusupov", "Назаров": "Nazarov",
          "Хасанов": "Khasanov", "Тошматов": "Toshmatov", "Исмоилов": "Ismoilov",
          "Сафаров": "Safarov", "Мирзаев": "Mirzaev", "Усмонов": "Usmonov"}


def person(org: Organisation, given: str, family: str, born: datetime.date | None,
           sex: str = "Masculine", citizenship: str = "UZ") -> Person:
    return Person.objects.create(
        organisation=org, code=f"P-L-{next(_numbers):06d}", given_name=given,
        family_name=family, birth_date=born, birth_year=born.year if born else None,
        gender=sex, citizenships=citizenship)


def case(org: Organisation, persons: list[Person], opened: datetime.date = OPENED) -> Case:
    item = Case.objects.create(organisation=org, code=f"C-L-{next(_numbers):06d}",
                               case_type="ForcedLabour", opened_on=opened)
    item.persons.set(persons)
    return item


def consent_to_linkage(item: Case, recipient: Organisation, by: User) -> Consent:
    return Consent.objects.create(case=item, recipient=recipient, groups=[ShareGroup.LINKAGE],
                                  given_on=OPENED, recorded_by=by)


@pytest.fixture(name="registry")
def registry_fixture(org_a: Organisation, org_b: Organisation, coordination_body: Organisation,
             caseworker: User) -> dict[str, Any]:
    """Sherzod Rakhimov in both organisations (Шерзод Рахимов in A, Sherzod Rakhimov in B), a
    namesake of his born 27 years earlier in B, and 40 other people each recorded by A, by B or
    by both. Most cases, Sherzod's two among them, have a consent to linkage by the coordination
    body; the persons of the others are listed under ``"no_consent"`` (person ids)."""
    rng = random.Random(5)
    sherzod_a = person(org_a, "Шерзод", "Рахимов", datetime.date(1990, 3, 5))
    sherzod_b = person(org_b, "Sherzod", "Rakhimov", datetime.date(1990, 3, 5))
    namesake = person(org_b, "Sherzod", "Rakhimov", datetime.date(1963, 8, 21))
    for item in (case(org_a, [sherzod_a]), case(org_b, [sherzod_b])):
        consent_to_linkage(item, coordination_body, caseworker)
    no_consent: set[int] = set()

    def recorded(org: Organisation, who: Person) -> None:
        item = case(org, [who])
        if rng.random() < 0.8:
            consent_to_linkage(item, coordination_body, caseworker)
        else:
            no_consent.add(who.pk)

    recorded(org_b, namesake)
    for _ in range(40):
        given, family = rng.choice(list(GIVEN)), rng.choice(list(FAMILY))
        born = datetime.date(rng.randint(1970, 2004), rng.randint(1, 12), rng.randint(1, 28))
        sex = "Feminine" if given in ("Дилноза", "Нодира", "Зарина", "Гульнора") else "Masculine"
        if sex == "Feminine":
            family += "а"
        where = rng.random()
        if where < 0.7:
            recorded(org_a, person(org_a, given, family, born, sex))
        if where > 0.4:
            latin = GIVEN[given], FAMILY.get(family, FAMILY.get(family[:-1], "")) + (
                "a" if sex == "Feminine" else "")
            recorded(org_b, person(org_b, latin[0], latin[1], born, sex))
    return {"sherzod_a": sherzod_a, "sherzod_b": sherzod_b, "namesake": namesake,
            "no_consent": no_consent}


def finished_run(organisation: Organisation, by: User, persons: list[Person],
                 pairs: list[tuple[Person, Person, float]], *, mode: str = Mode.ENCODED,
                 threshold: float = 0.9, review_low: float = 0.5) -> LinkageRun:
    """A finished run over ``persons`` with the given scored pairs, clustered as a real run."""
    run = LinkageRun.objects.create(
        organisation=organisation, started_by=by, mode=mode, basis="opened", start=START,
        end=END, threshold=threshold, review_low=review_low, status=Status.DONE, progress=100,
        records=len(persons), lists=sorted({p.organisation.name for p in persons}))
    linked = {p.pk: LinkedRecord.objects.create(run=run, person_id=p.pk,
                                                organisation_id=p.organisation_id, cluster=0)
              for p in persons}
    for first, second, probability in pairs:
        left, right = sorted((first.pk, second.pk))
        CandidatePair.objects.create(
            run=run, left=linked[left], right=linked[right], probability=probability,
            uncertain=review_low <= probability < threshold,
            agreement={"family_name": "agree", "given_name": "agree", "birth": "year"})
    run.pairs = len(pairs)
    run.uncertain = CandidatePair.objects.filter(run=run, uncertain=True).count()
    run.save()
    runs.recluster(run)
    return run
