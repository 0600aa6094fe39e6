"""``palermo qualify`` as a user runs it: a subprocess with no settings, database or keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from palermo.law import FRAMEWORK_IDS, framework_titles, qualify
from tests.law.contract import check_shape

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "/dev/null/palermo-data"  # can never be created, not even by root

# Covers all three answers: un_palermo, ilo_c29 and the amendment true; ru_cc_127_1 false (the
# adult's formal consent); ru_cc_127_2 undetermined (ownership-like powers unknown).
MIGRANT = {
    "victim_age": 32,
    "acts": ["recruitment", "transportation", "harbouring"],
    "means": ["deception", "abuse_of_vulnerability"],
    "purposes": ["forced_labour"],
    "consent_given": True,
    "work": {"menace_of_penalty": True, "offered_voluntarily": False, "unable_to_refuse": True},
    "aggravating": ["documents", "border_crossing"],
}
EXPECTED = {
    "un_palermo": True,
    "ilo_c29": True,
    "ru_cc_127_1": False,
    "ru_cc_127_2": None,
    "ru_cc_127_1_proposed": True,
}
VERDICTS = {
    "en": {True: "QUALIFIES", False: "does not qualify", None: "undetermined"},
    "ru": {True: "ДА", False: "нет", None: "не определено"},
}
NOTHING = {"victim_age": 30, "acts": [], "means": [], "purposes": [], "consent_given": False}


def bare_env(tmp_path: Path) -> dict[str, str]:
    """No DJANGO_SETTINGS_MODULE, no PALERMO_* keys, a data directory that cannot exist."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    env["PALERMO_DATA_DIR"] = NOWHERE
    return env


