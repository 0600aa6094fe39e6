"""From screening answers to the legal engine's facts, and the Delphi classification (pure Python).

``derive_facts(answers)`` builds the facts dict that ``palermo.law.qualify`` reads. The mapping
is data: each direct question names the fact it sets, each indicator and Delphi rule lists what
a "yes" adds (``questionnaires/*.toml``; the README has the tables). Three rules hold throughout:
an answer "no" never adds anything; "unknown" leaves a fact out (unknown), never false; a list
fact is present only when something was added to it or every direct question of the list was
answered "no" (then it is the empty list: none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from palermo.screening.questionnaire import (
    LISTS,
    NO,
    UNKNOWN,
    YES,
    Question,
    Questionnaire,
    load,
)

POSITIVE, NEGATIVE = "positive", "negative"
TRAFFICKING, NOT_TRAFFICKING = "trafficking", "not_trafficking"
CHILD_AGE = 18

Answers = Mapping[str, Any]


def _answer(answers: Answers, question: Question) -> Any:
    value = answers.get(question.id)
    return UNKNOWN if value is None or value == "" else value


# --- Delphi ----------------------------------------------------------------------------------


def _combination(strong: int, medium: int, weak: int) -> bool:
    """The Delphi combination rule (WCMS_105023 p. 3): a dimension is positive with at least
    2 strong; or 1 strong + 1 medium or weak; or 3 medium; or 2 medium + 1 weak."""
    return (strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3
            or (medium >= 2 and weak >= 1))


def dimension_status(questions: list[Question], answers: Answers) -> str:
    """Positive if the "yes" answers meet the rule; negative if they could not meet it even if
    every unknown turned out "yes"; otherwise unknown."""
    yes = {s: 0 for s in ("strong", "medium", "weak")}
    possible = dict(yes)
    for question in questions:
        answer = _answer(answers, question)
        if answer == YES:
            yes[question.strength] += 1
        if answer != NO:
            possible[question.strength] += 1
    if _combination(yes["strong"], yes["medium"], yes["weak"]):
        return POSITIVE
    if not _combination(possible["strong"], possible["medium"], possible["weak"]):
        return NEGATIVE
    return UNKNOWN


def _any(values: list[str]) -> str:
    if POSITIVE in values:
        return POSITIVE
    return NEGATIVE if all(v == NEGATIVE for v in values) else UNKNOWN


def _all(values: list[str]) -> str:
    if NEGATIVE in values:
        return NEGATIVE
    return POSITIVE if all(v == POSITIVE for v in values) else UNKNOWN


def _verdict(status: str) -> str:
    return {POSITIVE: TRAFFICKING, NEGATIVE: NOT_TRAFFICKING}.get(status, UNKNOWN)


def delphi_result(answers: Answers) -> dict[str, Any]:
    """Each dimension positive / negative / unknown, and the classification.

    Adults: (deceptive OR coercive recruitment OR recruitment by abuse of vulnerability) AND
    exploitation AND (coercion OR abuse of vulnerability at destination). Children (under 18):
    exploitation alone, the means dimensions are not needed. With the age unknown the answer is
    the one both rules give, or unknown when they differ. Unknowns follow three-valued logic.
    """
    questionnaire = load()
    dims = {d.id: dimension_status(questionnaire.in_dimension(d.id), answers)
            for d in questionnaire.dimensions}
    adult = _verdict(_all([
        _any([dims["deceptive_recruitment"], dims["coercive_recruitment"],
              dims["vulnerability_recruitment"]]),
        dims["exploitation"],
        _any([dims["coercion_destination"], dims["vulnerability_destination"]]),
    ]))
    child = _verdict(dims["exploitation"])
    age = answers.get("victim_age")
    if isinstance(age, int):
        is_child: bool | None = age < CHILD_AGE
        classification = child if is_child else adult
    else:
        is_child = None
        classification = adult if adult == child else UNKNOWN
    return {"dimensions": dims, "classification": classification, "child": is_child,
            "adult_rule": adult, "child_rule": child}


# --- Facts -----------------------------------------------------------------------------------


class _Facts:
    """Facts being built: list items added, work facts hinted by indicators."""

    def __init__(self) -> None:
        self.lists: dict[str, set[str]] = {name: set() for name in LISTS}
        self.work_hints: dict[str, bool] = {}

    def add(self, tag: str) -> None:
        head, _, item = tag.partition(".")
        if head in self.lists:
            self.lists[head].add(item)
        elif tag == "work.not_offered_voluntarily":
            self.work_hints["offered_voluntarily"] = False
        else:  # work.menace_of_penalty, work.unable_to_refuse (checked when loaded)
            self.work_hints[item] = True


def _direct(questionnaire: Questionnaire, answers: Answers) -> tuple[dict[str, Any], _Facts,
                                                                    dict[str, bool]]:
    """The facts set by direct questions, the list items they add, and for each list whether
    every one of its direct questions was answered "no"."""
    facts: dict[str, Any] = {}
    built = _Facts()
    all_no = {name: True for name in LISTS}
    gates: dict[str, bool] = {}
    nested: dict[str, dict[str, bool]] = {"prison": {}, "military": {}}
    for question in questionnaire.direct:
        answer = _answer(answers, question)
        path = question.fact.split(".")
        if question.kind == "age":
            if isinstance(answer, int) and not isinstance(answer, bool):
                facts["victim_age"] = answer
            continue
        if path[0] in LISTS:
            all_no[path[0]] = all_no[path[0]] and answer == NO
            if answer == YES:
                built.add(question.fact)
            continue
        if answer not in (YES, NO):
            continue
        value = answer == YES
        if question.kind == "gate":
            gates[path[1]] = value
        elif len(path) == 3:
            nested[path[1]][path[2]] = value
        elif len(path) == 2:
            facts.setdefault(path[0], {})[path[1]] = value
        else:
            facts[path[0]] = value
    work = facts.setdefault("work", {})
    for name in ("prison", "military"):
        # Prison or military details count only when the work was prison labour / military.
        if gates.get(name):
            work[name] = nested[name]
    return facts, built, all_no


def derive_facts(answers: Answers) -> dict[str, Any]:
    """The facts for ``palermo.law.qualify`` from screening answers (see the module docstring).

    Direct answers to a yes/no fact (consent, work, perpetrator) take precedence; indicators
    only fill in a work fact the direct question left unknown. List items from indicators are
    added whatever the direct questions say: a "yes" is evidence, a "no" never removes one.
    """
    questionnaire = load()
    facts, built, all_no = _direct(questionnaire, answers)
    for question in (*questionnaire.ilo, *questionnaire.delphi):
        if _answer(answers, question) == YES:
            for tag in question.adds:
                built.add(tag)
    dims = delphi_result(answers)["dimensions"]
    for rule in questionnaire.rules:
        if all(dims[d] == POSITIVE for d in rule.positive):
            for tag in rule.adds:
                built.add(tag)
    age = facts.get("victim_age")
    if isinstance(age, int) and age < CHILD_AGE:
        built.add("aggravating.minor")

    for name, vocabulary in LISTS.items():
        items = built.lists[name]
        if items:
            facts[name] = [code for code in vocabulary if code in items]
        elif all_no[name]:
            facts[name] = []
    work = facts["work"]
    for key, value in built.work_hints.items():
        work.setdefault(key, value)
    if not work:
        del facts["work"]
    return facts
