"""Shared by the estimation tests: the reference data sets typed from stats-linkage.md §1."""

from __future__ import annotations

from pathlib import Path

from palermo.estimation.histories import CaptureTable, read_histories
from palermo.estimation.loglinear import Terms

DATA = Path(__file__).parent / "data"


def table(name: str) -> CaptureTable:
    return read_histories(DATA / f"{name}.csv")


def terms(table: CaptureTable, *names: str) -> Terms:
    """Bit-mask terms from names like "A:E" (in canonical order)."""
    from palermo.estimation.loglinear import canonical

    masks = []
    for name in names:
        masks.append(sum(1 << table.lists.index(part) for part in name.split(":")))
    return canonical(masks)
