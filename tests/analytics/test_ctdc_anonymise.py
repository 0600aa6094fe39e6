"""k-anonymity of the CTDC export: the property over random registries of plain records, the
hierarchy, the report and the comparison with plain suppression."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palermo.analytics.ctdc_anonymise import (
    MISSING,
    OTHER,
    QUASI_IDENTIFIERS,
    anonymise,
    combination_of,
    period,
)
from palermo.analytics.ctdc_columns import VictimRecord, derive, quasi_identifiers

records = st.builds(
    VictimRecord,
    year=st.integers(2015, 2025),
    gender=st.sampled_from(["Feminine", "Masculine", "NonConforming", ""]),
    birth_year=st.one_of(st.none(), st.integers(1960, 2015)),
    age_when_trafficked=st.one_of(st.none(), st.integers(5, 60)),
    exploitation_started=st.one_of(st.none(), st.integers(2010, 2025)),
    citizenships=st.lists(st.sampled_from(["RU", "UZ", "TJ", "KG", "VN", "NG"]), max_size=2),
    exploitation=st.lists(st.sampled_from(["ForcedLabour", "SexualExploitation", "Other"]),
                          max_size=2),
    exploitation_country=st.sampled_from(["", "RU", "AE", "TR"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(records, max_size=150), st.integers(2, 15),
       st.sampled_from([0.0, 0.02, 0.3]))
def test_every_published_combination_occurs_at_least_k_times(
        victims: list[VictimRecord], k: int, max_suppressed: float) -> None:
    rows = [derive(v) for v in victims]
    assert [combination_of(r) for r in rows] == [quasi_identifiers(v) for v in victims]
    published, report = anonymise(rows, k, max_suppressed=max_suppressed)
    classes = Counter(combination_of(row) for row in published)
    assert all(n >= k for n in classes.values())
    assert report.rows_out == len(published)
    assert report.rows_in == len(rows)
    assert report.smallest_class == min(classes.values(), default=0)
    # Columns other than the quasi-identifiers are published as derived.
    kept = Counter(tuple(v for c, v in r.items() if c not in QUASI_IDENTIFIERS)
                   for r in published)
    assert not kept - Counter(tuple(v for c, v in r.items() if c not in QUASI_IDENTIFIERS)
                              for r in rows)


@settings(max_examples=40, deadline=None)
@given(st.lists(records, max_size=150), st.integers(2, 15))
def test_generalisation_keeps_at_least_as_many_rows_as_plain_suppression(
        victims: list[VictimRecord], k: int) -> None:
    rows = [derive(v) for v in victims]
    _published, generalised = anonymise(rows, k, max_suppressed=0.0)
    plain_rows, plain = anonymise(rows, k, generalise=False)
    assert generalised.rows_out >= plain.rows_out
    assert plain.values_not_generalised == 1.0
    assert all(n >= k for n in Counter(combination_of(r) for r in plain_rows).values())


def _row(**values: Any) -> dict[str, Any]:
    base = {c: MISSING for c in QUASI_IDENTIFIERS}
    return {**base, **values, "isForcedLabour": 1}


def test_a_registry_of_k_alike_rows_is_published_whole() -> None:
    rows = [_row(yearOfRegistration=2024, gender="Female", citizenship="UZ")] * 11
    published, report = anonymise(rows, 11)
    assert published == [{**r, "yearOfRegistration": "2024"} for r in rows]
    assert report.suppressed == 0
    assert report.values_not_generalised == 1.0
    assert report.cells_kept == 1.0


def test_years_are_generalised_to_periods_before_rows_are_suppressed() -> None:
    rows = ([_row(yearOfRegistration=2021, gender="Female")] * 6
            + [_row(yearOfRegistration=2023, gender="Female")] * 6)
    published, report = anonymise(rows, 11, max_suppressed=0.0)
    assert {r["yearOfRegistration"] for r in published} == {"2020--2024"}
    assert report.levels["yearOfRegistration"] == 1
    assert report.level_names["yearOfRegistration"] == "five-year period"
    assert report.generalised["yearOfRegistration"] == 12
    assert report.suppressed == 0
    assert report.values_not_generalised == pytest.approx(1 - 12 / (12 * 8))


def test_rare_countries_become_other_and_lone_rows_are_suppressed_last() -> None:
    rows = ([_row(citizenship="UZ")] * 200 + [_row(citizenship="VN")] * 5
            + [_row(citizenship="NG")] * 6 + [_row(gender="Male", yearOfRegistration=2019)])
    published, report = anonymise(rows, 11)  # may suppress 2 % of the rows
    assert Counter(r["citizenship"] for r in published) == {"UZ": 200, OTHER: 11}
    assert report.level_names["citizenship"] == "rare codes as Other"
    assert report.suppressed == 1
    # Without a suppression budget the lone row (citizenship unknown) forces -99 on everyone.
    published, report = anonymise(rows, 11, max_suppressed=0.0)
    assert {r["citizenship"] for r in published} == {MISSING}
    assert report.suppressed == 0
    assert all(n >= 11 for n in Counter(combination_of(r) for r in published).values())


def test_too_few_rows_are_all_suppressed() -> None:
    published, report = anonymise([_row()] * 3, 11)
    assert published == []
    assert report.suppressed == 3
    assert report.cells_kept == 0.0
    assert report.as_dict()["rows_suppressed"] == 3
    assert "3 suppressed" in report.as_text()


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="k must"):
        anonymise([], 0)
    with pytest.raises(ValueError, match="share"):
        anonymise([], 11, max_suppressed=2)


def test_period() -> None:
    assert period("2023") == "2020--2024"
    assert period("2025") == "2025--2029"
    assert period(MISSING) == MISSING
