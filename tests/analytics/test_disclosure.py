"""Disclosure control on hand-made tables: which cells are hidden and why, zeros, margins, the
one-way series, rendering, bad input, and that the module runs without Django."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from palermo.analytics.disclosure import (
    DASH,
    Cell,
    Marker,
    Series,
    Table,
    render,
    suppress,
    suppress_series,
)
from palermo.analytics.disclosure_audit import intervals


def _shown(table: Table, threshold: int = 5) -> list[list[int | None]]:
    result = suppress(table, threshold)
    rows = [[*(c.value for c in row), total.value]
            for row, total in zip(result.cells, result.row_totals, strict=True)]
    rows.append([*(c.value for c in result.column_totals), result.total.value])
    return rows


def _table(*rows: tuple[int, ...]) -> Table:
    return Table(rows=tuple(f"r{i}" for i in range(len(rows))),
                 columns=tuple(f"c{j}" for j in range(len(rows[0]))), cells=tuple(rows))


def test_a_table_without_small_counts_is_published_whole() -> None:
    assert _shown(_table((10, 0, 7), (5, 6, 0))) == [[10, 0, 7, 17], [5, 6, 0, 11],
                                                   [15, 6, 7, 28]]


def test_a_small_cell_takes_the_smallest_cells_of_its_row_and_column_with_it() -> None:
    # 2 is small: its row's smallest other cell (20) and its column's (9) are hidden; then row
    # 1 and column 2 each hold one hidden cell, and 11 closes the rectangle.
    table = _table((2, 40, 20), (9, 30, 11), (50, 60, 70))
    N = None
    assert _shown(table) == [[N, 40, N, 62], [N, 30, N, 50], [50, 60, 70, 180],
                             [61, 130, 101, 292]]


def test_zeros_are_published_and_never_hidden_to_protect_a_cell() -> None:
    shown = _shown(_table((3, 0, 50), (0, 0, 8), (7, 0, 9)))
    assert shown[0][1] == 0 and shown[1][0] == 0 and shown[1][1] == 0 and shown[3][1] == 0
    assert shown[0][0] is None


def test_a_small_margin_is_hidden_and_protected_like_a_cell() -> None:
    # Row 0 adds up to 3: the row total is small, so it is hidden, and the column totals must
    # not give it away either.
    shown = _shown(_table((1, 2), (40, 50), (60, 70)))
    assert shown[0] == [None, None, None]
    assert all(value is None or value >= 5 for row in shown for value in row)


def test_an_all_small_table_hides_everything_but_zeros() -> None:
    assert _shown(_table((1, 0), (0, 2))) == [[None, 0, None], [0, None, None],
                                              [None, None, None]]


def test_with_a_threshold_of_one_nothing_is_hidden() -> None:
    assert _shown(_table((1, 2), (3, 4)), threshold=1) == [[1, 2, 3], [3, 4, 7], [4, 6, 10]]


def test_hidden_cells_that_would_add_up_to_a_small_number_take_one_more() -> None:
    # Two 1s in a published row of 102: hiding just them would tell that they add up to 2.
    result = suppress_series(Series(labels=("a", "b", "c"), counts=(1, 1, 100)))
    assert [c.value for c in result.cells] == [None, None, None]
    assert result.total.value == 102
    assert (result.primary, result.secondary) == (2, 1)


def test_ones_that_add_up_to_the_threshold_do_not_pin_each_other() -> None:
    # Five 1s beside a published total of 5 would each be exactly 1 for anyone who knows that
    # zeros are shown: the total is hidden too.
    result = suppress_series(Series(labels=tuple("abcde"), counts=(1, 1, 1, 1, 1)))
    assert all(c.suppressed for c in result.cells) and result.total.suppressed


def test_the_audit_finds_a_range_for_every_hidden_cell() -> None:
    table = _table((1, 8, 20), (9, 30, 2), (40, 7, 6))
    found = intervals(table, suppress(table))
    assert found
    grid = [[*row, sum(row)] for row in table.cells]
    grid.append([*table.column_totals, table.total])
    for interval in found:
        value = grid[interval.row][interval.column]
        assert interval.low <= value - 1 and interval.high >= value + 1


def test_the_audit_catches_a_table_that_protects_nothing() -> None:
    table = _table((1, 8), (9, 30))
    naive = suppress(table, threshold=1)  # nothing hidden: nothing to audit
    assert intervals(table, naive) == []
    result = suppress(table)
    object.__setattr__(result, "cells", ((Cell(None), Cell(8)), (Cell(9), Cell(30))))
    object.__setattr__(result, "row_totals", (Cell(9), Cell(39)))
    object.__setattr__(result, "column_totals", (Cell(10), Cell(38)))
    object.__setattr__(result, "total", Cell(48))
    (pinned,) = intervals(table, result)
    assert pinned.low == pinned.high == 1


def test_margins_published_are_the_true_sums() -> None:
    table = _table((12, 3, 40), (0, 25, 6))
    result = suppress(table)
    for cell, true in zip(result.row_totals, table.row_totals, strict=True):
        assert cell.suppressed or cell.value == true
    for cell, true in zip(result.column_totals, table.column_totals, strict=True):
        assert cell.suppressed or cell.value == true
    assert result.total.value == 86


def test_from_counts_fills_zeros_adds_repeats_and_keeps_order_and_keys() -> None:
    table = Table.from_counts([("F", 2024, 3), ("M", 2025, 7), ("F", 2024, 2)],
                              rows=[("M", "Male"), ("F", "Female")],
                              columns=[(2024, "2024"), (2025, "2025")])
    assert table.cells == ((0, 7), (5, 0))
    assert table.rows == ("Male", "Female") and table.row_keys == ("M", "F")
    assert table.column_keys == ("2024", "2025")
    assert Table.from_counts({("M", 2024): 1}, rows=[("M", "Male")],
                             columns=[(2024, "2024")]).cells == ((1,),)


def test_from_counts_refuses_a_count_under_an_unlisted_category() -> None:
    with pytest.raises(ValueError, match="unlisted"):
        Table.from_counts([("X", 2024, 3)], rows=[("M", "Male")], columns=[(2024, "2024")])


@pytest.mark.parametrize("cells", [((1, 2), (3,)), ((-1, 2),), ((1.5, 2),), ((True, 2),)])
def test_a_table_refuses_ragged_rows_and_non_counts(cells: tuple[tuple[int, ...], ...]) -> None:
    with pytest.raises(ValueError):
        Table(rows=tuple(f"r{i}" for i in range(len(cells))), columns=("a", "b"), cells=cells)


def test_a_threshold_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress(_table((1,)), threshold=0)


def test_an_empty_table_is_published_as_zero() -> None:
    result = suppress(Table(rows=(), columns=("a",), cells=()))
    assert result.total.value == 0 and result.column_totals[0].value == 0


def test_series_from_counts_and_its_entries() -> None:
    series = Series.from_counts({"RU": 12, "UZ": 3}, [("RU", "Russia"), ("UZ", "Uzbekistan"),
                                                      ("TJ", "Tajikistan")])
    assert series.counts == (12, 3, 0) and series.keys == ("RU", "UZ", "TJ")
    result = suppress_series(series)
    assert [c.value for c in result.cells] == [None, None, 0]
    assert result.total.value == 15
    assert [label for label, _cell in result.items()] == ["Russia", "Uzbekistan", "Tajikistan"]


def test_entries_list_every_cell_with_its_keys() -> None:
    table = Table.from_counts({("a", "x"): 7, ("b", "y"): 1}, rows=[("a", "A"), ("b", "B")],
                              columns=[("x", "X"), ("y", "Y")])
    entries = list(suppress(table).entries())
    assert [(r, c) for r, c, _cell in entries] == [("a", "x"), ("a", "y"), ("b", "x"),
                                                    ("b", "y")]


def test_every_output_prints_a_suppressed_cell_the_same_way() -> None:
    assert render(Cell(None, 5)) == DASH == "–"
    assert render(Cell(None, 5), Marker.LESS_THAN) == "<5"
    assert render(Cell(None, 11), Marker.LESS_THAN) == "<11"
    assert render(Cell(0)) == "0" and render(Cell(1234)) == "1234"
    assert str(Cell(None)) == "–"


def test_the_module_runs_without_django(tmp_path) -> None:
    probe = ("import sys; from palermo.analytics import disclosure;"
             "t = disclosure.Table(rows=('a',), columns=('b',), cells=((3,),));"
             "disclosure.suppress(t, 5);"
             "print([m for m in sys.modules if m.split('.')[0] == 'django'])")
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
             "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.stdout.strip() == "[]"
