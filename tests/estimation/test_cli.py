"""``palermo estimate`` as its contract says (DESIGN.md): options, JSON shape, exit codes 0/2/3,
one-line errors on stderr, and no Django, settings or keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from palermo.estimation.cli import main
from tests.estimation.helpers import DATA

NOWHERE = "/dev/null/palermo-data"
CONTRACT_KEYS = {
    "observed", "estimate", "dark_figure", "ci", "ci_level", "ci_method", "method", "threshold",
    "model", "absent_pairs", "lists", "dropped_lists", "top_models", "warnings",
}
WESTERN = str(DATA / "western.csv")
KOREA = str(DATA / "korea.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_shape(result: dict[str, Any]) -> None:
    assert CONTRACT_KEYS <= set(result)
    assert isinstance(result["observed"], int)
    for key in ("estimate", "dark_figure"):
        assert result[key] is None or isinstance(result[key], float)
    assert result["ci"] is None or (
        len(result["ci"]) == 2 and all(v is None or isinstance(v, float) for v in result["ci"])
    )
    assert result["ci_method"] in ("profile-likelihood", "bca-bootstrap")
    assert result["method"] in ("stepwise", "bic", "main-effects")
    for key in ("model", "absent_pairs", "lists", "dropped_lists", "warnings"):
        assert all(isinstance(item, str) for item in result[key])
    for row in result["top_models"]:
        assert set(row) == {"model", "bic", "estimate"}
    if result["estimate"] is not None:
        total = result["observed"] + result["dark_figure"]
        assert result["estimate"] == pytest.approx(total, abs=0.11)


def test_default_is_stepwise_with_a_profile_interval(capsys):
    code, out, err = run(capsys, WESTERN)
    result = json.loads(out)
    check_shape(result)
    assert code == 0 and err == ""
    assert result["method"] == "stepwise" and result["threshold"] == 0.02
    assert result["ci_method"] == "profile-likelihood" and result["ci_level"] == 0.95
    assert (result["estimate"], result["dark_figure"]) == (2483.4, 2138.4)
    assert result["model"] == ["A:E"] and result["absent_pairs"] == ["A:B", "B:E"]
    assert result["lists"] == ["A", "B", "C", "D", "E"] and result["dropped_lists"] == []
    assert result["top_models"] == []


def test_main_effects_method(capsys):
    code, out, _ = run(capsys, WESTERN, "--method", "main-effects")
    result = json.loads(out)
    assert code == 0 and result["estimate"] == 2007.1 and result["model"] == []


def test_threshold_option_changes_the_selection(capsys):
    _, out, _ = run(capsys, WESTERN, "--threshold", "0")
    assert json.loads(out)["model"] == []
    _, out, _ = run(capsys, WESTERN, "--threshold", "0.5")
    assert len(json.loads(out)["model"]) > 1


def test_bic_method_reports_top_models_and_max_order(capsys):
    code, out, _ = run(capsys, KOREA, "--method", "bic")
    result = json.loads(out)
    check_shape(result)
    assert code == 0 and result["max_order"] == 2
    assert result["model"] == ["b:c", "c:d"] and result["estimate"] == 157.2
    assert result["top_models"][0] == {"model": ["b:c", "c:d"], "bic": 57.141, "estimate": 157.2}
    assert len(result["top_models"]) == 6
    _, out, _ = run(capsys, KOREA, "--method", "bic", "--max-order", "1")
    assert json.loads(out)["model"] == []


def test_bca_with_bootstrap_and_seed_shows_progress_on_stderr(capsys):
    code, out, err = run(capsys, WESTERN, "--ci", "bca", "--bootstrap", "40", "--seed", "3")
    result = json.loads(out)
    check_shape(result)
    assert code == 0 and result["ci_method"] == "bca-bootstrap"
    assert "bootstrap 40/40" in err
    _, again, _ = run(capsys, WESTERN, "--ci", "bca", "--bootstrap", "40", "--seed", "3")
    assert json.loads(again)["ci"] == result["ci"]


def test_text_format(capsys):
    code, out, _ = run(capsys, WESTERN, "--format", "text")
    assert code == 0
    assert "Estimated total: 2,483.4" in out and "A:E" in out


def test_per_person_file_with_id_column(tmp_path, capsys):
    rows = ["id,A,B,C"] + [f"p{i},{a},{b},{c}" for i, (a, b, c) in enumerate(
        [(1, 0, 0)] * 30 + [(0, 1, 0)] * 25 + [(0, 0, 1)] * 20 + [(1, 1, 0)] * 6
        + [(1, 0, 1)] * 5 + [(0, 1, 1)] * 4 + [(1, 1, 1)] * 1
    )]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--id-column", "id")
    result = json.loads(out)
    assert code == 0 and result["observed"] == 91 and result["lists"] == ["A", "B", "C"]


def test_dropped_lists_are_reported(tmp_path, capsys):
    path = tmp_path / "h.csv"
    path.write_text(
        "A,B,Empty,Copy,C,count\n1,0,0,1,0,20\n0,1,0,0,0,30\n1,1,0,1,0,5\n0,0,0,0,1,9\n"
        "1,0,0,1,1,2\n0,1,0,0,1,3\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(path))
    result = json.loads(out)
    assert code == 0
    assert result["dropped_lists"] == ["Empty", "Copy"]
    assert any("Empty" in w for w in result["warnings"])
    assert any("Copy" in w and "same people" in w for w in result["warnings"])


def test_no_estimate_exits_3_with_json_and_reason(tmp_path, capsys):
    path = tmp_path / "apart.csv"
    path.write_text("A,B,count\n1,0,5\n0,1,7\n", encoding="utf-8")
    code, out, err = run(capsys, str(path))
    result = json.loads(out)
    check_shape(result)
    assert code == 3 and err == ""
    assert result["estimate"] is None and result["ci"] is None
    assert any("does not exist" in w for w in result["warnings"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("A,B,count\n1,2,5\n0,1,3\n", "is not 0 or 1"),
        ("A,B,count\n1,0,-5\n0,1,3\n1,1,1\n", "negative"),
        ("A,B,count\n1,0,2.5\n0,1,3\n1,1,1\n", "not a whole number"),
        ("count\n5\n", "no list columns"),
        ("A,count\n1,5\n", "fewer than 2 usable lists"),
        ("A,B,count\n1,0,5,9\n", "fields"),
        ("", "empty"),
    ],
)
def test_malformed_files_exit_2_with_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("palermo estimate: ")
    assert message in err


def test_wrong_encoding_exits_2(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Île,B,count\n1,0,5\n0,1,3\n1,1,1\n".encode("latin-1"))
    code, _, err = run(capsys, str(path))
    assert code == 2 and "not UTF-8" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--method", "magic"],
        ["--threshold", "1.5"],
        ["--threshold", "x"],
        ["--max-order", "0"],
        ["--max-order", "2"],  # bic only
        ["--bootstrap", "100"],  # bca only
        ["--ci", "bca", "--bootstrap", "5"],
        ["--seed", "-1"],
        ["--format", "xml"],
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        code = main([WESTERN, *argv])
        raise SystemExit(code)
    captured = capsys.readouterr()
    assert exit_info.value.code == 2
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("palermo estimate")


def bare_env(tmp_path: Path) -> dict[str, str]:
    """No DJANGO_SETTINGS_MODULE, no PALERMO_* keys, a data directory that cannot exist."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PALERMO_DATA_DIR": NOWHERE,
    }


PROBE = """
import sys
from palermo.__main__ import main
try:
    main(["palermo", "estimate", *sys.argv[1:]])
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print("CODE", code, "DJANGO", loaded, file=sys.stderr)
"""


@pytest.mark.parametrize(("argv", "code"), [([WESTERN], 0), (["/no/such.csv"], 2)])
def test_palermo_estimate_runs_without_django_settings_or_keys(tmp_path, argv, code):
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", PROBE, *argv],
        env=bare_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert f"CODE {code} DJANGO []" in done.stderr


def test_importing_the_engine_loads_no_django(tmp_path):
    probe = (
        "import sys, palermo.estimation, palermo.estimation.cli;"
        "print([m for m in sys.modules if m.split('.')[0] == 'django'])"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", probe], env=bare_env(tmp_path), capture_output=True, text=True,
        timeout=120, check=True,
    )
    assert done.stdout.strip() == "[]"


def test_console_script_exit_code_3_through_palermo(tmp_path):
    path = tmp_path / "apart.csv"
    path.write_text("A,B,count\n1,0,5\n0,1,7\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "palermo", "estimate", str(path)],
        env=bare_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert json.loads(done.stdout)["estimate"] is None