def run(
    tmp_path: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "palermo", *args],
        input=stdin,
        env=env if env is not None else bare_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def write(tmp_path: Path, data: Any, name: str = "facts.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_the_environment_really_is_bare(tmp_path: Path) -> None:
    env = bare_env(tmp_path)
    assert "DJANGO_SETTINGS_MODULE" not in env
    assert [k for k in env if k.startswith("PALERMO_")] == ["PALERMO_DATA_DIR"]
    assert not Path(NOWHERE).exists()


def test_json_output_has_exactly_the_contract_shape(tmp_path: Path) -> None:
    done = run(tmp_path, "qualify", str(write(tmp_path, MIGRANT)), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    check_shape(result)
    assert {fid: fw["qualifies"] for fid, fw in result["frameworks"].items()} == EXPECTED
    assert {g["code"] for g in result["gaps"]} == {"consent_exonerates", "amendment_would_qualify"}
    # the CLI prints the engine's answer, nothing added or lost
    assert result == json.loads(json.dumps(qualify(MIGRANT)))


def test_json_is_the_default_format_and_keeps_russian_readable(tmp_path: Path) -> None:
    done = run(tmp_path, "qualify", str(write(tmp_path, MIGRANT)))
    assert done.returncode == 0
    assert json.loads(done.stdout)["frameworks"].keys() == set(FRAMEWORK_IDS)
    assert "Торговля людьми" in done.stdout  # not \u-escaped


def test_stdin(tmp_path: Path) -> None:
    from_file = run(tmp_path, "qualify", str(write(tmp_path, MIGRANT)))
    from_stdin = run(tmp_path, "qualify", "-", stdin=json.dumps(MIGRANT))
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_text_format(tmp_path: Path, lang: str) -> None:
    done = run(
        tmp_path, "qualify", str(write(tmp_path, MIGRANT)), "--format", "text", "--lang", lang
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    other = "ru" if lang == "en" else "en"
    for fid, answer in EXPECTED.items():
        title = framework_titles()[fid][lang]
        verdict = [line for line in lines if line.startswith(f"{title} [{fid}]: ")]
        assert len(verdict) == 1, (fid, lines)
        assert verdict[0].endswith(f": {VERDICTS[lang][answer]}"), verdict[0]
        assert framework_titles()[fid][other] not in done.stdout
    explanation = qualify(MIGRANT)["frameworks"]["un_palermo"]["explanation"]
    assert explanation[lang] in done.stdout
    assert explanation[other] not in done.stdout
    assert "consent_exonerates" in done.stdout


def test_text_defaults_to_english(tmp_path: Path) -> None:
    done = run(tmp_path, "qualify", str(write(tmp_path, MIGRANT)), "--format", "text")
    assert done.returncode == 0
    assert "[un_palermo]: QUALIFIES" in done.stdout


@pytest.mark.parametrize("facts", [NOTHING, {}], ids=["qualifies_nowhere", "all_unknown"])
def test_exit_0_whether_or_not_the_facts_qualify(tmp_path: Path, facts: dict[str, Any]) -> None:
    for fmt in ("json", "text"):
        done = run(tmp_path, "qualify", str(write(tmp_path, facts)), "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    result = json.loads(run(tmp_path, "qualify", str(write(tmp_path, facts))).stdout)
    assert all(fw["qualifies"] is not True for fw in result["frameworks"].values())


def _bad(tmp_path: Path, case: str) -> list[str]:
    if case == "missing_file":
        return ["qualify", str(tmp_path / "nope.json")]
    if case == "directory":
        return ["qualify", str(tmp_path)]
    if case == "not_utf8":
        path = tmp_path / "latin1.json"
        path.write_bytes('{"acts": ["récruitment"]}'.encode("latin-1"))
        return ["qualify", str(path)]
    if case == "invalid_json":
        return ["qualify", str(write(tmp_path, '{"victim_age": 30,'))]
    if case == "empty_file":
        return ["qualify", str(write(tmp_path, ""))]
    if case == "json_array":
        return ["qualify", str(write(tmp_path, [MIGRANT]))]
    if case == "unknown_key":
        return ["qualify", str(write(tmp_path, {**MIGRANT, "victim_gender": "f"}))]
    if case == "unknown_nested_key":
        return ["qualify", str(write(tmp_path, {"work": {"prison": {"conviction": True}}}))]
    if case == "unknown_value":
        return ["qualify", str(write(tmp_path, {"means": ["deceit"]}))]
    if case == "several_errors":
        return ["qualify", str(write(tmp_path, {"means": ["deceit"], "x": 1, "victim_age": "3"}))]
    if case == "bad_format":
        return ["qualify", str(write(tmp_path, MIGRANT)), "--format", "xml"]
    if case == "bad_lang":
        return ["qualify", str(write(tmp_path, MIGRANT)), "--lang", "de"]
    if case == "unknown_option":
        return ["qualify", str(write(tmp_path, MIGRANT)), "--frobnicate"]
    if case == "no_file":
        return ["qualify"]
    raise AssertionError(case)


BAD = [
    ("missing_file", "nope.json"),
    ("directory", "cannot read"),
    ("not_utf8", "cannot read"),
    ("invalid_json", "not JSON"),
    ("empty_file", "not JSON"),
    ("json_array", "facts"),
    ("unknown_key", "victim_gender"),
    ("unknown_nested_key", "work.prison"),
    ("unknown_value", "means.0"),
    ("several_errors", "means.0"),
    ("bad_format", "--format"),
    ("bad_lang", "--lang"),
    ("unknown_option", "--frobnicate"),
    ("no_file", "file"),
]


@pytest.mark.parametrize(("case", "named"), BAD, ids=[c for c, _ in BAD])
def test_invalid_input_exits_2_with_one_line(tmp_path: Path, case: str, named: str) -> None:
    done = run(tmp_path, *_bad(tmp_path, case))
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == ""
    assert done.stderr.endswith("\n") and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("palermo qualify"), done.stderr
    assert named in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_stdin_exits_2(tmp_path: Path) -> None:
    done = run(tmp_path, "qualify", "-", stdin="[1, 2]")
    assert (done.returncode, done.stdout, done.stderr.count("\n")) == (2, "", 1)


def test_qualify_never_imports_django(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from palermo.__main__ import main\n"
        "try:\n"
        f"    main(['palermo', 'qualify', {str(write(tmp_path, MIGRANT))!r}])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'django'), "
        "file=sys.stderr)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        env=bare_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stderr.strip() == "0 []", done.stderr
    check_shape(json.loads(done.stdout))


def test_django_commands_still_dispatch(tmp_path: Path) -> None:
    """The pure-command shortcut must not swallow Django's own commands."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT))
    helped = run(tmp_path, "help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert "Available subcommands" in helped.stdout
    assert "migrate" in helped.stdout
    # and qualify still runs under the tests' settings
    done = run(tmp_path, "qualify", str(write(tmp_path, MIGRANT)), env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["frameworks"]["un_palermo"]["qualifies"] is True


def test_qualify_help(tmp_path: Path) -> None:
    done = run(tmp_path, "qualify", "--help")
    assert done.returncode == 0
    assert "--format" in done.stdout and "--lang" in done.stdout
