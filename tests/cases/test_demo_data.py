"""The demo data generator and ``palermo seed-demo``: reproducible, spread over organisations and
patterns, encrypted at rest, silent in the logs, findable in both scripts, audited per batch."""

from __future__ import annotations

import io
import json
import logging
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.core.test_encryption import raw_database_text

from palermo.accounts.models import Organisation, User
from palermo.cases import codes, demo_data, selectors
from palermo.cases.demo_patterns import PATTERNS
from palermo.cases.models import Case, CodeCounter, Person
from palermo.cases.search import person_tokens
from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent

ONE_ORGANISATION = (("any", 1.0),)


def seed_into(organisation: Organisation, count: int, seed: int = 11,
              batch_size: int = demo_data.BATCH_SIZE) -> demo_data.SeedResult:
    return demo_data.seed(seed=seed, count=count, organisations={"any": organisation.pk},
                          spread=ONE_ORGANISATION, batch_size=batch_size)


def full_names(person: Person) -> set[str]:
    """How a name could be written in clear: both orders, both scripts, aliases."""
    names = set(person.aliases)
    for given, family in ((person.given_name, person.family_name),
                          (person.given_name_latin, person.family_name_latin)):
        names |= {f"{given} {family}", f"{family} {given}"}
    return names


def test_generator_gives_the_same_cases_for_the_same_seed() -> None:
    first = list(demo_data.generate(seed=5, count=60))
    assert list(demo_data.generate(seed=5, count=60)) == first
    assert list(demo_data.generate(seed=6, count=60)) != first
    # Any slice can be generated on its own (what the worker processes do).
    assert list(demo_data.generate(seed=5, count=10, start=25)) == first[25:35]


def test_seeding_the_same_seed_twice_stores_the_same_codes_names_and_fields(
    org_a: Organisation,
) -> None:
    def stored() -> list[tuple[Any, ...]]:
        return [
            (case.code, case.case_type, case.exploitation, case.opened_on, case.narrative,
             [(p.code, p.family_name, p.given_name_latin, p.documents) for p in case.persons.all()])
            for case in Case.objects.order_by("code").prefetch_related("persons")
        ]

    seed_into(org_a, 12, batch_size=5)
    first = stored()
    last_id = max(Case.objects.values_list("pk", flat=True))
    Case.objects.all().delete()
    Person.objects.all().delete()
    CodeCounter.objects.all().delete()
    seed_into(org_a, 12, batch_size=7)
    assert stored() == first
    # Ids of deleted cases are not handed out again (audit rows name cases by id).
    assert min(Case.objects.values_list("pk", flat=True)) > last_id
    assert first[0][0] == f"C-{demo_data.ANCHOR.year}-000001"


def test_demo_set_covers_every_pattern_organisation_and_country() -> None:
    records = list(demo_data.generate(seed=demo_data.DEMO_SEED, count=demo_data.DEMO_CASES))
    per_organisation = Counter(r.organisation for r in records)
    assert set(per_organisation) == {key for key, _ in demo_data.DEMO_SPREAD}
    assert min(per_organisation.values()) >= 10
    assert set(Counter(r.pattern for r in records)) == set(PATTERNS)
    assert {r.fields["case_type"] for r in records} == {
        codes.CaseType.TRAFFICKING, codes.CaseType.FORCED_LABOUR, codes.CaseType.PRISON_LABOUR,
        codes.CaseType.FORCED_MILITARY}
    persons = [p.fields for r in records for p in r.persons]
    assert {p["citizenships"][0] for p in persons} == {"RU", "UZ", "TJ", "KG", "UA", "VN", "NG"}
    assert any(p["family_name"] == "Юлдашев" or p["family_name"] == "Юлдашева" for p in persons)
    assert any("Đ" in p["family_name"] or "ễ" in p["family_name"] for p in persons)
    prison = [r for r in records if r.pattern == "prison_labour"]
    assert all(r.fields["case_type"] == codes.CaseType.PRISON_LABOUR for r in prison)
    assert all(codes.MeansOfControl.EXCESSIVE_HOURS in r.fields["means_of_control"]
               for r in prison)
    # Every code the generator writes is in its code list.
    for record in records:
        fields = record.fields
        assert set(fields["exploitation"]) <= set(codes.Exploitation.values)
        assert set(fields["means_of_control"]) <= set(codes.MeansOfControl.values)
        assert set(fields["recruitment"]) <= set(codes.Recruitment.values)
        assert fields["industry"] in ("", *codes.Industry.values)
        assert fields["relationship"] in codes.Relationship.values
        assert fields["opened_on"] <= demo_data.ANCHOR


