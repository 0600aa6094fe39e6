"""``palermo import-recommendations`` and ``export-recommendations``."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from palermo.monitoring.models import Recommendation
from tests.monitoring.recommendation_helpers import recommendation
from tests.monitoring.test_csv_formats import GOOD_ROW, UPR_INFO_HEADER

pytestmark = pytest.mark.django_db


def test_export_then_import_by_command(tmp_path: Path, lawyer, admin_b, capsys):
    recommendation(lawyer, external_id="e1")
    out = tmp_path / "recs.csv"
    call_command("export_recommendations", "--format", "uhri", "--output", str(out))
    assert out.read_text(encoding="utf-8").startswith("AnnotationId,")
    call_command("import_recommendations", str(out), "--format", "uhri", "--user",
                 admin_b.username)
    assert Recommendation.objects.filter(organisation=admin_b.organisation).count() == 1
    assert "Created 1" in capsys.readouterr().out


def test_a_bad_file_fails_with_its_rows_and_writes_nothing(tmp_path: Path, lawyer, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(UPR_INFO_HEADER + GOOD_ROW.replace("Accepted", "Maybe"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_recommendations", str(bad), "--format", "upr-info", "--user",
                     lawyer.username)
    assert "Row 2, Response: Unknown response" in capsys.readouterr().err
    assert not Recommendation.objects.exists()


def test_a_caseworker_cannot_import(tmp_path: Path, caseworker):
    good = tmp_path / "good.csv"
    good.write_text(UPR_INFO_HEADER + GOOD_ROW, encoding="utf-8")
    with pytest.raises(CommandError, match="no role"):
        call_command("import_recommendations", str(good), "--format", "upr-info", "--user",
                     caseworker.username)
    assert not Recommendation.objects.exists()
