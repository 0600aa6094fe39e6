"""Disclosure control: the one module every aggregate output of palermo goes through.

Small counts are suppressed (primary suppression), and further cells are hidden (secondary
suppression) so that no suppressed count can be worked out from what is published. Pure Python:
nothing here imports Django, so exports, the CLI and the web pages share it. The threshold is a
parameter; the web app passes ``settings.PALERMO_MIN_CELL``.

The rules (docs/statistics.md, "Disclosure control", explains them for users):

- A count ``0 < n < threshold`` is suppressed. Zeros are published: "nobody" is not a small
  number of people, and hiding zeros would make every sparse table unreadable.
- Margins (row totals, column totals, the grand total) are computed from the true values and
  published unless they are small themselves; suppression is always computed as if every margin
  were public, so an output may leave margins out without weakening the protection.
- Secondary suppression works on the table with its margins (an ``(r+1) x (c+1)`` array in
  which every row and column is an additive relation). To a fixed point:

  1. every relation with exactly one suppressed entry gets another: the smallest non-zero
     published entry that is not the relation's own total, else its total;
  2. every relation whose total is published and whose suppressed entries add up to less than the
     threshold gets another in the same way (their sum would be a small count itself);
  3. no suppressed entry is pinned down by what is published, even for someone who knows that
     suppressed entries are at least 1 (zeros being published): an entry that is gets closed
     into a cycle of four suppressed entries along which it can move, the cheapest such cycle,
     preferring cells to margins and margins to the grand total.

  What this guarantees: changing suppressed entries by +1 and -1 alternately around a cycle
  keeps every published relation true, so every suppressed entry of value v can be anything
  from v - 1 to v + 1 as far as the published table tells (rule 3 puts it on a cycle), and,
  for someone who also knows it is at least 1, still more than one value.
  ``disclosure_audit.intervals`` computes what an attacker can learn, by linear programming;
  the tests assert both bounds.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

#: The default threshold: counts below it (and above zero) are never published.
DEFAULT_THRESHOLD = 5


class Marker(StrEnum):
    """How an output prints a suppressed cell. Every suppressed cell of one output is printed
    the same way, whether it was small or hidden to protect a small one: telling them apart would
    tell an attacker which hidden cells are small."""

    #: "–": palermo's pages and CSV downloads (with a legend).
    DASH = "dash"
    #: "<5" (the threshold): UNODC's GLOTIP layout, which prints suppressed values so.
    LESS_THAN = "less_than"


DASH = "–"
#: Costs of hiding a margin or the grand total when closing a cycle (rule 3): above any count.
MARGIN_COST = 10**15
TOTAL_COST = 10**18


@dataclass(frozen=True, slots=True)
class Cell:
    """One published figure: its value, or None when it is suppressed."""

    value: int | None
    threshold: int = DEFAULT_THRESHOLD

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return render(self)


def render(cell: Cell, marker: Marker = Marker.DASH) -> str:
    """The text of a cell in a table or CSV file: the number, or the marker if suppressed.

    Every output prints cells through this function, so a suppressed cell looks the same
    everywhere an output uses the same marker."""
    if cell.value is None:
        return f"<{cell.threshold}" if marker == Marker.LESS_THAN else DASH
    return str(cell.value)


@dataclass(frozen=True)
class Table:
    """A two-way table of counts: row labels, column labels and a count per cell.

    ``row_keys`` and ``column_keys`` are the codes behind the labels (for the API and machine
    formats); they default to the labels.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    row_keys: tuple[str, ...] = ()
    column_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.cells) != len(self.rows):
            raise ValueError(f"{len(self.rows)} row labels for {len(self.cells)} rows")
        for row in self.cells:
            if len(row) != len(self.columns):
                raise ValueError(f"{len(self.columns)} column labels for a row of {len(row)}")
            for value in row:
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"a count must be a whole number of at least 0: {value!r}")
        if not self.row_keys:
            object.__setattr__(self, "row_keys", self.rows)
        if not self.column_keys:
            object.__setattr__(self, "column_keys", self.columns)
        if len(self.row_keys) != len(self.rows) or len(self.column_keys) != len(self.columns):
            raise ValueError("one key per label")

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[tuple[Any, Any], int] | Iterable[tuple[Any, Any, int]],
        *,
        rows: Sequence[tuple[Hashable, str]],
        columns: Sequence[tuple[Hashable, str]],
    ) -> Table:
        """A table from counts keyed by (row key, column key), e.g. the rows of a GROUP BY.

        ``rows`` and ``columns`` give every category in order as (key, label); categories with
        no count are zeros, and counts under a key not listed raise ValueError (a category
        silently dropped would make the totals lie). Repeated keys add up."""
        items = counts.items() if isinstance(counts, Mapping) else (
            ((r, c), n) for r, c, n in counts)
        row_index = {key: i for i, (key, _label) in enumerate(rows)}
        column_index = {key: j for j, (key, _label) in enumerate(columns)}
        grid = [[0] * len(columns) for _ in rows]
        for (row, column), n in items:
            if row not in row_index or column not in column_index:
                raise ValueError(f"a count under an unlisted category: {(row, column)!r}")
            grid[row_index[row]][column_index[column]] += n
        return cls(rows=tuple(label for _key, label in rows),
                   columns=tuple(label for _key, label in columns),
                   cells=tuple(tuple(r) for r in grid),
                   row_keys=tuple(str(key) for key, _label in rows),
                   column_keys=tuple(str(key) for key, _label in columns))

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(row) for row in self.cells)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(row[j] for row in self.cells) for j in range(len(self.columns)))

    @property
    def total(self) -> int:
        return sum(self.row_totals)


