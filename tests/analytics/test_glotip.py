"""GLOTIP tables on the hand-counted registry (tests/analytics/conftest.py).

By hand: 2024 — identified: the six a1 cases with an identified-victim decision (men, Uzbek,
forced labour); presumed: the five b1 cases, undecided, opened 2024 (women of 24, Kyrgyz, sexual
exploitation). 2025 — presumed: two a1 cases and ten b2 cases by decision, six a2 cases and five
a3 cases undecided and opened 2025 (a2: men of 40, Tajik, forced labour and servitude — both
"Forced labour", so not mixed; a3: girls of 16, Russian, sexual exploitation); a4 was decided
"not a victim" and counts nowhere.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest

from palermo.analytics import export, glotip
from palermo.analytics.disclosure import Table
from palermo.analytics.disclosure_audit import intervals
from palermo.cases.models import Case, Person


def _values(table: Any) -> dict[tuple[str, str], int | None]:
    return {(r, c): cell.value for r, c, cell in table.entries()}


@pytest.mark.django_db
def test_victims_of_2025_match_the_hand_count(registry: Any) -> None:
    identified, presumed = glotip.tables(2025, threshold=1)
    assert identified.by_sex_age.total.value == 0
    assert [c.value for c in presumed.by_sex_age.column_totals] == [10, 8, 5, 0, 0]
    forms = _values(presumed.by_form)
    assert forms[("Forced labour", "men")] == 8
    assert forms[("Sexual exploitation", "women")] == 10
    assert forms[("Sexual exploitation", "girls")] == 5
    assert forms[(glotip.MIXED, "men")] == 0
    citizenship = _values(presumed.by_citizenship)
    assert citizenship[("KGZ", "women")] == 10
    assert citizenship[("RUS", "girls")] == 5
    assert citizenship[("TJK", "men")] == 6
    assert citizenship[("UZB", "men")] == 2
    assert presumed.by_citizenship.total.value == 23


@pytest.mark.django_db
def test_victims_of_2024_match_the_hand_count(registry: Any) -> None:
    identified, presumed = glotip.tables(2024, threshold=1)
    assert _values(identified.by_form)[("Forced labour", "men")] == 6
    assert identified.by_sex_age.total.value == 6
    assert _values(presumed.by_citizenship)[("KGZ", "women")] == 5
    assert presumed.by_sex_age.total.value == 5


@pytest.mark.django_db
def test_a_person_in_two_cases_of_a_year_is_counted_once_under_mixed(
        org_a: Any, caseworker: Any) -> None:
    person = Person.objects.create(organisation=org_a, code="P-G-1", gender="Feminine",
                                   birth_year=2012)
    for n, forms in enumerate((["SexualExploitation"], ["ForcedLabour"])):
        case = Case.objects.create(organisation=org_a, code=f"C-G-{n}", case_type="Trafficking",
                                   exploitation=forms, opened_on=datetime.date(2025, 1, 2),
                                   trafficking_status="ActualVictimOfTrafficking",
                                   created_by=caseworker)
        case.persons.set([person])
    identified, _presumed = glotip.tables(2025, threshold=1)
    assert identified.by_sex_age.total.value == 1
    assert _values(identified.by_form)[(glotip.MIXED, "girls")] == 1
    assert _values(identified.by_citizenship)[(glotip.UNKNOWN, "girls")] == 1


@pytest.mark.django_db
def test_no_suppressed_cell_can_be_recovered_from_the_totals(registry: Any) -> None:
    for status in glotip.tables(2025, threshold=5):
        for published in (status.by_form, status.by_citizenship):
            for row in published.cells:
                for cell in row:
                    assert cell.value is None or cell.value == 0 or cell.value >= 5
            raw = Table(rows=published.rows, columns=published.columns,
                        cells=tuple(tuple(_true(status, published, i, j)
                                          for j in range(len(published.columns)))
                                    for i in range(len(published.rows))))
            for interval in intervals(raw, published, lower=1):
                assert interval.high - interval.low >= 1


def _true(status: Any, published: Any, i: int, j: int) -> int:
    """The true count behind cell (i, j), from the unsuppressed tables."""
    exact = {t.status: t for t in glotip.tables(2025, threshold=1)}[status.status]
    table = exact.by_form if published.rows == status.by_form.rows else exact.by_citizenship
    value = table.cells[i][j].value
    assert value is not None
    return value


@pytest.mark.django_db
def test_the_long_csv_has_unodc_columns_and_less_than_five(registry: Any) -> None:
    out = io.StringIO()
    rows = export.write_glotip_csv(out, export.glotip_tables(2025, 5), "RU")
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(lines[0]) == glotip.HEADER
    assert len(lines) == rows + 1
    body = [dict(zip(glotip.HEADER, line, strict=True)) for line in lines[1:]]
    assert {line["Iso3_code"] for line in body} == {"RUS"}
    assert {line["Country"] for line in body} == {"Russia"}
    values = {line["txtVALUE"] for line in body}
    assert "<5" in values
    assert all(v == "<5" or int(v) == 0 or int(v) >= 5 for v in values)
    total = [line for line in body if line["Indicator"] == "Presumed trafficking victims"
             and line["Dimension"] == "Total" and line["Sex"] == "Total"]
    assert [line["txtVALUE"] for line in total] == ["23"]
    exact = io.StringIO()
    export.write_glotip_csv(exact, export.glotip_tables(2025, 1), "RU")
    exact_lines = list(csv.reader(io.StringIO(exact.getvalue())))[1:]
    assert len(exact_lines) == len(lines) - 1
    for shown, true in zip(lines[1:], exact_lines, strict=True):
        assert shown[:11] == true[:11]
        assert shown[11] in ("<5", true[11])
    kyrgyz = [line for line in exact_lines if line[6] == "Kyrgyzstan"
              and line[7] == "Female" and line[8] == "Adult"]
    assert [line[11] for line in kyrgyz] == ["10"]
