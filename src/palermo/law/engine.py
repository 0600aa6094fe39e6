"""``qualify(facts)``: each framework's answer, element by element, and the gaps between them.

The result's shape is a public contract (DESIGN.md, Contracts; docs/law.md). For a framework:
``qualifies`` is True when every required element is present, False when one is absent, and None
(undetermined) otherwise. An element is ``not_required`` when the framework settles that it does
not apply (a child needs no means), else its own test decides ``present``/``absent``/``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from palermo.law.conditions import (
    Tri,
    evaluate,
    kleene_all,
    kleene_any,
    kleene_not,
    matching_values,
)
from palermo.law.facts import validate_facts
from palermo.law.frameworks import Element, Framework, Text, frameworks, gaps, labels

LANGS = ("en", "ru")


def qualify(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Qualify the case ``facts`` under every framework; raises ``FactsError`` on invalid facts."""
    data = validate_facts(facts)
    results = {fid: _framework_result(fw, data) for fid, fw in frameworks().items()}
    found = []
    for gap in gaps():
        if evaluate(gap["when"], data, results) is True:
            found.append(
                {
                    "code": gap["code"],
                    "frameworks": list(gap["frameworks"]),
                    "explanation": dict(gap["text"]),
                }
            )
    return {"frameworks": results, "gaps": found}


def _status(element: Element, facts: Mapping[str, Any]) -> tuple[str, Tri]:
    """The element's status, and whether it is satisfied for the framework (True/False/None)."""
    required = (
        kleene_not(evaluate(element.required_unless, facts)) if element.required_unless else True
    )
    if required is False:
        return "not_required", True
    holds = evaluate(element.holds, facts)
    # Absent only where the element is surely required: when that depends on an unknown fact
    # (the age, for means), a missing element is not yet a settled failure.
    status = {True: "present", False: "absent" if required else "unknown", None: "unknown"}[holds]
    return status, kleene_any([holds, kleene_not(required)])


def _values(element: Element, facts: Mapping[str, Any], lang: str) -> str:
    cond = element.holds
    fact = cond.get("fact", "")
    names = labels().get(fact, {})
    return ", ".join(names[v][lang] if v in names else v for v in matching_values(cond, facts))


def _framework_result(fw: Framework, facts: Mapping[str, Any]) -> dict[str, Any]:
    elements: dict[str, str] = {}
    satisfied: list[Tri] = []
    provisions = list(fw.provisions)
    sentences: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for element in fw.elements:
        status, ok = _status(element, facts)
        elements[element.name] = status
        satisfied.append(ok)
        if status != "not_required":
            provisions.append(element.provision)
        elif element.provision_not_required:
            provisions.append(element.provision_not_required)
        for lang in LANGS:
            sentences[lang].append(
                element.text[status][lang].replace("{values}", _values(element, facts, lang))
            )
    qualifies = kleene_all(satisfied)
    for note in fw.notes:
        if evaluate(note["when"], facts) is True:
            provisions.append(note["provision"])
            for lang in LANGS:
                sentences[lang].append(note["text"][lang])
    result: dict[str, Any] = {
        "qualifies": qualifies,
        "elements": elements,
        "missing": [name for name, status in elements.items() if status == "absent"],
    }
    if fw.aggravating:
        result.update(_aggravation(fw, facts, qualifies, provisions, sentences))
    headline = fw.headline[{True: "yes", False: "no", None: "unknown"}[qualifies]]
    result["provisions"] = list(dict.fromkeys(provisions))
    result["explanation"] = {lang: " ".join([headline[lang], *sentences[lang]]) for lang in LANGS}
    return result


def _aggravation(
    fw: Framework,
    facts: Mapping[str, Any],
    qualifies: Tri,
    provisions: list[str],
    sentences: dict[str, list[str]],
) -> dict[str, Any]:
    """Aggravating circumstances established, the part of the article they reach (at least),
    and, where the article has one, whether the offender exemption applies."""
    held = {a.code: evaluate(a.when, facts) for a in fw.aggravating}
    found = [a for a in fw.aggravating if held[a.code] is True]
    part = max([1, *(a.part for a in found)])
    extra: dict[str, Any] = {
        "aggravating": [a.code for a in found],
        "part": part if qualifies else None,
    }
    if qualifies and found:
        provisions.extend(a.provision for a in found)
        names = labels()["aggravating"]
        words = labels()["words"]
        for lang in LANGS:
            part_words = words["part"][lang].replace("{n}", str(part))
            listed = ", ".join(names[a.code][lang] for a in found)
            sentences[lang].append(
                words["aggravating"][lang].replace("{part}", part_words).replace("{values}", listed)
            )
    if fw.exemption is not None:
        extra["exemption"] = _exemption(fw, facts, qualifies, held, provisions, sentences)
    return extra


def _exemption(
    fw: Framework,
    facts: Mapping[str, Any],
    qualifies: Tri,
    held: dict[str, Tri],
    provisions: list[str],
    sentences: dict[str, list[str]],
) -> Tri:
    rule = fw.exemption or {}
    allowed = set(rule["allowed_aggravating"])
    beyond = kleene_any([v for code, v in held.items() if code not in allowed])
    exempt = kleene_all([qualifies, evaluate(rule["when"], facts), kleene_not(beyond)])
    if exempt:
        provisions.append(rule["provision"])
        text: Text = rule["text"]
        for lang in LANGS:
            sentences[lang].append(text[lang])
    return exempt