@dataclass(frozen=True)
class Series:
    """A one-way table: a count per category, published with its total."""

    labels: tuple[str, ...]
    counts: tuple[int, ...]
    keys: tuple[str, ...] = ()

    @classmethod
    def from_counts(cls, counts: Mapping[Any, int],
                    categories: Sequence[tuple[Hashable, str]]) -> Series:
        """A series from counts keyed by category (``categories`` as in ``Table.from_counts``)."""
        table = Table.from_counts({(key, ""): n for key, n in counts.items()},
                                  rows=categories, columns=[("", "")])
        return cls(labels=table.rows, counts=tuple(row[0] for row in table.cells),
                   keys=table.row_keys)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def as_table(self) -> Table:
        """The series as a one-row table: its column totals are the counts themselves, and its
        row total the series' total, so the table's relations are exactly the series' one."""
        return Table(rows=("",), columns=self.labels, cells=(self.counts,),
                     column_keys=self.keys or self.labels)


@dataclass(frozen=True)
class SuppressedTable:
    """A table as it may be published: cells and margins, each a value or suppressed."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    row_keys: tuple[str, ...]
    column_keys: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell
    threshold: int
    #: How many entries (cells and margins) were small, and how many more were hidden to
    #: protect them: for reports on how much a table lost, never for printing beside the cells.
    primary: int = 0
    secondary: int = 0

    @property
    def suppressed(self) -> int:
        return self.primary + self.secondary

    def rows_with_totals(self) -> Iterator[tuple[str, tuple[Cell, ...], Cell]]:
        """(row label, cells, row total) for each row."""
        yield from zip(self.rows, self.cells, self.row_totals, strict=True)

    def entries(self) -> Iterator[tuple[str, str, Cell]]:
        """(row key, column key, cell) for every interior cell: the long format."""
        for key, row in zip(self.row_keys, self.cells, strict=True):
            for column, cell in zip(self.column_keys, row, strict=True):
                yield key, column, cell


@dataclass(frozen=True)
class SuppressedSeries:
    labels: tuple[str, ...]
    keys: tuple[str, ...]
    cells: tuple[Cell, ...]
    total: Cell
    threshold: int
    primary: int = 0
    secondary: int = 0

    def items(self) -> Iterator[tuple[str, Cell]]:
        yield from zip(self.labels, self.cells, strict=True)


# --- The suppression itself -------------------------------------------------------------------


@dataclass
class _Grid:
    """The table with its margins as one (r+1) x (c+1) array: row r holds the column totals,
    column c the row totals, (r, c) the grand total. Row i of the array is the relation
    "cells of row i add up to entry (i, c)", column j likewise with entry (r, j)."""

    values: list[list[int]]
    threshold: int
    hidden: list[list[bool]] = field(init=False)
    small: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.hidden = [[0 < v < self.threshold for v in row] for row in self.values]
        self.small = sum(sum(row) for row in self.hidden)

    @property
    def last_row(self) -> int:
        return len(self.values) - 1

    @property
    def last_column(self) -> int:
        return len(self.values[0]) - 1

    def lines(self) -> Iterator[list[tuple[int, int]]]:
        """Every relation as its entries, the relation's own total last."""
        r, c = self.last_row, self.last_column
        for i in range(r + 1):
            yield [(i, j) for j in range(c + 1)]
        for j in range(c + 1):
            yield [(i, j) for i in range(r + 1)]

    def _hide_another(self, line: list[tuple[int, int]]) -> bool:
        """Hide the smallest non-zero published entry of ``line``, its total last."""
        *parts, total = line
        candidates = [(self.values[i][j], (i, j)) for i, j in parts
                      if not self.hidden[i][j] and self.values[i][j] > 0]
        if candidates:
            _value, (i, j) = min(candidates)
        elif not self.hidden[total[0]][total[1]] and self.values[total[0]][total[1]] > 0:
            i, j = total
        else:
            return False
        self.hidden[i][j] = True
        return True

    def _lines_rules(self) -> bool:
        """Rules 1 and 2 of the module docstring, one pass; True when something changed."""
        changed = False
        for line in self.lines():
            hidden = [(i, j) for i, j in line if self.hidden[i][j]]
            if len(hidden) == 1:
                changed |= self._hide_another(line)
                continue
            *parts, (ti, tj) = line
            if not self.hidden[ti][tj]:
                hidden_sum = sum(self.values[i][j] for i, j in parts if self.hidden[i][j])
                if 0 < hidden_sum < self.threshold:
                    changed |= self._hide_another(line)
        return changed

    def _sign(self, i: int, j: int) -> int:
        """+1 for a cell and the grand total, -1 for a row or column total: with margins
        negated, every relation of the array reads "entries add up to zero"."""
        return -1 if (i == self.last_row) != (j == self.last_column) else 1

    def _may_move(self, i: int, j: int, up: bool) -> bool:
        """Whether entry (i, j), signed, may move one step up (or down) in the attacker's
        linear programme where every hidden entry is at least 1 (zeros are published)."""
        decreases = (self._sign(i, j) > 0) != up
        return not decreases or self.values[i][j] >= 2

    def _pinned(self) -> list[tuple[int, int]]:
        """Hidden entries whose value the published table pins down, even for an attacker who
        knows that hidden entries are at least 1.

        Moving a hidden entry keeps every relation true only along a cycle of hidden entries
        whose signed changes alternate (+1 leaving a row, -1 leaving a column); an entry may
        take part in a step down only if it is at least 2. An entry at row a, column b can
        rise when a path leads from column b back to row a, and fall when one leads from row a
        to column b: a search per entry in the graph of allowed steps."""
        r, c = self.last_row, self.last_column
        entries = [(i, j) for i in range(r + 1) for j in range(c + 1) if self.hidden[i][j]]
        arcs: list[list[tuple[int, int]]] = [[] for _ in range(r + c + 2)]
        for k, (i, j) in enumerate(entries):
            if self._may_move(i, j, up=True):
                arcs[i].append((r + 1 + j, k))
            if self._may_move(i, j, up=False):
                arcs[r + 1 + j].append((i, k))

        def reaches(start: int, goal: int, avoid: int) -> bool:
            seen, todo = {start}, [start]
            while todo:
                vertex = todo.pop()
                for other, k in arcs[vertex]:
                    if k == avoid or other in seen:
                        continue
                    if other == goal:
                        return True
                    seen.add(other)
                    todo.append(other)
            return False

        pinned = []
        for k, (i, j) in enumerate(entries):
            up = self._may_move(i, j, up=True) and reaches(r + 1 + j, i, k)
            if not up and not (self._may_move(i, j, up=False) and reaches(i, r + 1 + j, k)):
                pinned.append((i, j))
        return pinned

    def _cost(self, i: int, j: int) -> int:
        """What hiding entry (i, j) costs: nothing when it is hidden already, else its value,
        with every margin dearer than any cell and the grand total dearer than any margin."""
        if self.hidden[i][j]:
            return 0
        tier = (i == self.last_row) + (j == self.last_column)
        return (0, MARGIN_COST, TOTAL_COST)[tier] + self.values[i][j]

    def _close_cycle(self, entry: tuple[int, int]) -> bool:
        """Hide the cheapest entries that close ``entry`` into a four-entry cycle along which it
        can move (its two neighbours step the other way, the opposite corner its way)."""
        i, j = entry
        r, c = self.last_row, self.last_column
        best: tuple[int, int, int] | None = None
        for up in (True, False):
            if not self._may_move(i, j, up):
                continue
            for other_row in range(r + 1):
                if (other_row == i or self.values[other_row][j] == 0
                        or not self._may_move(other_row, j, not up)):
                    continue
                for other_column in range(c + 1):
                    if (other_column == j or self.values[i][other_column] == 0
                            or self.values[other_row][other_column] == 0
                            or not self._may_move(i, other_column, not up)
                            or not self._may_move(other_row, other_column, up)):
                        continue
                    cost = (self._cost(other_row, j) + self._cost(i, other_column)
                            + self._cost(other_row, other_column))
                    if best is None or cost < best[0]:
                        best = (cost, other_row, other_column)
        if best is None:  # cannot happen for a hidden entry: see docs/statistics.md
            raise AssertionError(f"no cycle closes entry {entry}")
        _cost, other_row, other_column = best
        changed = False
        for a, b in ((other_row, j), (i, other_column), (other_row, other_column)):
            changed |= not self.hidden[a][b]
            self.hidden[a][b] = True
        return changed

    def run(self) -> None:
        while True:
            while self._lines_rules():
                pass
            pinned = self._pinned()
            if not pinned:
                return
            self._close_cycle(pinned[0])


