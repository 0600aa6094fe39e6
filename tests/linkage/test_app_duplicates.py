"""Likely duplicates inside one organisation, offered to its caseworkers: the page (names visible,
their own data), merging (cases move to the kept person, who keeps their identity) and
dismissing; other organisations get 404, other roles 403."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from palermo.cases.models import Person
from palermo.core.models import AuditEvent
from palermo.linkage.models import DuplicateSuggestion, SuggestionStatus
from tests.linkage.app_fixtures import case, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(org_a):
    """Organisation A recorded Шерзод Рахимов (one case) and Sherzod Rakhimov (two cases)."""
    born = datetime.date(1990, 3, 5)
    keep = person(org_a, "Шерзод", "Рахимов", born)
    other = person(org_a, "Sherzod", "Rakhimov", born)
    first = case(org_a, [keep])
    second, third = case(org_a, [other]), case(org_a, [other, keep])
    first_id, second_id = sorted((keep.pk, other.pk))
    suggestion = DuplicateSuggestion.objects.create(
        organisation=org_a, first_id=first_id, second_id=second_id, probability=0.96)
    return {"keep": keep, "other": other, "cases": [first, second, third],
            "suggestion": suggestion}


def _merge_data(suggestion: DuplicateSuggestion, keep: Person) -> dict[str, str]:
    return {f"s{suggestion.pk}-keep": str(keep.pk)}


def test_the_caseworker_sees_both_names_of_the_pair(client_for, caseworker, twins):
    html = client_for(caseworker).get("/linkage/duplicates/").content.decode()
    for text in ("Шерзод", "Sherzod", twins["keep"].code, twins["other"].code):
        assert text in html
    event = AuditEvent.objects.filter(object_type="cases.Person", action="view").latest("seq")
    assert set(event.object_ids) == {str(twins["keep"].pk), str(twins["other"].pk)}


def test_merging_moves_the_cases_and_keeps_the_kept_identity(client_for, caseworker, twins):
    keep, other, suggestion = twins["keep"], twins["other"], twins["suggestion"]
    response = client_for(caseworker).post(f"/linkage/duplicates/{suggestion.pk}/merge/",
                                           _merge_data(suggestion, keep))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert keep.given_name == "Шерзод" and keep.family_name == "Рахимов"
    assert {c.pk for c in keep.cases.all()} == {c.pk for c in twins["cases"]}
    assert all(c.persons.count() == 1 for c in twins["cases"])
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.MERGED and suggestion.handled_by == caseworker
    merged = AuditEvent.objects.get(object_type="cases.Person", action="update")
    assert merged.object_ids == [str(keep.pk)] and merged.detail["merged"] == other.pk
    assert AuditEvent.objects.get(object_type="cases.Person", action="delete").object_ids == [
        str(other.pk)]
    assert "Шерзод" not in str(merged.detail)


def test_merging_moves_proceedings_against_the_person(client_for, caseworker, twins):
    from palermo.justice.models import ProceedingAgainstPerson

    other, keep = twins["other"], twins["keep"]
    proceeding = ProceedingAgainstPerson.objects.create(
        case=twins["cases"][1], person=other, offence_category="migration",
        opened_on=datetime.date(2025, 5, 1))
    suggestion = twins["suggestion"]
    client_for(caseworker).post(f"/linkage/duplicates/{suggestion.pk}/merge/",
                                _merge_data(suggestion, keep))
    proceeding.refresh_from_db()
    assert proceeding.person_id == keep.pk


def test_dismissing_keeps_both_and_hides_the_pair(client_for, caseworker, twins):
    suggestion = twins["suggestion"]
    client = client_for(caseworker)
    assert client.post(f"/linkage/duplicates/{suggestion.pk}/dismiss/").status_code == 302
    assert Person.objects.filter(pk__in=[twins["keep"].pk, twins["other"].pk]).count() == 2
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED
    assert twins["keep"].code not in client.get("/linkage/duplicates/").content.decode()
    # A handled pair cannot be merged afterwards.
    response = client.post(f"/linkage/duplicates/{suggestion.pk}/merge/",
                           _merge_data(suggestion, twins["keep"]))
    assert response.status_code == 404
    assert Person.objects.filter(pk=twins["other"].pk).exists()


def test_an_outsider_gets_404_and_nothing_changes(client_for, outsider, twins):
    suggestion = twins["suggestion"]
    client = client_for(outsider)
    assert twins["keep"].code not in client.get("/linkage/duplicates/").content.decode()
    merge = client.post(f"/linkage/duplicates/{suggestion.pk}/merge/",
                        _merge_data(suggestion, twins["keep"]))
    assert merge.status_code == 404
    assert client.post(f"/linkage/duplicates/{suggestion.pk}/dismiss/").status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN
    assert Person.objects.filter(pk=twins["other"].pk).exists()


@pytest.mark.parametrize("role", ["analyst", "intake_officer", "org_admin"])
def test_roles_that_do_not_edit_cases_get_403(request, client_for, role, twins):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/linkage/duplicates/").status_code == 403
    suggestion = twins["suggestion"]
    assert client.post(f"/linkage/duplicates/{suggestion.pk}/dismiss/").status_code == 403


def test_a_merge_keeping_a_third_person_changes_nothing(client_for, caseworker, org_a, twins):
    stranger = person(org_a, "Алишер", "Юсупов", None)
    suggestion = twins["suggestion"]
    response = client_for(caseworker).post(f"/linkage/duplicates/{suggestion.pk}/merge/",
                                           _merge_data(suggestion, stranger), follow=True)
    assert "Choose which of the two persons to keep." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN
    assert Person.objects.filter(pk=twins["other"].pk).exists()


def test_anonymous_visitors_cannot_merge(twins):
    suggestion = twins["suggestion"]
    response = Client().post(f"/linkage/duplicates/{suggestion.pk}/merge/", {})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
