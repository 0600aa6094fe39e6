"""Two-way tables of counts from querysets, counted in the database, for ``disclosure``."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.expressions import Combinable

from palermo.analytics.disclosure import Table

Category = tuple[Hashable, str]


def crosstab(queryset: QuerySet[Any], row: str | Combinable, column: str | Combinable, *,
             rows: Sequence[Category], columns: Sequence[Category], count: str = "pk",
             distinct: bool = False, other_row: Hashable | None = None,
             other_column: Hashable | None = None) -> Table:
    """Count ``queryset`` by ``row`` and ``column`` (field paths or expressions) in one GROUP BY.

    ``rows`` and ``columns`` list every category in order as (key, label). A value not listed
    is counted under ``other_row`` / ``other_column`` when given (a code no longer in use, an
    empty field), and raises ValueError when not: a category dropped silently would make the
    totals lie. ``count`` and ``distinct`` say what is counted (e.g. persons through a join).
    """
    row_keys = {key for key, _label in rows}
    column_keys = {key for key, _label in columns}

    def place(value: Any, known: set[Hashable], other: Hashable | None) -> Hashable:
        if value in known or other is None:
            return value
        return other

    grouped = (queryset.order_by()
               .values(_row=F(row) if isinstance(row, str) else row,
                       _column=F(column) if isinstance(column, str) else column)
               .annotate(_n=Count(count, distinct=distinct))
               .values_list("_row", "_column", "_n"))
    counts = [(place(r, row_keys, other_row), place(c, column_keys, other_column), n)
              for r, c, n in grouped]
    return Table.from_counts(counts, rows=rows, columns=columns)
