import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from palermo.cases import selectors, services
from palermo.cases.models import Case, Person


def test_person_gets_a_pseudonymous_code(person_a):
    year = timezone.now().year
    assert person_a.code.startswith(f"P-{year}-")
    assert len(person_a.code) == len("P-2026-000001")


def test_codes_are_consecutive(caseworker, person_a):
    other = services.create_person(user=caseworker, given_name="Ivan")
    assert int(other.code[-6:]) == int(person_a.code[-6:]) + 1


@pytest.mark.parametrize("typed", [
    "Дилноза Каримова", "каримова дилноза", "Dilnoza Karimova", "KARIMOVA DILNOZA",
    "Дилноза Рустамовна Каримова", "Dilnoza Karimova-Usmonova", "FA1234567", "fa 123 4567",
])
def test_person_is_found_by_any_recorded_spelling(caseworker, person_a, typed):
    assert list(selectors.find_persons(caseworker, typed)) == [person_a]


def test_cyrillic_only_record_is_found_by_its_icao_spelling(caseworker):
    person = services.create_person(user=caseworker, given_name="Мария", family_name="Щукина")
    assert list(selectors.find_persons(caseworker, "Mariia Shchukina")) == [person]


def test_partial_name_does_not_match(caseworker, person_a):
    assert not selectors.find_persons(caseworker, "Дилноз").exists()


def test_outsider_finds_nothing_and_gets_404(outsider, person_a, case_a):
    assert not selectors.find_persons(outsider, "Dilnoza Karimova").exists()
    with pytest.raises(Http404):
        selectors.get_case(outsider, case_a.pk)
    with pytest.raises(Http404):
        selectors.get_person(outsider, person_a.pk)


@pytest.mark.parametrize("persona", ["analyst", "org_admin", "intake_officer"])
def test_roles_without_identity_access_see_no_cases(request, persona, case_a):
    user = request.getfixturevalue(persona)
    assert not Case.objects.visible_to(user).exists()
    assert not Person.objects.visible_to(user).exists()


def test_analyst_cannot_create_cases(analyst):
    with pytest.raises(PermissionDenied):
        services.create_person(user=analyst, given_name="X")


def test_exploitation_filter_uses_codes_exactly(caseworker, case_a):
    found = selectors.filter_cases(caseworker, selectors.CaseFilters(exploitation="Servitude"))
    assert list(found) == [case_a]
    none = selectors.filter_cases(caseworker,
                                  selectors.CaseFilters(exploitation="SexualExploitation"))
    assert not none.exists()


def test_search_box_finds_case_by_code_or_name(caseworker, case_a):
    by_code = selectors.filter_cases(caseworker, selectors.CaseFilters(q=case_a.code.lower()))
    by_name = selectors.filter_cases(caseworker, selectors.CaseFilters(q="Karimova Dilnoza"))
    assert list(by_code) == [case_a] == list(by_name)


def test_unknown_code_is_refused_and_nothing_written(caseworker, person_a):
    before = Case.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_case(user=caseworker, persons=[person_a], case_type="ForcedLabour",
                             exploitation=["Slavery"], opened_on=datetime.date(2026, 1, 1))
    assert "Unknown code" in str(error.value)
    assert Case.objects.count() == before


def test_case_history_lists_its_audit_events(caseworker, case_a):
    services.update_case(user=caseworker, case=case_a, status="FollowUp")
    actions = [e.action for e in selectors.case_history(case_a)]
    assert actions == ["update", "create"]


def test_attachment_round_trips_encrypted(caseworker, case_a):
    from palermo.cases import attachments

    content = "Паспорт, скан".encode() * 10
    attachment = services.add_attachment(user=caseworker, case=case_a, filename="passport.pdf",
                                         content_type="application/pdf", content=content)
    raw = attachments.path_of(attachment).read_bytes()
    assert content not in raw
    assert attachments.read(attachment) == content
