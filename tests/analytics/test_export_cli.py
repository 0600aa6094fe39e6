"""``palermo export``: data on stdout or in a file, report on stderr, exit 2 on bad input."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from palermo.analytics.ctdc_anonymise import QUASI_IDENTIFIERS
from palermo.analytics.glotip import HEADER
from palermo.core.models import AuditEvent


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_glotip_csv_on_stdout(registry: Any) -> None:
    out, err = _run("glotip", "--year", "2025", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == HEADER
    assert all(r[11] == "<5" or int(r[11]) == 0 or int(r[11]) >= 5 for r in rows[1:])
    assert "GLOTIP 2025" in err
    assert AuditEvent.objects.get(object_type="analytics.Glotip").actor_id is None


@pytest.mark.django_db
def test_glotip_json_to_a_file(registry: Any, tmp_path: Path) -> None:
    target = tmp_path / "glotip.json"
    out, _err = _run("glotip", "--year", "2024", "--format", "json", "--out", str(target))
    assert out == ""
    rows = json.loads(target.read_text())
    assert set(rows[0]) == set(HEADER) and rows[0]["Year"] == "2024"


@pytest.mark.django_db
def test_ctdc_to_a_file_with_its_report(registry: Any, tmp_path: Path) -> None:
    target, report_file = tmp_path / "ctdc.csv", tmp_path / "report.json"
    out, err = _run("ctdc", "--k", "5", "--out", str(target), "--report", str(report_file))
    assert out == ""
    rows = list(csv.DictReader(target.open()))
    report = json.loads(report_file.read_text())
    assert report["k"] == 5 and report["rows_out"] == len(rows) and report["rows_in"] == 36
    assert all(n >= 5 for n in Counter(tuple(r[c] for c in QUASI_IDENTIFIERS)
                                       for r in rows).values())
    assert "k = 5" in err


@pytest.mark.django_db
def test_ctdc_on_stdout_with_the_default_k(registry: Any, settings: Any) -> None:
    settings.PALERMO_CTDC_K = 11
    out, err = _run("ctdc", "--out", "-")
    assert out.startswith("yearOfRegistration,")
    assert "k = 11" in err


@pytest.mark.django_db
@pytest.mark.parametrize("args", [
    ("glotip", "--year", "next"), ("glotip", "--year", "1066"), ("ctdc", "--k", "1", "--out", "-"),
    ("ctdc", "--out", "/no/such/folder/x.csv"),
])
def test_bad_arguments_exit_2(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError) as error:
        _run(*args)
    assert error.value.returncode == 2
