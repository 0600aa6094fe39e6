"""Every table of the dashboards counts what it says: the registry of conftest.py counted by
hand, across all organisations (nothing hidden at threshold 1) and for one organisation."""

from __future__ import annotations

import datetime

import pytest

from palermo.accounts.models import User
from palermo.analytics import summary
from palermo.analytics.access import Scope
from palermo.analytics.dashboard import LINKED, RARE, Dashboard, Filters, build
from palermo.analytics.disclosure import SuppressedTable
from palermo.analytics.summary import age_band, combination
from palermo.cases.models import Case

PERIOD = Filters(year_from=2024, year_to=2025)

#: table -> {category key: [2024, 2025]}, every organisation; categories not listed are 0.
EXPECTED: dict[str, dict[str, list[int]]] = {
    "case-types": {"Trafficking": [5, 15], "ForcedLabour": [8, 6], "Other": [0, 1]},
    "sex": {"Masculine": [8, 7], "Feminine": [5, 16]},
    "age": {"12-17": [0, 5], "18-24": [5, 0], "25-34": [8, 12], "35-49": [0, 6]},
    "citizenship": {"UZ": [8, 0], "TJ": [0, 6], "RU": [0, 5], "RU+UZ": [0, 1], "": [0, 1],
                    "KG": [5, 10]},
    "exploitation": {"ForcedLabour": [8, 0], "ForcedLabour+Servitude": [0, 6],
                     "SexualExploitation": [5, 15], "Other": [0, 1]},
    "industries": {"F_Construction": [8, 6], "": [5, 16]},
    "regions": {"Moscow": [8, 6], "Moscow Oblast": [0, 5], "Kazan": [5, 10], "": [0, 1]},
    "decisions": {"PossibleVictimOfTrafficking": [0, 12], "ActualVictimOfTrafficking": [6, 0],
                  "NotAVictimOfTrafficking": [0, 1]},
    "referrals": {"completed": [0, 3], "declined": [0, 2]},
    "assistance": {"shelter": [0, 6], "medical": [0, 1]},
    "funnel": {"registered": [5, 12], "identified": [8, 10]},
}
#: The same for organisation A alone.
EXPECTED_A: dict[str, dict[str, list[int]]] = {
    "case-types": {"Trafficking": [0, 5], "ForcedLabour": [8, 6], "Other": [0, 1]},
    "sex": {"Masculine": [8, 7], "Feminine": [0, 6]},
    "citizenship": {"UZ": [8, 0], "TJ": [0, 6], "RU": [0, 5], "RU+UZ": [0, 1], "": [0, 1]},
    "funnel": {"registered": [0, 12], "identified": [8, 0]},
}


def _table(dashboard: Dashboard, slug: str) -> SuppressedTable:
    breakdown = dashboard.get(slug)
    assert breakdown is not None
    return breakdown.table


def _values(dashboard_table) -> dict[str, list[int | None]]:
    return {key: [c.value for c in cells]
            for key, (_label, cells, _total) in zip(dashboard_table.row_keys,
                                                    dashboard_table.rows_with_totals(),
                                                    strict=True)}


def _check(table, expected: dict[str, list[int]]) -> None:
    found = _values(table)
    for key, values in found.items():
        assert values == expected.get(key, [0, 0]), key
    assert set(expected) <= set(found)
    totals = {key: total.value for key, total in zip(table.row_keys, table.row_totals,
                                                     strict=True)}
    for key, cells in expected.items():
        assert totals[key] == sum(cells), key
    assert [c.value for c in table.column_totals] == [
        sum(cells[0] for cells in expected.values()), sum(cells[1] for cells in expected.values())]
    assert table.total.value == sum(sum(cells) for cells in expected.values())


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_counts_across_organisations_match_the_hand_count(registry, analyst: User,
                                                           slug: str) -> None:
    summary.refresh()
    dashboard = build(analyst, Scope.ALL, PERIOD, threshold=1)
    breakdown = dashboard.get(slug)
    assert breakdown is not None and [int(y) for y in breakdown.table.columns] == [2024, 2025]
    _check(breakdown.table, EXPECTED[slug])


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(EXPECTED_A))
def test_an_organisation_counts_its_own_cases(registry, caseworker: User, slug: str) -> None:
    summary.refresh()
    dashboard = build(caseworker, Scope.OWN, PERIOD, threshold=5)
    breakdown = dashboard.get(slug)
    assert breakdown is not None
    _check(breakdown.table, EXPECTED_A[slug])
    assert dashboard.threshold is None


@pytest.mark.django_db
def test_totals_are_35_cases_and_36_victims(registry, analyst: User) -> None:
    summary.refresh()
    dashboard = build(analyst, Scope.ALL, PERIOD, threshold=5)
    assert _table(dashboard, "case-types").total.value == 35
    assert _table(dashboard, "sex").total.value == 36


