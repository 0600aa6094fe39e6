"""Conditions of the framework files, evaluated in three-valued (Kleene) logic.

True, False, or None for *unknown*. ``all`` is False as soon as one part is False, ``any`` is True
as soon as one part is True, ``not`` keeps None. Every test on a fact returns None when the fact is
unknown, so knowing more can settle an answer but never reverse one that was settled — except
``context``, which asks whether ``work.prison`` or ``work.military`` was given at all: those objects
say what kind of work it was, and leaving them out means it was neither.

Forms (one per table in the TOML files):

    {fact = "acts", any_of = ["recruitment", …]}   the list shares a value with any_of
    {fact = "work.menace_of_penalty", equals = true}
    {fact = "victim_age", below = 18}
    {fact = "work", given = true}                  True when given, else unknown (never False)
    {context = "work.prison"}                      True when given, False when not
    {all = [...]}  {any = [...]}  {not = {...}}
    {result = "un_palermo", qualifies = true}      (gaps only) a framework's answer
    {result = "ru_cc_127_1", element = "purpose", status = "absent"}
    {result = "ru_cc_127_1", key = "exemption", equals = true}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from palermo.law.facts import lookup

Tri = bool | None
Condition = Mapping[str, Any]


class ConditionError(ValueError):
    """A framework file holds a condition this module cannot read (a bug in the data)."""


def kleene_all(values: Sequence[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def kleene_any(values: Sequence[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def kleene_not(value: Tri) -> Tri:
    return None if value is None else not value


def evaluate(
    cond: Condition, facts: Mapping[str, Any], results: Mapping[str, Any] | None = None
) -> Tri:
    """Evaluate ``cond`` over ``facts`` (and, for gaps, the frameworks' ``results``)."""
    if "all" in cond:
        return kleene_all([evaluate(c, facts, results) for c in cond["all"]])
    if "any" in cond:
        return kleene_any([evaluate(c, facts, results) for c in cond["any"]])
    if "not" in cond:
        return kleene_not(evaluate(cond["not"], facts, results))
    if "context" in cond:
        return lookup(facts, cond["context"]) is not None
    if "fact" in cond:
        return _fact_test(cond, lookup(facts, cond["fact"]))
    if "result" in cond:
        if results is None:
            raise ConditionError(f"a result condition outside a gap: {dict(cond)}")
        return _result_test(cond, results[cond["result"]])
    raise ConditionError(f"unreadable condition: {dict(cond)}")


def _fact_test(cond: Condition, value: Any) -> Tri:
    if "given" in cond:
        return True if value is not None else None
    if value is None:
        return None
    if "any_of" in cond:
        return bool(set(value) & set(cond["any_of"]))
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "below" in cond:
        return bool(value < cond["below"])
    raise ConditionError(f"a fact condition without a test: {dict(cond)}")


def _result_test(cond: Condition, result: Mapping[str, Any]) -> Tri:
    if "qualifies" in cond:
        answer = result["qualifies"]
        return None if answer is None else answer == cond["qualifies"]
    if "element" in cond:
        status = result["elements"][cond["element"]]
        return None if status == "unknown" else status == cond["status"]
    if "key" in cond:
        value = result.get(cond["key"])
        return None if value is None else value == cond["equals"]
    raise ConditionError(f"a result condition without a test: {dict(cond)}")


def matching_values(cond: Condition, facts: Mapping[str, Any]) -> list[str]:
    """For an ``any_of`` test, the fact's values that matched (to name them in explanations)."""
    if "any_of" not in cond:
        return []
    value = lookup(facts, cond["fact"]) or []
    return [v for v in value if v in cond["any_of"]]
