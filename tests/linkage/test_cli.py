"""``palermo link`` as its contract says (DESIGN.md): the two output files, the encoded mode,
exit codes 0/2/3, one-line errors on stderr, and no Django, settings or keys."""

from __future__ import annotations

import base64
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from palermo.estimation.histories import read_histories
from palermo.linkage.core.cli import main
from palermo.linkage.core.records import Record
from tests.linkage.helpers import LISTS, population

HEADER = ["record_id", "given_name", "family_name", "patronymic", "birth_date", "birth_year",
          "sex", "citizenship"]
SUMMARY_KEYS = {
    "mode", "lists", "records", "people", "linked_records", "matched_pairs", "uncertain_pairs",
    "threshold", "clusters_file", "histories_file", "seconds", "warnings",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_list(path: Path, records: list[Record]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for r in records:
            writer.writerow([
                r.record_id, r.given_name, r.family_name, r.patronymic,
                r.birth_date.isoformat() if r.birth_date else "", r.birth_year or "", r.sex,
                r.citizenship,
            ])
    return path


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict]:
    folder = tmp_path_factory.mktemp("lists")
    records, truth = population(size=120, seed=5)
    paths = [
        write_list(folder / f"{name}.csv", [r for r in records if r.list_name == name])
        for name in LISTS
    ]
    return paths, truth


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_links_files_into_clusters_and_histories(capsys, tmp_path, lists):
    paths, truth = lists
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, *map(str, paths), "--out", str(out))
    assert code == 0
    summary = json.loads(stdout)
    assert set(summary) == SUMMARY_KEYS
    assert summary["mode"] == "clear" and summary["lists"] == list(LISTS)
    assert summary["records"] == len(truth) and summary["warnings"] == []
    assert "palermo link: read police.csv" in stderr
    rows = read_csv(out / "clusters.csv")
    assert list(rows[0]) == ["list", "record_id", "cluster_id", "match_probability"]
    assert len(rows) == len(truth)
    assert {row["list"] for row in rows} == set(LISTS)
    for row in rows:
        assert (row["match_probability"] == "") == (
            sum(other["cluster_id"] == row["cluster_id"] for other in rows) == 1
        )
    assert summary["people"] == len({row["cluster_id"] for row in rows})
    # exactly what palermo estimate reads
    table = read_histories(str(out / "histories.csv"))
    assert list(table.lists) == list(LISTS)
    histories = read_csv(out / "histories.csv")
    assert sum(int(row["count"]) for row in histories) == summary["people"]
    assert abs(summary["people"] - len(set(truth.values()))) <= 2


def test_text_format_and_threshold(capsys, tmp_path, lists):
    paths, _ = lists
    code, stdout, _ = run(
        capsys, *map(str, paths), "--out", str(tmp_path), "--format", "text", "--threshold", "0.99"
    )
    assert code == 0
    assert stdout.startswith("Lists: police, embassy, shelter")
    assert "Pairs at or above 0.99:" in stdout


def test_encode_then_link_the_encoded_lists(capsys, tmp_path, lists):
    paths, truth = lists
    key = tmp_path / "shared.key"
    key.write_text(base64.b64encode(b"k" * 32).decode() + "\n")
    encoded = []
    for path in paths:
        target = tmp_path / path.name
        code, stdout, _ = run(capsys, "--encode", str(path), "--key-file", str(key),
                              "--out", str(target))
        assert code == 0 and json.loads(stdout)["mode"] == "encode"
        text = target.read_text(encoding="utf-8")
        assert "Sherzod" not in text and "Шерзод" not in text and "19" not in text.split(",")[1]
        encoded.append(str(target))
    out = tmp_path / "encoded-out"
    code, stdout, _ = run(capsys, "--encoded", *encoded, "--out", str(out))
    summary = json.loads(stdout)
    assert code == 0 and summary["mode"] == "encoded"
    assert abs(summary["people"] - len(set(truth.values()))) <= 3
    assert read_histories(str(out / "histories.csv")).lists == tuple(LISTS)


