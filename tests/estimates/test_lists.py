"""Lists built from the registry, against the hand counts of conftest.py."""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping

import pytest

from palermo.cases.models import Person
from palermo.estimates.lists import Basis, Grouping, ListSpec, build_table
from palermo.estimation.histories import HistoryFileError

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
A, B, COORD = "Organisation A", "Organisation B", "Coordination body"


def _spec(grouping: str = Grouping.ORGANISATION, basis: str = Basis.OPENED) -> ListSpec:
    return ListSpec(grouping, basis, *YEAR)


def test_each_person_counts_once_per_list(estimate_registry: dict[str, Person]) -> None:
    table = build_table(_spec())
    assert set(table.lists) == {A, B, COORD}
    assert table.list_sizes() == {A: 9, B: 5, COORD: 3}
    assert table.observed == 15
    index = {name: i for i, name in enumerate(table.lists)}
    assert table.overlap(index[A], index[B]) == 1
    assert table.overlap(index[A], index[COORD]) == 1
    assert table.overlap(index[B], index[COORD]) == 0


def test_lists_per_organisation_type(estimate_registry: dict[str, Person]) -> None:
    table = build_table(_spec(Grouping.ORG_TYPE))
    assert table.list_sizes() == {
        "Non-governmental organisation": 9, "Shelter": 5, "National coordination body": 3}


def test_a_case_outside_the_period_is_not_counted(estimate_registry: dict[str, Person]) -> None:
    spec = ListSpec(Grouping.ORGANISATION, Basis.OPENED, datetime.date(2024, 1, 1),
                    datetime.date(2024, 12, 31))
    with pytest.raises(HistoryFileError, match="fewer than 2 usable lists"):
        build_table(spec)


def test_identified_basis_counts_victims_with_a_decision_in_the_period(
        estimate_registry: dict[str, Person]) -> None:
    with pytest.raises(HistoryFileError, match="fewer than 2 usable lists"):
        build_table(_spec(basis=Basis.IDENTIFIED))  # two people, both on A's list only


def test_a_person_identity_mapping_merges_matched_persons(
        estimate_registry: dict[str, Person]) -> None:
    x, y = estimate_registry["x"].pk, estimate_registry["y"].pk

    def linked(ids: Iterable[int]) -> Mapping[int, Hashable]:
        return {pk: ("cluster", x) if pk in (x, y) else pk for pk in ids}

    table = build_table(_spec(), identity=linked)
    assert table.observed == 14
    assert table.list_sizes() == {A: 8, B: 5, COORD: 3}
    index = {name: i for i, name in enumerate(table.lists)}
    assert table.overlap(index[B], index[COORD]) == 1


def test_the_demo_saves_one_estimate_over_the_registry(
        estimate_registry: dict[str, Person], analyst: object) -> None:
    from palermo.estimates import demo
    from palermo.estimates.models import SavedEstimate

    assert demo.ensure() is True
    assert demo.ensure() is False
    saved = SavedEstimate.objects.get()
    assert saved.source == "registry" and saved.built_from["grouping"] == "organisation"
    assert saved.result["observed"] == 16  # Z's 2024 case is in the demo's whole period
