"""``palermo import-cases FILE --username U [--dry-run]``: the same importer from a shell."""

from __future__ import annotations

from pathlib import Path

from tests.cases.test_import import HEADER, ROW_1, ROW_2, _replace, csv_bytes
from tests.cli import console

from palermo.cases.models import Case, Person
from palermo.core.models import AuditEvent


def _counts() -> tuple[int, int, int]:
    return Person.objects.count(), Case.objects.count(), AuditEvent.objects.count()


def test_the_command_imports_a_good_file(capsys, tmp_path: Path, caseworker):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([HEADER, ROW_1, ROW_2]))
    code, out, err = console(capsys, "import-cases", str(path), "--username", "caseworker_a")
    assert code == 0, err
    assert "2 case(s) imported" in out
    assert Case.objects.filter(organisation=caseworker.organisation).count() == 2


def test_the_command_reports_problems_on_stderr_and_writes_nothing(capsys, tmp_path: Path,
                                                                  caseworker):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([HEADER, _replace(ROW_1, "prs_FirstName", "=CMD()"),
                                _replace(ROW_2, "prs_Gender", "Woman")]))
    before = _counts()
    code, out, err = console(capsys, "import-cases", str(path), "--username", "caseworker_a")
    assert code == 2
    assert _counts() == before
    assert "row 2, prs_FirstName: (value hidden)" in err
    assert "row 3, prs_Gender: 'Woman' Unknown code." in err
    assert "nothing was imported" in err
    assert "CMD" not in err and out == ""


def test_the_command_dry_run_writes_nothing(capsys, tmp_path: Path, caseworker):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([HEADER, ROW_1]))
    before = _counts()
    code, out, _err = console(capsys, "import-cases", str(path), "--username", "caseworker_a",
                              "--dry-run")
    assert code == 0
    assert "1 row(s) checked" in out
    assert _counts() == before


def test_the_command_refuses_a_role_that_may_not_edit_cases(capsys, tmp_path: Path, analyst):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([HEADER, ROW_1]))
    code, _out, err = console(capsys, "import-cases", str(path), "--username", "analyst")
    assert code == 2 and "may not edit cases" in err
    assert Case.objects.count() == 0


def test_the_command_refuses_a_file_in_another_encoding(capsys, tmp_path: Path, caseworker):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([HEADER, ROW_1], encoding="cp1251"))
    code, _out, err = console(capsys, "import-cases", str(path), "--username", "caseworker_a")
    assert code == 2 and "not UTF-8" in err
    assert Case.objects.count() == 0
