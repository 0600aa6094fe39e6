"""The CTDC export from the registry: columns, the HTCDS mapping, k-anonymity, the audit row."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest

from palermo.analytics import ctdc, export
from palermo.analytics.ctdc_anonymise import MISSING, QUASI_IDENTIFIERS, combination_of
from palermo.analytics.ctdc_columns import COLUMNS, VictimRecord, age_bin, derive
from palermo.core.models import AuditEvent


def test_a_victim_in_ctdc_columns() -> None:
    row = derive(VictimRecord(
        year=2024, gender="Feminine", birth_year=2008, age_when_trafficked=15,
        exploitation_started=2023, citizenships=["UZ", "KG"],
        means=["DebtBondage", "ThreatensChildrenFamily"],
        exploitation=["ForcedLabour", "SexualExploitation"], industry="F_Construction",
        sex_exploitation=["Prostitution"], relationship="Familial",
        exploitation_country="RU", abduction=True))
    assert list(row) == list(COLUMNS)
    assert (row["gender"], row["ageBroad"], row["majorityStatus"]) == ("Female", "9--17", "Minor")
    assert row["majorityStatusAtExploit"] == "Minor" and row["majorityEntry"] == "Minor"
    assert row["citizenship"] == "KG" and row["CountryOfExploitation"] == "RU"
    assert row["meansOfControlDebtBondage"] == 1 and row["meansOfControlUsesChildren"] == 1
    assert row["meansOfControlThreats"] == 0 and row["meansOfControlRestrictsMovement"] == MISSING
    assert row["meansOfControlNotSpecified"] == 0
    assert row["meansOfControlConcatenated"] == "DebtBondage;UsesChildren"
    assert row["isForcedLabour"] == 1 and row["isSexualExploit"] == 1
    assert row["isSexAndLabour"] == 1 and row["isOrganRemoval"] == 0
    assert row["typeOfLabourConstruction"] == 1 and row["typeOfLabourOther"] == 0
    assert row["typeOfLabourNotSpecified"] == 0
    assert row["typeOfSexProstitution"] == 1 and row["typeOfSexPornography"] == 0
    assert row["isAbduction"] == 1
    assert row["RecruiterRelationship"] == "Family" and row["recruiterRelationFamily"] == 1


def test_nothing_recorded_is_minus_99() -> None:
    row = derive(VictimRecord(year=2024))
    for column in ("gender", "ageBroad", "majorityStatus", "citizenship",
                   "CountryOfExploitation", "meansOfControlDebtBondage", "isForcedLabour",
                   "typeOfLabourConstruction", "typeOfSexProstitution", "isAbduction",
                   "meansOfControlConcatenated", "typeOfExploitConcatenated"):
        assert row[column] == MISSING, column
    assert row["meansOfControlNotSpecified"] == 1
    assert row["RecruiterRelationship"] == "Unknown" and row["recruiterRelationUnknown"] == 1


def test_age_bins() -> None:
    assert [age_bin(a) for a in (0, 8, 9, 17, 18, 29, 30, 47, 48, 90)] == [
        "0--8", "0--8", "9--17", "9--17", "18--20", "27--29", "30--38", "39--47", "48+", "48+"]
    assert age_bin(None) == age_bin(-1) == age_bin(130) == MISSING


@pytest.mark.django_db
def test_the_export_of_the_registry_is_k_anonymous_and_audited(registry: Any,
                                                                analyst: Any) -> None:
    out = io.StringIO()
    report = export.write_ctdc(out, 5, analyst)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert report.rows_in == ctdc.victim_count() == 36
    assert report.rows_out == len(rows)
    assert all(n >= 5 for n in Counter(combination_of(r) for r in rows).values())
    assert {r["Datasource"] for r in rows} == {"Case Management"}
    event = AuditEvent.objects.get(object_type="analytics.Ctdc")
    assert event.action == "export"
    assert event.detail == {"export": "ctdc", "k": 5, "rows_in": 36,
                            "rows_out": report.rows_out, "rows_suppressed": report.suppressed}


@pytest.mark.django_db
def test_with_k_one_every_victim_is_published_as_recorded(registry: Any) -> None:
    out = io.StringIO()
    report = ctdc.export(out, 1)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert report.suppressed == 0 and report.values_not_generalised == 1.0
    kyrgyz = [r for r in rows if r["citizenship"] == "KG"]
    assert len(kyrgyz) == 15
    assert {(r["gender"], r["yearOfRegistration"]) for r in kyrgyz} == {
        ("Female", "2024"), ("Female", "2025")}
    assert {r["ageBroad"] for r in kyrgyz} == {"24--26"}
    assert Counter(r[QUASI_IDENTIFIERS[0]] for r in rows) == {"2024": 13, "2025": 23}