def suppress(table: Table, threshold: int = DEFAULT_THRESHOLD, *,
             hide_columns: Iterable[int] = (), hide_total: bool = False) -> SuppressedTable:
    """The table as it may be published under ``threshold`` (see the module docstring).

    ``hide_columns`` (column indices) and ``hide_total``: margins to hide from the start, and
    protect like the rest, because another table sharing them hides them (``suppress_linked``).
    """
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    row_totals, column_totals = table.row_totals, table.column_totals
    values = [[*row, total] for row, total in zip(table.cells, row_totals, strict=True)]
    values.append([*column_totals, table.total])
    grid = _Grid(values, threshold)
    last = len(table.rows)
    for j in hide_columns:
        grid.hidden[last][j] = grid.hidden[last][j] or values[last][j] > 0
    if hide_total and table.total > 0:
        grid.hidden[last][len(table.columns)] = True
    grid.run()

    def cell(i: int, j: int) -> Cell:
        return Cell(None if grid.hidden[i][j] else values[i][j], threshold)

    r, c = len(table.rows), len(table.columns)
    hidden = sum(sum(row) for row in grid.hidden)
    return SuppressedTable(
        rows=table.rows, columns=table.columns, row_keys=table.row_keys,
        column_keys=table.column_keys,
        cells=tuple(tuple(cell(i, j) for j in range(c)) for i in range(r)),
        row_totals=tuple(cell(i, c) for i in range(r)),
        column_totals=tuple(cell(r, j) for j in range(c)),
        total=cell(r, c), threshold=threshold, primary=grid.small,
        secondary=hidden - grid.small,
    )


