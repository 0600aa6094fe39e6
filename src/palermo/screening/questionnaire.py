"""The screening questionnaires, read from the TOML files in ``questionnaires/`` (pure Python).

Three parts: the direct legal questions (``direct.toml``), the ILO 11 indicators of forced labour
(``ilo_11.toml``) and the ILO/EC operational (Delphi) indicators, adults/labour list
(``delphi_adults_labour.toml``). Every answer is "yes", "no" or "unknown" (the age: a number or
unknown); unknown is the default and is not stored. The files are checked when they are loaded:
an unknown fact, tag or dimension stops the loading with the reason.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent / "questionnaires"

YES, NO, UNKNOWN = "yes", "no", "unknown"
CHOICES = (YES, NO, UNKNOWN)
STRENGTHS = ("strong", "medium", "weak")
MAX_AGE = 120

# The vocabularies of the legal engine's facts (palermo.law, DESIGN.md "Contracts").
ACTS = ("recruitment", "transportation", "transfer", "harbouring", "receipt", "sale",
        "other_transaction")
MEANS = ("threat", "force", "other_coercion", "abduction", "fraud", "deception", "abuse_of_power",
         "abuse_of_vulnerability", "payments_to_controller")
PURPOSES = ("prostitution_of_others", "other_sexual_exploitation", "forced_labour",
            "forced_services", "slavery", "practices_similar_to_slavery", "servitude",
            "organ_removal", "forced_begging", "forced_criminality", "forced_marriage",
            "forced_military_service")
AGGRAVATING = ("two_or_more_victims", "minor", "official_position", "border_crossing",
               "documents", "violence_or_threat", "organ_removal", "helpless_or_dependent",
               "pregnant", "death_or_grave_harm", "mass_danger", "organised_group")
LISTS: dict[str, tuple[str, ...]] = {
    "acts": ACTS, "means": MEANS, "purposes": PURPOSES, "aggravating": AGGRAVATING,
}
WORK = ("menace_of_penalty", "offered_voluntarily", "ownership_powers", "unable_to_refuse")
PRISON = ("court_conviction", "public_supervision", "private_party", "voluntary_consent")
MILITARY = ("compulsory_service_law", "purely_military")
PERPETRATOR = ("first_offence", "released_victim_voluntarily", "assisted_disclosure")
#: What an indicator's "yes" may set besides list items: work facts, always in the direction of
#: forced labour.
WORK_TAGS = ("work.menace_of_penalty", "work.not_offered_voluntarily", "work.unable_to_refuse")

Text = dict[str, str]


@dataclass(frozen=True)
class Question:
    id: str
    part: str  # "direct", "ilo_11" or "delphi"
    text: Text
    source: str
    kind: str = "yesno"  # "yesno", "age" or "gate"
    group: str = ""  # direct: its group; delphi: its dimension
    strength: str = ""  # delphi only
    fact: str = ""  # direct only: the facts path it sets
    adds: tuple[str, ...] = ()  # indicators: what a "yes" adds


@dataclass(frozen=True)
class Group:
    id: str
    title: Text


@dataclass(frozen=True)
class Rule:
    positive: tuple[str, ...]
    adds: tuple[str, ...]


@dataclass(frozen=True)
class Questionnaire:
    version: str
    titles: dict[str, Text]
    sources: dict[str, str]
    direct_groups: tuple[Group, ...]
    direct: tuple[Question, ...]
    ilo: tuple[Question, ...]
    dimensions: tuple[Group, ...]
    delphi: tuple[Question, ...]
    rules: tuple[Rule, ...]

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for q in (*self.direct, *self.ilo, *self.delphi)}

    def in_group(self, group: str) -> list[Question]:
        return [q for q in self.direct if q.group == group]

    def in_dimension(self, dimension: str) -> list[Question]:
        return [q for q in self.delphi if q.group == dimension]


class QuestionnaireError(ValueError):
    """A questionnaire file that does not hold together."""


class AnswersError(ValueError):
    """Answers that do not fit the questionnaire; ``errors`` says which and why."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _read(name: str) -> dict[str, Any]:
    with (FOLDER / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _check_tag(tag: str, where: str) -> None:
    head, _, item = tag.partition(".")
    if tag in WORK_TAGS or (head in LISTS and item in LISTS[head]):
        return
    raise QuestionnaireError(f"{where}: unknown tag {tag!r}")


def _check_fact(question: Question) -> None:
    path = question.fact.split(".")
    ok = {
        "age": path == ["victim_age"],
        "gate": path in (["work", "prison"], ["work", "military"]),
    }.get(question.kind)
    if ok is None:
        ok = (
            path == ["consent_given"]
            or (len(path) == 2 and path[0] in LISTS and path[1] in LISTS[path[0]])
            or (len(path) == 2 and path[0] == "work" and path[1] in WORK)
            or (len(path) == 2 and path[0] == "perpetrator" and path[1] in PERPETRATOR)
            or (len(path) == 3 and path[:2] == ["work", "prison"] and path[2] in PRISON)
            or (len(path) == 3 and path[:2] == ["work", "military"] and path[2] in MILITARY)
        )
    if not ok:
        raise QuestionnaireError(f"{question.id}: {question.kind} question with fact "
                                 f"{question.fact!r}")


def _question(raw: dict[str, Any], part: str, group_key: str) -> Question:
    question = Question(
        id=raw["id"], part=part, text={"en": raw["text"]["en"], "ru": raw["text"]["ru"]},
        source=raw.get("source", ""), kind=raw.get("kind", "yesno"),
        group=raw.get(group_key, ""), strength=raw.get("strength", ""),
        fact=raw.get("fact", ""), adds=tuple(raw.get("adds", ())),
    )
    for tag in question.adds:
        _check_tag(tag, question.id)
    return question


@cache
def load() -> Questionnaire:
    """The three questionnaires, checked (cached: the files do not change while running)."""
    direct, ilo, delphi = _read("direct"), _read("ilo_11"), _read("delphi_adults_labour")
    direct_questions = tuple(_question(q, "direct", "group") for q in direct["questions"])
    ilo_questions = tuple(_question(q, "ilo_11", "") for q in ilo["questions"])
    delphi_questions = tuple(_question(q, "delphi", "dimension") for q in delphi["indicators"])
    groups = tuple(Group(g["id"], g["title"]) for g in direct["groups"])
    dimensions = tuple(Group(d["id"], d["title"]) for d in delphi["dimensions"])
    rules = tuple(Rule(tuple(r["positive"]), tuple(r["adds"])) for r in delphi["rules"])

    ids = [q.id for q in (*direct_questions, *ilo_questions, *delphi_questions)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise QuestionnaireError(f"questions with the same id: {sorted(duplicates)}")
    for question in direct_questions:
        _check_fact(question)
        if question.group not in {g.id for g in groups}:
            raise QuestionnaireError(f"{question.id}: unknown group {question.group!r}")
    dimension_ids = {d.id for d in dimensions}
    for question in delphi_questions:
        if question.group not in dimension_ids or question.strength not in STRENGTHS:
            raise QuestionnaireError(f"{question.id}: dimension or strength is wrong")
    for rule in rules:
        if not set(rule.positive) <= dimension_ids:
            raise QuestionnaireError(f"rule on unknown dimensions {rule.positive}")
        for tag in rule.adds:
            _check_tag(tag, f"rule {rule.positive}")
    return Questionnaire(
        version=f"direct-{direct['version']}+ilo11-{ilo['version']}+delphi-{delphi['version']}",
        titles={"direct": direct["title"], "ilo_11": ilo["title"], "delphi": delphi["title"]},
        sources={"direct": direct["source"], "ilo_11": ilo["source"],
                 "delphi": delphi["source"]},
        direct_groups=groups, direct=direct_questions, ilo=ilo_questions,
        dimensions=dimensions, delphi=delphi_questions, rules=rules,
    )


def clean_answers(raw: Mapping[str, Any]) -> dict[str, str | int]:
    """Answers checked against the questionnaire, with the unknown ones left out.

    Raises ``AnswersError`` for an unknown question or a value that is not one of its choices.
    """
    questions = load().questions
    answers: dict[str, str | int] = {}
    errors = []
    for key, value in raw.items():
        question = questions.get(key)
        if question is None:
            errors.append(f"{key}: no such question")
        elif value is None or value == UNKNOWN or value == "":
            continue
        elif question.kind == "age":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
                errors.append(f"{key}: an age is a whole number from 0 to {MAX_AGE}")
            else:
                answers[key] = value
        elif value in (YES, NO):
            answers[key] = value
        else:
            errors.append(f"{key}: the answer is yes, no or unknown")
    if errors:
        raise AnswersError(errors)
    return answers
