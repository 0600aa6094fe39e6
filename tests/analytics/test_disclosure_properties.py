"""Disclosure control on random tables: nothing small is published, every relation with a
suppressed entry has at least two, margins are the true sums, and no suppressed entry can be
recovered from what is published (checked with a linear-programming audit).

The audit's criterion, asserted for every suppressed entry (cells and margins) of value v:
with only non-negativity assumed, the smallest value the published table allows is at most
v - 1 and the largest at least v + 1; and knowing that zeros are published (every suppressed
entry at least 1), the smallest and largest still differ (the value is never pinned).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.analytics.disclosure import (
    Series,
    SuppressedTable,
    Table,
    restrict,
    suppress,
    suppress_linked,
    suppress_series,
)
from palermo.analytics.disclosure_audit import intervals

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Counts as registries have them: many zeros and small counts, some large.
COUNT = st.one_of(st.integers(0, 4), st.integers(0, 4), st.integers(5, 60), st.just(0))


@st.composite
def tables(draw: st.DrawFn, max_side: int = 7) -> Table:
    rows = draw(st.integers(1, max_side))
    columns = draw(st.integers(1, max_side))
    cells = tuple(tuple(draw(COUNT) for _ in range(columns)) for _ in range(rows))
    return Table(rows=tuple(f"r{i}" for i in range(rows)),
                 columns=tuple(f"c{j}" for j in range(columns)), cells=cells)


THRESHOLD = st.integers(2, 11)


def _grid(table: Table) -> list[list[int]]:
    values = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    values.append([*table.column_totals, table.total])
    return values


def _shown(result: SuppressedTable) -> list[list[int | None]]:
    shown = [[*(c.value for c in row), total.value]
             for row, total in zip(result.cells, result.row_totals, strict=True)]
    shown.append([*(c.value for c in result.column_totals), result.total.value])
    return shown


def _relations(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """Every additive relation of the table with its margins, the relation's total last."""
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)]
    return lines + [[(i, j) for i in range(rows + 1)] for j in range(columns + 1)]


@SETTINGS
@given(tables(), THRESHOLD)
def test_nothing_below_the_threshold_is_published_except_zero(table: Table,
                                                              threshold: int) -> None:
    for row in _shown(suppress(table, threshold)):
        for value in row:
            assert value is None or value == 0 or value >= threshold


@SETTINGS
@given(tables(), THRESHOLD)
def test_published_cells_and_margins_are_the_true_values(table: Table, threshold: int) -> None:
    true = _grid(table)
    for i, row in enumerate(_shown(suppress(table, threshold))):
        for j, value in enumerate(row):
            assert value is None or value == true[i][j]
    assert [sum(row) for row in table.cells] == list(table.row_totals)


@SETTINGS
@given(tables(), THRESHOLD)
def test_zeros_are_published_and_small_counts_are_not(table: Table, threshold: int) -> None:
    true, shown = _grid(table), _shown(suppress(table, threshold))
    for i, row in enumerate(true):
        for j, value in enumerate(row):
            if value == 0:
                assert shown[i][j] == 0
            if 0 < value < threshold:
                assert shown[i][j] is None


@SETTINGS
@given(tables(), THRESHOLD)
def test_no_row_or_column_has_exactly_one_suppressed_entry(table: Table,
                                                           threshold: int) -> None:
    shown = _shown(suppress(table, threshold))
    for line in _relations(len(table.rows), len(table.columns)):
        hidden = sum(shown[i][j] is None for i, j in line)
        assert hidden != 1, line


@SETTINGS
@given(tables(), THRESHOLD)
def test_suppressed_entries_beside_a_published_total_add_up_to_the_threshold(
        table: Table, threshold: int) -> None:
    true, shown = _grid(table), _shown(suppress(table, threshold))
    for *parts, (ti, tj) in _relations(len(table.rows), len(table.columns)):
        if shown[ti][tj] is not None:
            hidden = sum(true[i][j] for i, j in parts if shown[i][j] is None)
            assert hidden == 0 or hidden >= threshold


