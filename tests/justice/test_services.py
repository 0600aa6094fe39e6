"""Justice services: what they write, what they refuse, what they audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palermo.core.models import AuditEvent
from palermo.justice import services
from palermo.justice.models import Investigation, ProceedingAgainstPerson, Prosecution

D = datetime.date


def test_defendant_takes_sex_and_citizenship_from_the_perpetrator(records: dict[str, Any]):
    defendant = records["defendant"]
    assert defendant.sex == "male" and defendant.citizenship.code == "RU"


def test_immigration_offence_is_flagged_under_non_punishment(records: dict[str, Any]):
    assert records["proceeding"].non_punishment is True


def test_other_offence_is_flagged_only_when_a_lawyer_confirms(lawyer, records):
    case, person = records["case"], records["person"]
    other = services.add_proceeding(user=lawyer, case=case, person=person,
                                    offence_category="other", opened_on=D(2024, 5, 1))
    assert other.non_punishment is False
    services.update_proceeding(user=lawyer, proceeding=other, non_punishment_confirmed=True)
    other.refresh_from_db()
    assert other.non_punishment is True


def test_audit_rows_name_records_and_fields_never_values(lawyer, records):
    services.update_investigation(user=lawyer, investigation=records["investigation"],
                                  agency="Police", notes="secret words")
    row = AuditEvent.objects.order_by("-id").first()
    assert row is not None and row.object_type == "cases.Case"
    assert row.detail == {"investigation_updated": records["investigation"].pk,
                          "fields": ["agency", "notes"]}
    assert "secret" not in str(row.detail) and "Police" not in str(row.detail)


def test_notes_are_encrypted_at_rest(lawyer, records):
    from django.db import connection

    services.update_prosecution(user=lawyer, prosecution=records["prosecution"],
                                notes="The witness is afraid")
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM justice_prosecution WHERE id = %s",
                       [records["prosecution"].pk])
        (stored,) = cursor.fetchone()
    assert "afraid" not in stored


@pytest.mark.parametrize(("values", "field"), [
    ({"opened_on": D(2024, 5, 1), "closed_on": D(2024, 4, 1)}, "closed_on"),
    ({"opened_on": D(2024, 5, 1), "status": "closed"}, "closed_on"),
    ({"opened_on": D(2024, 5, 1), "articles": []}, "articles"),
    ({"opened_on": D(2024, 5, 1), "articles": ["999"]}, "articles"),
])
def test_bad_investigations_are_refused_and_nothing_written(lawyer, case_a, values, field):
    data = {"agency": "Police", "articles": ["127.1-1"], **values}
    with pytest.raises(ValidationError) as caught:
        services.add_investigation(user=lawyer, case=case_a, **data)
    assert field in caught.value.message_dict
    assert not Investigation.objects.exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"verdict": "convicted"}, "verdict_on"),
    ({"verdict_on": D(2024, 1, 1)}, "verdict_on"),
    ({"verdict": "acquitted", "verdict_on": D(2024, 1, 1)}, "verdict_on"),
    ({"verdict": "acquitted", "verdict_on": D(2024, 8, 1), "sentence": "3 years"}, "sentence"),
    ({"verdict": "convicted", "verdict_on": D(2024, 8, 1), "sentence_months": -3},
     "sentence_months"),
    ({"appeal_status": "filed"}, "appeal_status"),
    ({"verdict": "convicted", "verdict_on": D(2024, 8, 1), "appeal_status": "filed",
      "appeal_on": D(2024, 7, 1)}, "appeal_on"),
    ({"representative": "Lawyer X"}, "representative"),
])
def test_bad_prosecutions_are_refused_and_nothing_written(lawyer, case_a, values, field):
    data = {"charges": ["127.1-1"], "court": "Court", "filed_on": D(2024, 6, 1), **values}
    with pytest.raises(ValidationError) as caught:
        services.add_prosecution(user=lawyer, case=case_a, **data)
    assert field in caught.value.message_dict
    assert not Prosecution.objects.exists()


def test_a_proceeding_needs_a_person_of_the_case(lawyer, caseworker, case_a):
    from palermo.cases import services as case_services

    stranger = case_services.create_person(user=caseworker, given_name="A", family_name="B")
    with pytest.raises(ValidationError) as caught:
        services.add_proceeding(user=lawyer, case=case_a, person=stranger,
                                offence_category="compelled", opened_on=D(2024, 1, 1))
    assert "person" in caught.value.message_dict
    assert not ProceedingAgainstPerson.objects.exists()


def test_a_hearing_before_the_case_went_to_court_is_refused(lawyer, records):
    with pytest.raises(ValidationError):
        services.add_hearing(user=lawyer, prosecution=records["prosecution"],
                             held_on=D(2020, 1, 1))


def test_roles_without_edit_cannot_write(analyst, case_a):
    with pytest.raises(PermissionDenied):
        services.add_investigation(user=analyst, case=case_a, agency="Police",
                                   articles=["127.1-1"], opened_on=D(2024, 1, 1))
