"""What the screening pages show of a stored result: frameworks, elements, gaps, Delphi table,
in the user's language (labels here; explanations come from the engine in en and ru)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from palermo import law
from palermo.screening.forms import language
from palermo.screening.questionnaire import load

ELEMENT_LABELS: dict[str, StrOrPromise] = {
    "act": _("Act"),
    "means": _("Means"),
    "purpose": _("Purpose of exploitation"),
    "menace_of_penalty": _("Menace of a penalty"),
    "involuntary": _("Not offered voluntarily"),
    "outside_prison_exception": _("Outside the prison-labour exception"),
    "outside_military_exception": _("Outside the military-service exception"),
    "victim_did_not_consent": _("No formal consent (as applied)"),
    "use_of_labour": _("Use of the person's labour"),
    "ownership_powers": _("Powers attaching to ownership"),
    "unable_to_refuse": _("Unable to refuse the work"),
}
STATUS_LABELS: dict[str, StrOrPromise] = {
    "present": _("present"), "absent": _("absent"), "not_required": _("not required"),
    "unknown": _("unknown"),
}
DIMENSION_STATUS_LABELS: dict[str, StrOrPromise] = {
    "positive": _("positive"), "negative": _("negative"), "unknown": _("unknown"),
}
CLASSIFICATION_LABELS: dict[str, StrOrPromise] = {
    "trafficking": _("Trafficking indicated"),
    "not_trafficking": _("Trafficking not indicated"),
    "unknown": _("Undetermined"),
}
#: CSS class of a status badge (palermo.css .status-*).
TONE = {True: "ok", False: "off", None: "warn", "present": "ok", "absent": "off",
        "not_required": "quiet", "unknown": "warn", "positive": "ok", "negative": "off",
        "trafficking": "ok", "not_trafficking": "off"}


def verdict_label(qualifies: bool | None) -> StrOrPromise:
    if qualifies is None:
        return _("Undetermined")
    return _("Qualifies") if qualifies else _("Does not qualify")


def _framework_order(framework_id: str) -> int:
    ids = list(law.FRAMEWORK_IDS)
    return ids.index(framework_id) if framework_id in ids else len(ids)


def _element_order(item: tuple[str, str]) -> int:
    names = list(ELEMENT_LABELS)
    return names.index(item[0]) if item[0] in names else len(names)


@dataclass
class FrameworkRow:
    id: str
    title: str
    qualifies: bool | None
    verdict: StrOrPromise
    tone: str
    elements: list[tuple[StrOrPromise, StrOrPromise, str]]
    provisions: list[str]
    explanation: str


def frameworks(result: dict[str, Any]) -> list[FrameworkRow]:
    lang = language()
    titles = law.framework_titles()
    rows = []
    stored = result.get("frameworks", {})
    # Stored JSON comes back with sorted keys: show the engine's order again.
    for fid in sorted(stored, key=_framework_order):
        fw = stored[fid]
        rows.append(FrameworkRow(
            id=fid, title=titles.get(fid, {}).get(lang, fid), qualifies=fw["qualifies"],
            verdict=verdict_label(fw["qualifies"]), tone=TONE[fw["qualifies"]],
            elements=[(ELEMENT_LABELS.get(name, name), STATUS_LABELS.get(status, status),
                       TONE.get(status, "warn"))
                      for name, status in sorted(fw["elements"].items(), key=_element_order)],
            provisions=list(fw.get("provisions", [])),
            explanation=fw["explanation"][lang],
        ))
    return rows


def gaps(result: dict[str, Any]) -> list[dict[str, Any]]:
    lang = language()
    titles = law.framework_titles()
    return [{"code": gap["code"],
             "frameworks": [titles.get(f, {}).get(lang, f) for f in gap["frameworks"]],
             "explanation": gap["explanation"][lang]} for gap in result.get("gaps", [])]


def delphi_rows(delphi: dict[str, Any]) -> list[tuple[str, StrOrPromise, str]]:
    lang = language()
    statuses = delphi.get("dimensions", {})
    return [(d.title[lang], DIMENSION_STATUS_LABELS.get(statuses.get(d.id, "unknown"), ""),
             TONE.get(statuses.get(d.id, "unknown"), "warn")) for d in load().dimensions]


def answered(answers: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, Any]]]]:
    """The answers given (unknown ones left out), by part: (part id, part title, rows)."""
    lang = language()
    questionnaire = load()
    parts = [("direct", questionnaire.direct), ("ilo_11", questionnaire.ilo),
             ("delphi", questionnaire.delphi)]
    labels = {"yes": _("Yes"), "no": _("No")}
    result = []
    for part, questions in parts:
        rows = [(q.text[lang], labels.get(answers[q.id], answers[q.id]))
                for q in questions if q.id in answers]
        result.append((part, questionnaire.titles[part][lang], rows))
    return result