@pytest.mark.django_db
def test_filters_by_organisation_region_and_period(registry, analyst: User, org_b) -> None:
    summary.refresh()
    by_org = build(analyst, Scope.ALL, Filters(organisation=org_b.pk, year_from=2024,
                                               year_to=2025), threshold=1)
    assert _table(by_org, "case-types").total.value == 15
    by_region = build(analyst, Scope.ALL, Filters(region="Moscow", year_from=2024, year_to=2025),
                      threshold=1)
    assert [c.value for c in _table(by_region, "case-types").column_totals] == [8, 6]
    one_year = build(analyst, Scope.ALL, Filters(year_from=2025, year_to=2025), threshold=1)
    table = _table(one_year, "sex")
    assert table.columns == ("2025",) and table.total.value == 23


@pytest.mark.django_db
def test_without_a_period_every_year_with_records_is_shown_up_to_this_year(
        registry, analyst: User) -> None:
    from django.utils import timezone

    summary.refresh()
    dashboard = build(analyst, Scope.ALL, Filters(), threshold=5)
    assert dashboard.years == list(range(2024, timezone.localdate().year + 1))
    assert (dashboard.first_year, dashboard.last_year) == (2024, 2025)


@pytest.mark.parametrize(("age", "band"), [(None, ""), (-1, ""), (0, "0-11"), (11, "0-11"),
                                           (12, "12-17"), (17, "12-17"), (18, "18-24"),
                                           (34, "25-34"), (49, "35-49"), (50, "50+"),
                                           (99, "50+"), (121, "")])
def test_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize(("raw", "key"), [("", ""), (None, ""), (",A,", "A"), (",B,A,", "A+B"),
                                          (["B", "A"], "A+B"), ("UZ,RU", "RU+UZ"),
                                          ("RU", "RU")])
def test_several_codes_are_one_category(raw: str | None, key: str) -> None:
    assert combination(raw) == key


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["", "Moscow Oblast", "Kazan"])
def test_tables_of_the_same_records_hide_the_same_totals_and_alone_show_the_same(
        registry, analyst: User, org_a, region: str) -> None:
    summary.refresh()
    filters = Filters(year_from=2024, year_to=2025, organisation=org_a.pk, region=region)
    dashboard = build(analyst, Scope.ALL, filters, threshold=5)
    for group in LINKED:
        states = {tuple(c.suppressed for c in (*_table(dashboard, s).column_totals,
                                               _table(dashboard, s).total)) for s in group}
        assert len(states) == 1, group
        for slug in group:
            alone = build(analyst, Scope.ALL, filters, threshold=5, slugs=[slug])
            assert _table(alone, slug) == _table(dashboard, slug)


@pytest.mark.django_db
def test_rare_categories_are_gathered_for_aggregates_and_shown_to_their_organisation(
        registry, analyst: User, outsider: User, org_b) -> None:
    for code, country in enumerate(("FR", "DE")):
        case = Case.objects.create(organisation=org_b, code=f"C-R-{code}", case_type="Other",
                                   opened_on=datetime.date(2025, 9, 1))
        case.persons.create(organisation=org_b, code=f"P-R-{code}", citizenships=country)
    summary.refresh()
    table = _table(build(analyst, Scope.ALL, PERIOD, threshold=5), "citizenship")
    assert "FR" not in table.row_keys and "DE" not in table.row_keys
    assert "RU+UZ" not in table.row_keys
    assert table.row_keys[-2:] == (RARE, "")  # the rare ones, then "not recorded"
    assert table.rows[-2] == "Others, each with fewer records than can be shown"
    own = _table(build(outsider, Scope.OWN, PERIOD, threshold=5), "citizenship")
    assert {"FR", "DE", "KG"} <= set(own.row_keys)
    assert RARE not in own.row_keys


@pytest.mark.django_db
def test_the_funnel_counts_each_case_at_the_furthest_stage_of_proceedings_against_perpetrators(
        registry, analyst: User) -> None:
    from palermo.justice.models import Investigation, ProceedingAgainstPerson, Prosecution

    a1 = registry["a1"]
    for case in a1[:4]:
        Investigation.objects.create(case=case, agency="Police", articles=["127.1-1"],
                                     opened_on=datetime.date(2024, 7, 1))
    for case, verdict in ((a1[0], "convicted"), (a1[1], "pending"), (a1[2], "acquitted")):
        Prosecution.objects.create(case=case, charges=["127.1-1"], court="District court",
                                   filed_on=datetime.date(2024, 9, 1), verdict=verdict)
    # A proceeding against the person (an offence they were compelled to commit) is not a step
    # towards convicting a perpetrator.
    a3 = registry["a3"][0]
    ProceedingAgainstPerson.objects.create(case=a3, person=a3.persons.get(),
                                           offence_category="compelled",
                                           opened_on=datetime.date(2025, 5, 1))
    summary.refresh()
    table = _table(build(analyst, Scope.ALL, PERIOD, threshold=1), "funnel")
    assert table.row_keys == ("registered", "identified", "investigated", "prosecuted",
                              "convicted")
    assert {key: [c.value for c in cells] for key, (_l, cells, _t)
            in zip(table.row_keys, table.rows_with_totals(), strict=True)} == {
        "registered": [5, 12], "identified": [4, 10], "investigated": [1, 0],
        "prosecuted": [2, 0], "convicted": [1, 0]}