def test_seeded_cases_pass_the_models_validation(org_a: Organisation) -> None:
    seed_into(org_a, 15)
    # Generated data has no creator unless the demo names one (the model allows none).
    for case in Case.objects.all():
        case.full_clean(exclude=["created_by"])
    for person in Person.objects.all():
        person.full_clean(exclude=["created_by"])
        assert set(person.search_tokens.values_list("token", flat=True)) == person_tokens(person)


@pytest.mark.django_db(transaction=True)
def test_seeded_names_never_reach_the_database_or_the_logs_in_clear(
    org_a: Organisation, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        seed_into(org_a, 40, batch_size=15)
    persons = list(Person.objects.all())
    secrets = {name for person in persons for name in full_names(person)}
    secrets |= {doc["number"] for person in persons for doc in person.documents}
    assert len(secrets) > 100

    stored = raw_database_text()
    assert org_a.name.encode() in stored, "the raw read does not see the database's contents"
    for secret in secrets:
        for form in (secret.encode(), json.dumps(secret).encode()):
            assert form not in stored, f"{secret!r} is in the database in clear"
        assert secret not in caplog.text


def test_seeded_persons_are_found_by_name_in_either_script_and_by_document(
    org_a: Organisation, caseworker: User
) -> None:
    seed_into(org_a, 30)
    persons = list(Person.objects.all())
    for person in persons[:20]:
        typed = [
            f"{person.family_name} {person.given_name}",
            f"{person.given_name_latin} {person.family_name_latin}".upper(),
            person.documents[0]["number"],
            *person.aliases,
        ]
        for text in typed:
            assert person in selectors.find_persons(caseworker, text), text


@pytest.fixture
def demo_mode(settings: Any) -> None:
    settings.DEMO = True


def test_seed_demo_refuses_outside_demo_mode_without_force(org_a: Organisation) -> None:
    with pytest.raises(CommandError, match="demo mode") as raised:
        call_command("seed_demo", "--cases", "5", stdout=io.StringIO(), stderr=io.StringIO())
    assert raised.value.returncode == 2
    assert not Case.objects.exists()
    call_command("seed_demo", "--cases", "5", "--organisation", org_a.name, "--force",
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert Case.objects.count() == 5


def test_seed_demo_writes_one_audit_row_per_batch(org_a: Organisation, demo_mode: None) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo", "--cases", "25", "--seed", "3", "--batch-size", "10",
                 "--organisation", org_a.name, "--format", "json", stdout=out, stderr=err)

    summary = json.loads(out.getvalue())
    assert (summary["cases"], summary["batches"], summary["seed"]) == (25, 3, 3)
    assert Case.objects.filter(organisation=org_a).count() == 25
    rows = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="cases.Case")
    assert [row.detail["cases"] for row in rows.order_by("seq")] == [10, 10, 5]
    assert sorted(int(i) for row in rows for i in row.object_ids) == sorted(
        Case.objects.values_list("pk", flat=True))
    assert "25/25" in err.getvalue()
    assert audit.verify().intact


def test_seed_demo_spreads_over_the_demo_organisations_by_default(demo_mode: None,
                                                                  db: None) -> None:
    call_command("seed_demo", "--cases", "40", stdout=io.StringIO(), stderr=io.StringIO())
    assert Organisation.objects.count() == 5
    assert Case.objects.values("organisation").distinct().count() >= 4


def test_seed_demo_rejects_an_unknown_organisation(demo_mode: None, db: None) -> None:
    with pytest.raises(CommandError, match="no organisation") as raised:
        call_command("seed_demo", "--cases", "5", "--organisation", "Nobody",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert raised.value.returncode == 2
    assert not Case.objects.exists()