@SETTINGS
@given(tables(max_side=6), THRESHOLD)
def test_no_suppressed_entry_can_be_recovered(table: Table, threshold: int) -> None:
    result = suppress(table, threshold)
    true = _grid(table)
    for interval in intervals(table, result):
        value = true[interval.row][interval.column]
        assert interval.low <= value - 1 + 1e-6, interval
        assert interval.high >= value + 1 - 1e-6, interval
    for interval in intervals(table, result, lower=1):
        assert interval.high - interval.low >= 1 - 1e-6, interval


@SETTINGS
@given(st.lists(COUNT, min_size=1, max_size=12), THRESHOLD)
def test_a_series_hides_enough_that_its_total_reveals_nothing(counts: list[int],
                                                               threshold: int) -> None:
    series = Series(labels=tuple(f"k{i}" for i in range(len(counts))), counts=tuple(counts))
    result = suppress_series(series, threshold)
    hidden = [count for count, cell in zip(counts, result.cells, strict=True) if cell.suppressed]
    assert len(hidden) + result.total.suppressed != 1
    for count, cell in zip(counts, result.cells, strict=True):
        assert cell.suppressed or cell.value == count
        assert not cell.suppressed or count > 0
        assert cell.suppressed or count == 0 or count >= threshold
    if result.total.suppressed:
        assert 0 < series.total
    else:
        assert result.total.value == series.total
        # The hidden counts add up to the threshold at least, so each could be any value up to
        # the threshold as far as anyone reading the series can tell.
        assert sum(hidden) == 0 or sum(hidden) >= threshold


@SETTINGS
@given(tables(), THRESHOLD, st.data())
def test_a_table_cut_to_some_columns_shows_true_totals_and_nothing_small(
        table: Table, threshold: int, data: st.DataObject) -> None:
    keep = sorted(data.draw(st.sets(st.integers(0, len(table.columns) - 1), min_size=1)))
    cut = restrict(suppress(table, threshold), keep)
    assert cut.columns == tuple(table.columns[j] for j in keep)
    for row, cells, total in zip(table.cells, cut.cells, cut.row_totals, strict=True):
        assert [c.value for c in cells] == [
            None if c.suppressed else row[j]
            for j, c in zip(keep, cells, strict=True)]
        true = sum(row[j] for j in keep)
        assert total.suppressed or total.value == true
        assert total.value is None or total.value == 0 or total.value >= threshold
    true_total = sum(table.column_totals[j] for j in keep)
    assert cut.total.suppressed or cut.total.value == true_total
    assert cut.total.value is None or cut.total.value == 0 or cut.total.value >= threshold


@SETTINGS
@given(tables(), THRESHOLD)
def test_cut_to_every_column_a_table_is_unchanged(table: Table, threshold: int) -> None:
    published = suppress(table, threshold)
    assert restrict(published, range(len(table.columns))) == published


@st.composite
def linked_tables(draw: st.DrawFn) -> list[Table]:
    """Two or three tables of the same records by the same columns, broken down differently:
    each column total split at random among each table's rows."""
    columns = draw(st.integers(1, 5))
    totals = [draw(st.one_of(st.integers(0, 12), st.integers(0, 80))) for _ in range(columns)]
    tables = []
    for t in range(draw(st.integers(2, 3))):
        rows = draw(st.integers(1, 5))
        grid = [[0] * columns for _ in range(rows)]
        for j, total in enumerate(totals):
            for _ in range(total):
                grid[draw(st.integers(0, rows - 1))][j] += 1
        tables.append(Table(rows=tuple(f"t{t}r{i}" for i in range(rows)),
                            columns=tuple(f"c{j}" for j in range(columns)),
                            cells=tuple(tuple(row) for row in grid)))
    return tables


@SETTINGS
@given(linked_tables(), THRESHOLD)
def test_linked_tables_hide_the_same_totals_and_each_is_protected(
        tables: list[Table], threshold: int) -> None:
    results = suppress_linked(tables, threshold)
    states = {tuple(c.suppressed for c in (*r.column_totals, r.total)) for r in results}
    assert len(states) == 1
    for table, result in zip(tables, results, strict=True):
        true = _grid(table)
        for i, row in enumerate(_shown(result)):
            for j, value in enumerate(row):
                assert value is None or value == true[i][j]
                assert value is None or value == 0 or value >= threshold
        for interval in intervals(table, result, lower=1):
            assert interval.high - interval.low >= 1 - 1e-6, interval
