"""save_screening and sign_decision: what they store, what they audit, what they refuse."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.law import qualify
from palermo.screening import services
from palermo.screening.derive import derive_facts
from palermo.screening.models import IdentificationDecision, Screening, decision_hash
from palermo.screening.questionnaire import load
from tests.conftest import PASSWORD


def test_a_screening_stores_answers_facts_result_and_a_clear_summary(caseworker, case_a,
                                                                     answers):
    screening = services.save_screening(user=caseworker, case=case_a, answers=answers)
    screening.refresh_from_db()
    assert screening.answers == answers
    assert screening.facts == derive_facts(answers)
    assert screening.result == qualify(derive_facts(answers))
    assert screening.result_summary == {"un_palermo": True, "ilo_c29": True,
                                        "ru_cc_127_1": False, "ru_cc_127_2": None,
                                        "ru_cc_127_1_proposed": True}
    assert "consent_exonerates" in screening.gap_codes
    assert screening.delphi["classification"] == "trafficking"
    assert screening.questionnaire_version == load().version
    assert screening.organisation_id == case_a.organisation_id


def test_answers_and_facts_are_encrypted_at_rest(caseworker, case_a, answers):
    screening = services.save_screening(user=caseworker, case=case_a, answers=answers)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, facts, result, result_summary FROM "
                       "screening_screening WHERE id = %s", [screening.pk])
        raw_answers, raw_facts, raw_result, summary = cursor.fetchone()
    for raw in (raw_answers, raw_facts, raw_result):
        assert raw.startswith("pe1.") and "ilo_deception" not in raw and "forced" not in raw
    assert json.loads(summary)["un_palermo"] is True


def test_unknown_answers_are_not_stored(caseworker, case_a):
    screening = services.save_screening(user=caseworker, case=case_a,
                                        answers={"ilo_deception": "unknown", "victim_age": None})
    assert screening.answers == {} and screening.facts == {}


def test_the_audit_row_names_ids_and_fields_never_answers(caseworker, case_a, answers):
    screening = services.save_screening(user=caseworker, case=case_a, answers=answers)
    added = AuditEvent.objects.order_by("-seq")[0]
    assert added.detail == {"screening_added": screening.pk}
    assert added.object_ids == [str(case_a.pk)]
    services.save_screening(user=caseworker, case=case_a, screening=screening,
                            answers={**answers, "ilo_isolation": "yes"})
    updated = AuditEvent.objects.order_by("-seq")[0]
    assert updated.detail["screening_updated"] == screening.pk
    assert "answers" in updated.detail["fields"]
    assert "yes" not in json.dumps(updated.detail) and "isolation" not in json.dumps(updated.detail)


def test_saving_the_same_answers_again_writes_nothing(caseworker, case_a, answers):
    screening = services.save_screening(user=caseworker, case=case_a, answers=answers)
    before = AuditEvent.objects.count()
    services.save_screening(user=caseworker, case=case_a, screening=screening, answers=answers)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("bad", [{"no_such_question": "yes"}, {"ilo_deception": "maybe"},
                                 {"victim_age": -1}, {"victim_age": 500},
                                 {"victim_age": "thirty"}, {"victim_age": True}])
def test_invalid_answers_are_refused_and_nothing_is_written(caseworker, case_a, bad):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.save_screening(user=caseworker, case=case_a, answers=bad)
    assert not Screening.objects.exists() and AuditEvent.objects.count() == before


def test_a_role_that_may_not_edit_cases_cannot_screen(analyst, case_a, answers):
    with pytest.raises(PermissionDenied):
        services.save_screening(user=analyst, case=case_a, answers=answers)


def test_another_organisation_cannot_screen_the_case(outsider, case_a, answers):
    with pytest.raises(PermissionDenied):
        services.save_screening(user=outsider, case=case_a, answers=answers)


def _sign(user, case, **overrides):
    values: dict[str, Any] = {"decision": "ActualVictimOfTrafficking", "deciding_org": "NGO",
              "reasons": "Deceived, documents taken, debt bondage.", "password": PASSWORD}
    values.update(overrides)
    return services.sign_decision(user=user, case=case, **values)


def test_a_decision_sets_the_case_status_and_is_audited(lawyer, case_a, screening_a):
    decision = _sign(lawyer, case_a, screening=screening_a)
    case = Case.objects.get(pk=case_a.pk)
    assert case.trafficking_status == "ActualVictimOfTrafficking"
    assert case.status_decided_by == "NGO"
    events = list(AuditEvent.objects.order_by("-seq")[:2])
    assert events[0].detail == {"decision_signed": decision.pk, "screening": screening_a.pk}
    assert events[1].detail == {"fields": ["status_decided_by", "trafficking_status"]}
    assert "Deceived" not in json.dumps([e.detail for e in events])


def test_the_content_hash_covers_what_was_signed(lawyer, case_a):
    decision = _sign(lawyer, case_a)
    decision.refresh_from_db()
    assert decision.content_hash == decision_hash(
        case_id=case_a.pk, decision="ActualVictimOfTrafficking", deciding_org="NGO",
        reasons="Deceived, documents taken, debt bondage.", user_id=lawyer.pk,
        signed_at=decision.signed_at)
    assert decision.hash_matches
    decision.reasons = "Something else."
    assert not decision.hash_matches


def test_the_hash_is_canonical_json():
    signed_at = datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC)
    one = decision_hash(case_id=1, decision="d", deciding_org="NGO", reasons="r", user_id=2,
                        signed_at=signed_at)
    moscow = signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=3)))
    assert one == decision_hash(case_id=1, decision="d", deciding_org="NGO", reasons="r",
                                user_id=2, signed_at=moscow)
    assert one != decision_hash(case_id=1, decision="d", deciding_org="NGO", reasons="r ",
                                user_id=2, signed_at=signed_at)


def test_a_new_decision_supersedes_and_the_old_one_stays(lawyer, case_a):
    first = _sign(lawyer, case_a)
    second = _sign(lawyer, case_a, decision="NotAVictimOfTrafficking", deciding_org="Police")
    assert list(IdentificationDecision.objects.filter(case=case_a)) == [second, first]
    assert Case.objects.get(pk=case_a.pk).trafficking_status == "NotAVictimOfTrafficking"


def test_a_wrong_password_signs_nothing(lawyer, case_a):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        _sign(lawyer, case_a, password="not my password")
    assert "password" in error.value.message_dict
    assert not IdentificationDecision.objects.exists()
    assert Case.objects.get(pk=case_a.pk).trafficking_status == "PossibleVictimOfTrafficking"
    # Only the failure itself is audited (it counts towards the signing lock-out).
    assert AuditEvent.objects.count() == before + 1
    failure = AuditEvent.objects.order_by("-seq").first()
    assert failure is not None and failure.action == "failed_login"
    assert failure.detail == {"reason": "signing_password", "case": case_a.pk}


@pytest.mark.parametrize(("field", "value"), [("decision", "Maybe"), ("deciding_org", "Oracle"),
                                              ("reasons", "   "), ("password", "")])
def test_invalid_decisions_are_refused(lawyer, case_a, field, value):
    with pytest.raises(ValidationError) as error:
        _sign(lawyer, case_a, **{field: value})
    assert field in error.value.message_dict
    assert not IdentificationDecision.objects.exists()


def test_a_caseworker_cannot_sign(caseworker, case_a):
    with pytest.raises(PermissionDenied):
        _sign(caseworker, case_a)
    assert not IdentificationDecision.objects.exists()


def test_a_lawyer_of_another_organisation_cannot_sign(org_b, case_a):
    from tests.conftest import _make_user

    other_lawyer = _make_user("lawyer_b", org_b, "lawyer")
    with pytest.raises(PermissionDenied):
        _sign(other_lawyer, case_a)


def test_a_decision_cannot_cite_another_cases_screening(lawyer, caseworker, case_a,
                                                        person_a, answers):
    from palermo.cases import services as case_services

    other = case_services.create_case(user=caseworker, persons=[person_a], case_type="Other",
                                      opened_on=case_a.opened_on)
    foreign = services.save_screening(user=caseworker, case=other, answers=answers)
    with pytest.raises(PermissionDenied):
        _sign(lawyer, case_a, screening=foreign)
