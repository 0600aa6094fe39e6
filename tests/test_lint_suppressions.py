"""Every security-lint (ruff ``S``, bandit's rules) suppression says why, where it is made.

A ``# noqa: S…`` must carry a reason after the codes on its line, or stand right under a comment
(on the line above, or on the statement's opening line above) that gives it. Whole-file
suppressions in pyproject.toml are limited to the list below, each with its reason.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECURITY_NOQA = re.compile(r"#\s*noqa\s*:\s*((?:[A-Z]+[0-9]+[\s,]*)+)(.*)$")
#: Rules waived for whole folders, and why (pyproject.toml [tool.ruff.lint.per-file-ignores]).
FOLDER_WAIVERS = {
    "tests/**": {
        "S101": "pytest asserts with assert",
        "S105": "tests hold fixed, fake passwords and keys",
        "S106": "tests pass fixed, fake passwords as arguments",
        "S311": "tests draw reproducible pseudo-random data, never secrets",
    },
    "bench/**": {
        "S101": "benchmarks assert their results",
        "S311": "benchmarks draw reproducible pseudo-random data, never secrets",
    },
}


def python_files() -> list[Path]:
    listed = subprocess.run(  # noqa: S603 - fixed argv; git lists the tracked files
        ["git", "ls-files", "*.py", ".ci/*"], cwd=ROOT, capture_output=True, text=True,  # noqa: S607 - git from PATH, as every developer runs it
        check=False,
    )
    if listed.returncode == 0 and listed.stdout.strip():
        return [ROOT / name for name in listed.stdout.split()]
    return [p for p in ROOT.glob("**/*.py") if ".venv" not in p.parts]


def unexplained(path: Path) -> list[str]:
    found = []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        match = SECURITY_NOQA.search(line)
        if not match or not re.search(r"\bS[0-9]{3}\b", match.group(1)):
            continue
        reason = match.group(2).strip(" -—:;()")
        above = lines[number - 2] if number > 1 else ""
        if len(reason) >= 3 or "#" in above:
            continue
        found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_every_security_noqa_carries_a_reason():
    missing = [entry for path in python_files() if path.is_file() for entry in unexplained(path)]
    assert missing == [], "security lint suppressed without a reason:\n" + "\n".join(missing)


def test_folder_wide_security_waivers_are_the_listed_ones():
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    ignores = lint["lint"].get("per-file-ignores", {})
    waived = {pattern: {rule for rule in rules if rule.startswith("S")}
              for pattern, rules in ignores.items()}
    assert {p: r for p, r in waived.items() if r} == {
        pattern: set(reasons) for pattern, reasons in FOLDER_WAIVERS.items()
    }
    assert "S" in lint["lint"]["select"]


def test_the_check_catches_a_bare_suppression(tmp_path: Path):
    noqa = "# " + "noqa"  # in two parts, so this file holds no suppression itself
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import subprocess\n\n"
        f"subprocess.run(cmd)  {noqa}: S603\n"
        f"subprocess.run(cmd)  {noqa}: S603 - fixed argv\n"
        "# the argv is ours\n"
        f"subprocess.run(cmd)  {noqa}: S603\n"
        f"x = 1  {noqa}: E501\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert unexplained(sample) == [f"sample.py:3: subprocess.run(cmd)  {noqa}: S603"]
    finally:
        ROOT = saved
