"""Loading the legal frameworks: one TOML file per framework in ``frameworks/``, reviewed like code.

Files whose name starts with ``_`` are shared parts (``include``), the gaps and the labels.
Loading checks the data's own shape so a typo in a framework file fails at import, in tests.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

FRAMEWORK_IDS = ("un_palermo", "ilo_c29", "ru_cc_127_1", "ru_cc_127_2", "ru_cc_127_1_proposed")
STATUSES = ("present", "absent", "not_required", "unknown")
Text = dict[str, str]  # {"en": ..., "ru": ...}


@dataclass(frozen=True)
class Element:
    name: str
    provision: str
    holds: dict[str, Any]
    text: dict[str, Text]
    required_unless: dict[str, Any] | None = None
    provision_not_required: str | None = None


@dataclass(frozen=True)
class Aggravating:
    code: str
    part: int
    provision: str
    when: dict[str, Any]


@dataclass(frozen=True)
class Framework:
    id: str
    kind: str
    title: Text
    provisions: list[str]
    headline: dict[str, Text]
    elements: list[Element]
    notes: list[dict[str, Any]] = field(default_factory=list)
    aggravating: list[Aggravating] = field(default_factory=list)
    exemption: dict[str, Any] | None = None


def _read(name: str) -> dict[str, Any]:
    path = resources.files("palermo.law").joinpath("frameworks", name)
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict) or set(value) != {"en", "ru"}:
        raise ValueError(f"{where}: a text needs exactly 'en' and 'ru'")
    return {"en": str(value["en"]), "ru": str(value["ru"])}


def _element(raw: dict[str, Any], where: str) -> Element:
    texts = {status: _text(t, f"{where}.text.{status}") for status, t in raw["text"].items()}
    needed = {"present", "absent", "unknown"} | (
        {"not_required"} if "required_unless" in raw else set()
    )
    if set(texts) != needed:
        raise ValueError(f"{where}: texts for {sorted(needed)} expected, found {sorted(texts)}")
    return Element(
        name=raw["name"],
        provision=raw["provision"],
        holds=raw["holds"],
        text=texts,
        required_unless=raw.get("required_unless"),
        provision_not_required=raw.get("provision_not_required"),
    )


def _framework(raw: dict[str, Any]) -> Framework:
    fid = raw["id"]
    if "include" in raw:
        shared = _read(raw["include"])
        raw = {**shared, **raw}
    return Framework(
        id=fid,
        kind=raw["kind"],
        title=_text(raw["title"], f"{fid}.title"),
        provisions=list(raw["provisions"]),
        headline={
            k: _text(raw["headline"][k], f"{fid}.headline.{k}") for k in ("yes", "no", "unknown")
        },
        elements=[_element(e, f"{fid}.{e['name']}") for e in raw["elements"]],
        notes=[{**n, "text": _text(n["text"], f"{fid}.notes")} for n in raw.get("notes", [])],
        aggravating=[Aggravating(**a) for a in raw.get("aggravating", [])],
        exemption=raw.get("exemption"),
    )


@cache
def frameworks() -> dict[str, Framework]:
    """Every framework, in the order of :data:`FRAMEWORK_IDS`."""
    loaded = {fid: _framework(_read(f"{fid}.toml")) for fid in FRAMEWORK_IDS}
    for fid, fw in loaded.items():
        if fw.id != fid:
            raise ValueError(f"frameworks/{fid}.toml declares id {fw.id!r}")
    return loaded


@cache
def gaps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = _read("_gaps.toml")["gaps"]
    for gap in found:
        _text(gap["text"], f"gap {gap['code']}")
        unknown = set(gap["frameworks"]) - set(FRAMEWORK_IDS)
        if unknown:
            raise ValueError(f"gap {gap['code']}: unknown frameworks {sorted(unknown)}")
    return found


@cache
def labels() -> dict[str, dict[str, Text]]:
    return _read("_labels.toml")


def gap_explanations() -> dict[str, Text]:
    """``{gap code: {"en": explanation, "ru": explanation}}``, in the order of ``_gaps.toml``."""
    return {gap["code"]: dict(gap["text"]) for gap in gaps()}


def framework_titles() -> dict[str, Text]:
    """``{framework id: {"en": title, "ru": title}}``."""
    return {fid: dict(fw.title) for fid, fw in frameworks().items()}