def suppress_linked(tables: Sequence[Table],
                    threshold: int = DEFAULT_THRESHOLD) -> list[SuppressedTable]:
    """Tables that share their columns and column totals (the same records by year, broken
    down in different ways), protected together: a column total or grand total hidden in one
    is hidden in all and protected in each, so no table publishes what another hides.

    Each table is suppressed; the totals any of them hides are hidden from the start in every
    table and the tables are suppressed again, until no table hides more (each round only adds
    to what is hidden, so this ends)."""
    if not tables:
        return []
    first = tables[0]
    for table in tables[1:]:
        if (table.column_keys != first.column_keys
                or table.column_totals != first.column_totals):
            raise ValueError("linked tables must share their columns and column totals")
    columns: set[int] = set()
    total = False
    while True:
        results = [suppress(t, threshold, hide_columns=columns, hide_total=total)
                   for t in tables]
        found = {j for r in results for j, cell in enumerate(r.column_totals)
                 if cell.suppressed}
        found_total = any(r.total.suppressed for r in results)
        if found == columns and found_total == total:
            return results
        columns, total = found, found_total


def suppress_series(series: Series, threshold: int = DEFAULT_THRESHOLD) -> SuppressedSeries:
    """A one-way table as it may be published with its total."""
    result = suppress(series.as_table(), threshold)
    # The one-row table repeats each count as its column total (and the total as the row
    # total): they are hidden together, so the repeats are not counted twice.
    cells = result.cells[0] if result.cells else ()
    primary = sum(1 for count in series.counts if 0 < count < threshold)
    primary += 0 < series.total < threshold
    hidden = sum(cell.suppressed for cell in cells) + result.total.suppressed
    return SuppressedSeries(labels=series.labels, keys=series.keys or series.labels,
                            cells=cells, total=result.total, threshold=threshold,
                            primary=primary, secondary=hidden - primary)