def test_encoded_files_with_different_keys_are_refused(capsys, tmp_path, lists):
    paths, _ = lists
    targets = []
    for number, path in enumerate(paths[:2]):
        key = tmp_path / f"{number}.key"
        key.write_text(base64.b64encode(bytes([number]) * 32).decode())
        target = tmp_path / path.name
        assert run(capsys, "--encode", str(path), "--key-file", str(key), "--out",
                   str(target))[0] == 0
        targets.append(str(target))
    code, stdout, stderr = run(capsys, "--encoded", *targets, "--out", str(tmp_path / "o"))
    assert code == 2 and stdout == ""
    reason = stderr.splitlines()[-1]  # after the progress lines
    assert reason.startswith("palermo link: the files were encoded with different keys")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("record_id,given_name\n1,A\n", "missing column(s)"),
        ("record_id,given_name,family_name,birth_year,sex,citizenship\n1,A,B,1990,Q,UZ\n",
         "column sex: 'Q' is not M, F or empty"),
        ("record_id,given_name,family_name,birth_date,sex,citizenship\n1,A,B,1990-02-30,M,UZ\n",
         "is not a valid date"),
    ],
)
def test_malformed_file_exits_2_with_one_line(capsys, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, stdout, stderr = run(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith("palermo link: bad.csv")
    assert message in stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["--out", "x"],
        ["a.csv", "--encode", "b.csv", "--key-file", "k", "--out", "x"],
        ["--encode", "a.csv", "--out", "x"],
        ["a.csv", "--key-file", "k", "--out", "x"],
        ["one/a.csv", "two/a.csv", "--out", "x"],
    ],
)
def test_options_that_do_not_fit_exit_2(capsys, argv):
    code, stdout, stderr = run(capsys, *argv)
    assert code == 2 and stdout == "" and stderr.count("\n") == 1


def test_bad_threshold_and_missing_out_exit_2(capsys):
    for argv in (["a.csv", "--out", "x", "--threshold", "2"], ["a.csv"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_bad_key_file_exits_2(capsys, tmp_path, lists):
    paths, _ = lists
    key = tmp_path / "short.key"
    key.write_text(base64.b64encode(b"short").decode())
    code, _, stderr = run(capsys, "--encode", str(paths[0]), "--key-file", str(key),
                          "--out", str(tmp_path / "e.csv"))
    assert code == 2 and "fewer than 16" in stderr
    key.write_text("not base64 at all!")
    code, _, stderr = run(capsys, "--encode", str(paths[0]), "--key-file", str(key),
                          "--out", str(tmp_path / "e.csv"))
    assert code == 2 and "not base64" in stderr


def test_nothing_to_link_exits_3_with_the_reason(capsys, tmp_path):
    path = write_list(tmp_path / "alone.csv", population(size=1, seed=1)[0][:1])
    code, stdout, _ = run(capsys, str(path), "--out", str(tmp_path / "out"))
    summary = json.loads(stdout)
    assert code == 3 and summary["records"] == 1
    assert summary["warnings"] == ["fewer than two records: nothing to link"]
    assert (tmp_path / "out" / "clusters.csv").read_text().splitlines()[1] == "alone,p0,1,"


def bare_env(tmp_path: Path) -> dict[str, str]:
    """No DJANGO_SETTINGS_MODULE, no PALERMO_* keys, a data directory that cannot exist."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "PALERMO_DATA_DIR": "/dev/null/palermo-data"}


PROBE = """
import sys
from palermo.__main__ import main
try:
    main(["palermo", "link", *sys.argv[1:]])
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print("CODE", code, "DJANGO", loaded, file=sys.stderr)
"""


def test_palermo_link_runs_without_django_settings_or_keys(tmp_path, lists):
    paths, _ = lists
    for argv, code in (([str(paths[0]), str(paths[1]), "--out", "out"], 0),
                       (["/no/such.csv", "--out", "out"], 2)):
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-c", PROBE, *argv], env=bare_env(tmp_path), cwd=tmp_path,
            capture_output=True, text=True, timeout=300, check=False,
        )
        assert f"CODE {code} DJANGO []" in done.stderr
    assert (tmp_path / "out" / "histories.csv").read_text().startswith("police,embassy,count")
