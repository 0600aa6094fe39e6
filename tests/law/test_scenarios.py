"""Scenario tests: each ``scenarios/NN_name.json`` holds case facts and the result the legal texts
give for them, worked out by hand from the provisions its ``source`` names (not copied from the
engine). Frameworks a scenario does not mention are not checked; ``gaps`` is an exact set.

A scenario with an ``xfail`` reason is one where the engine is believed to be legally wrong: the
expectation stays as the law has it, and the test is a strict xfail until the data is fixed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from palermo.law import FRAMEWORK_IDS, qualify, validate_facts

SCENARIOS = Path(__file__).parent / "scenarios"
FILES = sorted(SCENARIOS.glob("*.json"))
DOC_KEYS = {"description", "source", "facts", "expect"}
FRAMEWORK_KEYS = {
    "qualifies",
    "elements",
    "missing",
    "aggravating",
    "part",
    "exemption",
    "provisions_include",
}
STATUSES = {"present", "absent", "not_required", "unknown"}


def _load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def _params() -> list[Any]:
    params = []
    for path in FILES:
        doc = _load(path)
        marks = []
        if "xfail" in doc:
            marks.append(pytest.mark.xfail(strict=True, reason=doc["xfail"]))
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def test_there_are_enough_scenarios() -> None:
    assert len(FILES) >= 45
    names = [p.stem for p in FILES]
    numbers = [n.split("_", 1)[0] for n in names]
    assert all(n.isdigit() for n in numbers)
    assert len(set(numbers)) == len(numbers), "two scenarios share a number"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_is_well_formed(path: Path) -> None:
    """A typo in a scenario must fail, not silently check less."""
    doc = _load(path)
    assert DOC_KEYS <= set(doc) <= DOC_KEYS | {"xfail"}
    assert doc["description"].strip() and doc["source"].strip()
    validate_facts(doc["facts"])
    expect = doc["expect"]
    assert expect, "a scenario must expect something"
    assert set(expect) <= {*FRAMEWORK_IDS, "gaps"}
    for fid in set(expect) - {"gaps"}:
        assert set(expect[fid]) <= FRAMEWORK_KEYS, (fid, set(expect[fid]) - FRAMEWORK_KEYS)
        assert "qualifies" in expect[fid]
        assert set(expect[fid].get("elements", {}).values()) <= STATUSES


@pytest.mark.parametrize("path", _params())
def test_scenario(path: Path) -> None:
    doc = _load(path)
    result = qualify(doc["facts"])
    expect = doc["expect"]
    for fid in FRAMEWORK_IDS:
        if fid not in expect:
            continue
        want, got = expect[fid], result["frameworks"][fid]
        where = f"{path.stem}: {fid}"
        assert got["qualifies"] is want["qualifies"], f"{where}: qualifies"
        for name, status in want.get("elements", {}).items():
            assert got["elements"][name] == status, f"{where}: element {name}"
        if "missing" in want:
            assert set(got["missing"]) == set(want["missing"]), f"{where}: missing"
            assert len(got["missing"]) == len(set(got["missing"]))
        if "aggravating" in want:
            assert set(got["aggravating"]) == set(want["aggravating"]), f"{where}: aggravating"
        for key in ("part", "exemption"):
            if key in want:
                assert key in got, f"{where}: no {key!r} in the result"
                assert got[key] == want[key] and type(got[key]) is type(want[key]), (
                    f"{where}: {key} is {got[key]!r}, expected {want[key]!r}"
                )
        for provision in want.get("provisions_include", []):
            assert provision in got["provisions"], f"{where}: provision {provision!r} not cited"
    if "gaps" in expect:
        codes = [g["code"] for g in result["gaps"]]
        assert len(codes) == len(set(codes)), f"{path.stem}: a gap reported twice"
        assert set(codes) == set(expect["gaps"]), f"{path.stem}: gaps"