def publish_all(table: Table) -> SuppressedTable:
    """Every cell and margin as it is: for a reader who may open every record counted (an
    organisation's own cases), never for aggregates across organisations."""
    def cell(value: int) -> Cell:
        return Cell(value, 0)

    return SuppressedTable(
        rows=table.rows, columns=table.columns, row_keys=table.row_keys,
        column_keys=table.column_keys,
        cells=tuple(tuple(cell(v) for v in row) for row in table.cells),
        row_totals=tuple(cell(v) for v in table.row_totals),
        column_totals=tuple(cell(v) for v in table.column_totals),
        total=cell(table.total), threshold=0)


def _sum_of_kept(full: Cell, kept: Sequence[Cell], dropped: Sequence[Cell],
                 threshold: int) -> Cell:
    """The sum of ``kept`` as far as the published figures tell it: their sum if all are
    published, else ``full`` minus ``dropped`` if those are all published, else hidden."""
    if all(not c.suppressed for c in kept):
        return Cell(sum(c.value or 0 for c in kept), threshold)
    if not full.suppressed and all(not c.suppressed for c in dropped):
        return Cell((full.value or 0) - sum(c.value or 0 for c in dropped), threshold)
    return Cell(None, threshold)


def restrict(published: SuppressedTable, columns: Sequence[int]) -> SuppressedTable:
    """Only some columns of a published table (say, the years of a chosen period), with row
    totals and the grand total over those columns.

    The new totals are worked out from published figures only (a sum of published cells, or
    a published total minus published cells), and hidden otherwise, so a table cut to any
    columns reveals nothing that the whole published table does not. This is why a period
    filter cannot be used to uncover a hidden count by comparing two periods: protection is
    computed once, on the table of every year."""
    dropped = [j for j in range(len(published.columns)) if j not in set(columns)]
    threshold = published.threshold

    def pick(cells: Sequence[Cell], which: Sequence[int]) -> list[Cell]:
        return [cells[j] for j in which]

    return SuppressedTable(
        rows=published.rows,
        columns=tuple(published.columns[j] for j in columns),
        row_keys=published.row_keys,
        column_keys=tuple(published.column_keys[j] for j in columns),
        cells=tuple(tuple(pick(row, columns)) for row in published.cells),
        row_totals=tuple(_sum_of_kept(total, pick(row, columns), pick(row, dropped), threshold)
                         for row, total in zip(published.cells, published.row_totals,
                                               strict=True)),
        column_totals=tuple(pick(published.column_totals, columns)),
        total=_sum_of_kept(published.total, pick(published.column_totals, columns),
                           pick(published.column_totals, dropped), threshold),
        threshold=threshold, primary=published.primary, secondary=published.secondary,
    )
