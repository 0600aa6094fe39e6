"""What the result page shows besides the estimate: list sizes and the overlap matrix through
disclosure control (a count from 1 to threshold - 1 is printed ``<threshold``), and the
sensitivity of the estimate to the method and its options (profile intervals only, for speed)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from palermo.analytics.disclosure import Cell, Marker, render
from palermo.estimation.bic import default_max_order
from palermo.estimation.estimate import EstimationError, estimate_population
from palermo.estimation.histories import CaptureTable

THRESHOLDS = (0.001, 0.005, 0.01, 0.02, 0.05)
#: BIC's exhaustive search grows fast with the order: beyond 4 lists the sensitivity table
#: stops at pairs (order 2), which keeps it to seconds (docs/estimation.md, "In the app").
SENSITIVITY_BIC_ORDER_CAP = 2


def disclosed(value: int, threshold: int) -> str:
    """A count as published: zeros and counts from the threshold up as they are, else ``<t``."""
    cell = Cell(value if value == 0 or value >= threshold else None, threshold)
    return render(cell, Marker.LESS_THAN)


@dataclass(frozen=True)
class OverlapRow:
    name: str
    size: str
    cells: list[str]  # "" on the diagonal


def overlaps(table: CaptureTable, threshold: int) -> list[OverlapRow]:
    """Each list's size and the people it shares with every other list, disclosed."""
    sizes = table.list_sizes()
    rows = []
    for i, name in enumerate(table.lists):
        cells = ["" if i == j else disclosed(table.overlap(i, j), threshold)
                 for j in range(table.n_lists)]
        rows.append(OverlapRow(name, disclosed(sizes[name], threshold), cells))
    return rows


def pair_overlaps(table: CaptureTable, threshold: int) -> dict[str, str]:
    """``{"A:B": "<5", ...}`` for the API."""
    return {f"{table.lists[i]}:{table.lists[j]}": disclosed(table.overlap(i, j), threshold)
            for i, j in combinations(range(table.n_lists), 2)}


@dataclass(frozen=True)
class SensitivityRow:
    method: str
    threshold: float | None
    max_order: int | None
    estimate: float | None
    ci: list[float] | None
    model: list[str]
    note: str


def _row(table: CaptureTable, method: str, threshold: float | None,
         max_order: int | None) -> SensitivityRow:
    try:
        result = estimate_population(table, method=method, threshold=threshold or 0.02,
                                     max_order=max_order, ci="profile")
    except EstimationError as exc:
        return SensitivityRow(method, threshold, max_order, None, None, [], str(exc))
    note = "" if result["estimate"] is not None else "; ".join(
        w for w in result["warnings"] if w.startswith("no estimate"))
    return SensitivityRow(method, threshold, max_order, result["estimate"], result["ci"],
                          result["model"], note)


def bic_orders(n_lists: int) -> list[int]:
    top = n_lists - 1 if n_lists <= 4 else min(SENSITIVITY_BIC_ORDER_CAP,
                                               default_max_order(n_lists))
    return list(range(1, max(top, 1) + 1))


def sensitivity(table: CaptureTable) -> list[SensitivityRow]:
    """Every method: main effects once, stepwise at each threshold, BIC at each max order."""
    rows = [_row(table, "main-effects", None, None)]
    rows += [_row(table, "stepwise", threshold, None) for threshold in THRESHOLDS]
    rows += [_row(table, "bic", None, order) for order in bic_orders(table.n_lists)]
    return rows
