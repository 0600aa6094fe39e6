"""The supply-chain script (.ci/supply-chain) never reports a green it did not earn."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "supply-chain"


def load() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("supply_chain", str(SCRIPT))
    spec = importlib.util.spec_from_loader("supply_chain", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["supply_chain"] = module  # dataclasses look their module up there
    loader.exec_module(module)
    return module


supply_chain = load()


def report(*deps: dict[str, Any]) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
SKIPPED = {"name": "rich", "skip_reason": "Dependency not found on PyPI and could not be "
                                          "audited: rich (15.0.0)"}
VULNERABLE = {"name": "jinja2", "version": "3.1.0",
              "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["3.1.6"]}]}


def test_every_package_checked_and_clean_is_audited():
    assert supply_chain.read_report(report(CLEAN)).verdict == "AUDITED"


def test_a_package_that_could_not_be_checked_is_not_audited():
    outcome = supply_chain.read_report(report(CLEAN, SKIPPED))
    assert outcome.verdict == "NOT AUDITED"
    assert outcome.not_audited == ["rich"]


def test_nothing_checked_is_not_audited():
    assert supply_chain.read_report(report()).verdict == "NOT AUDITED"


def test_a_known_vulnerability_wins_over_everything():
    outcome = supply_chain.read_report(report(CLEAN, SKIPPED, VULNERABLE))
    assert outcome.verdict == "VULNERABLE"
    assert outcome.vulnerable == ["jinja2 3.1.0: GHSA-xxxx (fixed in 3.1.6)"]


@pytest.mark.parametrize(("outcome", "strict", "code", "verdict"), [
    ({"audited": ["django 5.2.19"]}, False, 0, "AUDITED"),
    ({"not_audited": ["every package"], "reason": "no network"}, False, 0, "NOT AUDITED"),
    ({"not_audited": ["every package"], "reason": "no network"}, True, 1, "NOT AUDITED"),
    ({"vulnerable": ["jinja2 3.1.0: GHSA-xxxx"]}, False, 1, "VULNERABLE"),
])
def test_exit_code_and_last_line(monkeypatch, capsys, outcome, strict, code, verdict):
    monkeypatch.setattr(supply_chain, "run_pip_audit",
                        lambda service: supply_chain.Outcome(**outcome))
    assert supply_chain.main(["--strict"] if strict else []) == code
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"SUPPLY CHAIN: {verdict} ")


def test_an_unpinned_dependency_is_reported(tmp_path: Path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["Django==5.2.19", "rich>=15"]\n'
                         '[project.optional-dependencies]\ndev = ["psycopg[binary]==3.3.9", '
                         '"ruff"]\n')
    assert supply_chain.unpinned(pyproject) == ["rich>=15", "ruff"]


def test_palermo_pins_every_dependency():
    assert supply_chain.unpinned(SCRIPT.parent.parent / "pyproject.toml") == []
