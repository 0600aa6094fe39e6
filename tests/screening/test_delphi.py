"""The Delphi combination rule per dimension and the adult / child classification."""

from __future__ import annotations

import pytest

from palermo.screening.derive import delphi_result, dimension_status
from palermo.screening.questionnaire import load

Q = load()


def _dimension(answers):
    return dimension_status(Q.in_dimension("coercion_destination"), answers)


# coercion at destination: strong cd_documents, cd_debt_bondage, cd_isolation, cd_violence;
# medium cd_threats_violence, cd_forced_tasks, cd_lie, ...; weak cd_inform_family.
ALL_NO = {q.id: "no" for q in Q.in_dimension("coercion_destination")}


@pytest.mark.parametrize(("yes", "status"), [
    ({"cd_documents", "cd_debt_bondage"}, "positive"),  # (a) 2 strong
    ({"cd_documents", "cd_threats_violence"}, "positive"),  # (b) 1 strong + 1 medium
    ({"cd_documents", "cd_inform_family"}, "positive"),  # (b) 1 strong + 1 weak
    ({"cd_threats_violence", "cd_forced_tasks", "cd_lie"}, "positive"),  # (c) 3 medium
    ({"cd_threats_violence", "cd_forced_tasks", "cd_inform_family"}, "positive"),  # (d)
    ({"cd_documents"}, "negative"),  # 1 strong alone
    ({"cd_threats_violence", "cd_forced_tasks"}, "negative"),  # 2 medium
    ({"cd_threats_violence", "cd_inform_family"}, "negative"),  # 1 medium + 1 weak
    (set(), "negative"),
])
def test_combination_rule_with_everything_else_no(yes, status):
    assert _dimension({**ALL_NO, **{i: "yes" for i in yes}}) == status


def test_a_dimension_that_could_still_become_positive_is_unknown():
    assert _dimension({"cd_documents": "yes"}) == "unknown"
    assert _dimension({}) == "unknown"


def test_dimension_counts_match_the_reference():
    counts = [len(Q.in_dimension(d.id)) for d in Q.dimensions]
    assert counts == [10, 10, 16, 9, 15, 7]


def _positive(dimension):
    questions = Q.in_dimension(dimension)
    strong = [q.id for q in questions if q.strength == "strong"]
    medium = [q.id for q in questions if q.strength == "medium"]
    chosen = (strong + medium)[:2] if strong else medium[:3]
    return {i: "yes" for i in chosen}


def _negative(dimension):
    return {q.id: "no" for q in Q.in_dimension(dimension)}


def _answers(positive=(), negative=(), age=None):
    answers = {}
    for d in positive:
        answers.update(_positive(d))
    for d in negative:
        answers.update(_negative(d))
    if age is not None:
        answers["victim_age"] = age
    return answers


EVERY = [d.id for d in Q.dimensions]


@pytest.mark.parametrize(("positive", "age", "classification"), [
    (("deceptive_recruitment", "exploitation", "coercion_destination"), 30, "trafficking"),
    (("coercive_recruitment", "exploitation", "vulnerability_destination"), 30, "trafficking"),
    (("vulnerability_recruitment", "exploitation", "coercion_destination"), 30, "trafficking"),
    (("exploitation", "coercion_destination"), 30, "not_trafficking"),  # no recruitment means
    (("deceptive_recruitment", "coercion_destination"), 30, "not_trafficking"),  # no exploitation
    (("deceptive_recruitment", "exploitation"), 30, "not_trafficking"),  # no coercion
    (("exploitation",), 15, "trafficking"),  # a child: no means needed
    (("deceptive_recruitment", "coercion_destination"), 15, "not_trafficking"),
    (("exploitation",), None, "unknown"),  # the two rules differ while the age is unknown
    (("deceptive_recruitment", "exploitation", "coercion_destination"), None, "trafficking"),
    ((), None, "not_trafficking"),
])
def test_classification(positive, age, classification):
    negative = [d for d in EVERY if d not in positive]
    result = delphi_result(_answers(positive, negative, age))
    assert all(result["dimensions"][d] == "positive" for d in positive)
    assert result["classification"] == classification


def test_unknown_dimensions_leave_the_adult_classification_unknown():
    answers = _answers(("deceptive_recruitment", "exploitation"), (), 30)
    result = delphi_result(answers)
    assert result["dimensions"]["coercion_destination"] == "unknown"
    assert result["classification"] == "unknown"
    assert result["child"] is False
