"""The audit an attacker would run on a suppressed table: for every suppressed entry, the range
of values it can take given everything published (linear programming with scipy). The tests
assert with it what ``disclosure.suppress`` guarantees. Pure Python plus numpy/scipy: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.analytics.disclosure import SuppressedTable, Table


@dataclass(frozen=True)
class Interval:
    """The range a suppressed entry can take given everything published: ``low`` and ``high``
    are the minimum and maximum of the linear programme (non-negative values, every published
    relation holding)."""

    row: int  # len(rows) for a column total or the grand total
    column: int  # len(columns) for a row total or the grand total
    low: float
    high: float


def intervals(table: Table, published: SuppressedTable, *, lower: int = 0) -> list[Interval]:
    """For every suppressed entry (cells and margins), the smallest and largest value it can
    take given the published cells and margins: the audit an attacker would run. ``lower`` is
    the least value of a suppressed entry the attacker assumes (1 if they know that zeros are
    published). Needs scipy (imported here only)."""
    import numpy as np
    from scipy.optimize import linprog

    r, c = len(table.rows), len(table.columns)
    values = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    values.append([*table.column_totals, table.total])
    shown = [[*row, total] for row, total in zip(published.cells, published.row_totals,
                                                 strict=True)]
    shown.append([*published.column_totals, published.total])
    unknown = [(i, j) for i in range(r + 1) for j in range(c + 1) if shown[i][j].suppressed]
    if not unknown:
        return []
    index = {entry: k for k, entry in enumerate(unknown)}
    lines = [[(i, j) for j in range(c + 1)] for i in range(r + 1)]
    lines += [[(i, j) for i in range(r + 1)] for j in range(c + 1)]
    rows_a, rows_b = [], []
    for line in lines:
        *parts, total = line
        coefficients = np.zeros(len(unknown))
        constant = 0.0
        for entry, sign in [*((p, 1.0) for p in parts), (total, -1.0)]:
            i, j = entry
            if entry in index:
                coefficients[index[entry]] += sign
            else:
                constant -= sign * values[i][j]
        if coefficients.any():
            rows_a.append(coefficients)
            rows_b.append(constant)
    a_eq, b_eq = np.array(rows_a), np.array(rows_b)
    bounds = [(lower, None)] * len(unknown)
    found = []
    for k, (i, j) in enumerate(unknown):
        objective = np.zeros(len(unknown))
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if low.status != 0 or high.status not in (0, 3):
            raise ArithmeticError(f"the audit's linear programme failed: {low.message}")
        top = float("inf") if high.status == 3 else -float(high.fun)
        found.append(Interval(i, j, float(low.fun), top))
    return found
