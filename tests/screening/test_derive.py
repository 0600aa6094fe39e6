"""Screening answers to the legal engine's facts: the mapping, table by table, invariants."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.screening.derive import derive_facts
from palermo.screening.questionnaire import MEANS, PURPOSES, load

Q = load()
INDICATORS = [q.id for q in (*Q.ilo, *Q.delphi)]
YES_NO = [q.id for q in Q.questions.values() if q.kind != "age"]

# answers -> the facts they must give (exactly).
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("nothing answered, nothing known", {}, {}),
    ("everything unknown is the same as nothing", {i: "unknown" for i in YES_NO}, {}),
    ("age", {"victim_age": 24}, {"victim_age": 24}),
    ("a child's age adds the aggravating 'minor'", {"victim_age": 15},
     {"victim_age": 15, "aggravating": ["minor"]}),
    ("17 is a child", {"victim_age": 17}, {"victim_age": 17, "aggravating": ["minor"]}),
    ("18 is an adult", {"victim_age": 18}, {"victim_age": 18}),
    ("consent yes", {"consent_given": "yes"}, {"consent_given": True}),
    ("consent no", {"consent_given": "no"}, {"consent_given": False}),
    ("one act", {"act_recruitment": "yes"}, {"acts": ["recruitment"]}),
    ("an act answered no with others unknown leaves acts unknown",
     {"act_recruitment": "no"}, {}),
    ("every act answered no: none",
     {f"act_{a}": "no" for a in ("recruitment", "transportation", "transfer", "harbouring",
                                 "receipt", "sale", "other_transaction")}, {"acts": []}),
    ("yes and no together list the yes",
     {"act_recruitment": "no", "act_transportation": "yes"}, {"acts": ["transportation"]}),
    ("every means answered no: none", {f"means_{m}": "no" for m in MEANS}, {"means": []}),
    ("every purpose answered no: none", {f"purpose_{p}": "no" for p in PURPOSES},
     {"purposes": []}),
    ("purposes in vocabulary order",
     {"purpose_servitude": "yes", "purpose_forced_labour": "yes"},
     {"purposes": ["forced_labour", "servitude"]}),
    ("work facts, direct", {"work_menace_of_penalty": "yes", "work_offered_voluntarily": "no",
                            "work_ownership_powers": "no", "work_unable_to_refuse": "yes"},
     {"work": {"menace_of_penalty": True, "offered_voluntarily": False,
               "ownership_powers": False, "unable_to_refuse": True}}),
    ("prison details without the prison question are ignored",
     {"prison_court_conviction": "yes", "prison_private_party": "yes"}, {}),
    ("prison details when it was not prison labour are ignored",
     {"prison_labour": "no", "prison_private_party": "yes"}, {}),
    ("prison labour with its details",
     {"prison_labour": "yes", "prison_court_conviction": "yes", "prison_public_supervision": "yes",
      "prison_private_party": "yes", "prison_voluntary_consent": "no"},
     {"work": {"prison": {"court_conviction": True, "public_supervision": True,
                          "private_party": True, "voluntary_consent": False}}}),
    ("prison labour, details unknown", {"prison_labour": "yes"}, {"work": {"prison": {}}}),
    ("military service with its details",
     {"military_service": "yes", "military_compulsory_service_law": "no",
      "military_purely_military": "yes"},
     {"work": {"military": {"compulsory_service_law": False, "purely_military": True}}}),
    ("perpetrator", {"perpetrator_first_offence": "yes",
                     "perpetrator_released_victim_voluntarily": "no"},
     {"perpetrator": {"first_offence": True, "released_victim_voluntarily": False}}),
    ("direct aggravating", {"aggravating_border_crossing": "yes"},
     {"aggravating": ["border_crossing"]}),
    # ILO 11, one by one.
    ("ILO abuse of vulnerability", {"ilo_abuse_of_vulnerability": "yes"},
     {"means": ["abuse_of_vulnerability"]}),
    ("ILO deception", {"ilo_deception": "yes"},
     {"means": ["deception"], "work": {"offered_voluntarily": False}}),
    ("ILO restriction of movement", {"ilo_restriction_of_movement": "yes"},
     {"means": ["other_coercion"], "work": {"menace_of_penalty": True}}),
    ("ILO isolation", {"ilo_isolation": "yes"},
     {"means": ["other_coercion"], "work": {"menace_of_penalty": True}}),
    ("ILO violence", {"ilo_physical_sexual_violence": "yes"},
     {"means": ["force"], "aggravating": ["violence_or_threat"],
      "work": {"menace_of_penalty": True}}),
    ("ILO threats", {"ilo_intimidation_threats": "yes"},
     {"means": ["threat"], "aggravating": ["violence_or_threat"],
      "work": {"menace_of_penalty": True}}),
    ("ILO documents", {"ilo_retention_of_documents": "yes"},
     {"means": ["other_coercion"], "aggravating": ["documents"],
      "work": {"menace_of_penalty": True}}),
    ("ILO wages", {"ilo_withholding_of_wages": "yes"},
     {"means": ["other_coercion"], "work": {"menace_of_penalty": True}}),
    ("ILO debt bondage", {"ilo_debt_bondage": "yes"},
     {"means": ["other_coercion"], "work": {"menace_of_penalty": True}}),
    ("ILO abusive conditions add nothing alone", {"ilo_abusive_conditions": "yes"}, {}),
    ("ILO overtime adds nothing alone", {"ilo_excessive_overtime": "yes"}, {}),
    ("every indicator answered no adds nothing", {i: "no" for i in INDICATORS}, {}),
    # Delphi.
    ("one deceptive-recruitment indicator: deception and a recruitment",
     {"dr_wages": "yes"}, {"means": ["deception"], "acts": ["recruitment"]}),
    ("a positive deceptive recruitment: not offered voluntarily",
     {"dr_nature_of_job": "yes", "dr_wages": "yes"},
     {"means": ["deception"], "acts": ["recruitment"], "work": {"offered_voluntarily": False}}),
    ("coercive recruitment violence", {"cr_violence": "yes"},
     {"means": ["force"], "acts": ["recruitment"], "aggravating": ["violence_or_threat"]}),
    ("abduction", {"cr_abduction": "yes"}, {"means": ["abduction"], "acts": ["recruitment"]}),
    ("one vulnerability is not its abuse", {"avr_economic": "yes"}, {}),
    ("a positive vulnerability dimension is abuse of vulnerability",
     {"avr_economic": "yes", "avr_illegal_status": "yes", "avr_lack_information": "yes"},
     {"means": ["abuse_of_vulnerability"]}),
    ("exploitation alone adds no purpose", {"ex_excessive_hours": "yes", "ex_low_salary": "yes"},
     {}),
    ("exploitation and coercion at destination: forced labour",
     {"ex_excessive_hours": "yes", "ex_low_salary": "yes", "cd_documents": "yes",
      "cd_debt_bondage": "yes"},
     {"means": ["other_coercion"], "purposes": ["forced_labour"], "aggravating": ["documents"],
      "work": {"menace_of_penalty": True, "offered_voluntarily": False}}),
    ("forced criminality", {"cd_illicit_activities": "yes"},
     {"means": ["other_coercion"], "purposes": ["forced_criminality"]}),
    ("dependency on exploiters", {"avd_dependency": "yes"},
     {"aggravating": ["helpless_or_dependent"]}),
    # Precedence.
    ("a direct 'no' on a work fact beats an indicator",
     {"work_menace_of_penalty": "no", "ilo_physical_sexual_violence": "yes"},
     {"means": ["force"], "aggravating": ["violence_or_threat"],
      "work": {"menace_of_penalty": False}}),
    ("an indicator's 'yes' adds to a list whose direct questions are all 'no'",
     {**{f"means_{m}": "no" for m in MEANS}, "ilo_deception": "yes"},
     {"means": ["deception"], "work": {"offered_voluntarily": False}}),
]


@pytest.mark.parametrize(("answers", "expected"), [(a, e) for _, a, e in CASES],
                         ids=[name for name, _, _ in CASES])
def test_answers_give_the_documented_facts(answers, expected):
    assert derive_facts(answers) == expected


def test_every_direct_list_question_adds_its_own_item():
    for question in Q.direct:
        head, _, item = question.fact.partition(".")
        if head in ("acts", "means", "purposes", "aggravating"):
            assert derive_facts({question.id: "yes"})[head] == [item], question.id


def test_a_no_to_an_indicator_or_a_list_item_adds_nothing():
    list_items = [q.id for q in Q.direct if q.fact.partition(".")[0] in
                  ("acts", "means", "purposes", "aggravating")]
    for question_id in INDICATORS + list_items:
        assert derive_facts({question_id: "no"}) == {}, question_id


def _answers() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(YES_NO), st.sampled_from(["yes", "no", "unknown"]))


@settings(max_examples=200, deadline=None)
@given(answers=_answers(), more=st.sets(st.sampled_from(YES_NO)),
       age=st.one_of(st.none(), st.integers(0, 90)))
def test_more_yes_never_removes_a_means_or_purpose(answers, more, age):
    if age is not None:
        answers = {**answers, "victim_age": age}
    before = derive_facts(answers)
    after = derive_facts({**answers, **{q: "yes" for q in more}})
    for name in ("means", "purposes", "acts", "aggravating"):
        assert set(before.get(name, [])) <= set(after.get(name, [])), name


@settings(max_examples=200, deadline=None)
@given(answers=_answers())
def test_unknown_answers_never_become_false(answers):
    """Turning an unknown into 'yes' never turns a true fact false, and no fact is false
    unless some answer was 'no'."""
    facts = derive_facts(answers)
    if "no" not in answers.values():
        flat = [facts.get("consent_given")] + list(facts.get("perpetrator", {}).values())
        work = facts.get("work", {})
        flat += [v for k, v in work.items() if k not in ("prison", "military",
                                                         "offered_voluntarily")]
        assert False not in flat
        for name in ("means", "purposes", "acts", "aggravating"):
            assert facts.get(name) != []
