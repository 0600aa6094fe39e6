"""k-anonymity for the CTDC microdata export: generalisation first, suppression last.

Pure Python (no Django): ``anonymise(rows, k)`` takes rows as dicts of CTDC columns and returns
the rows that may be published with a report of what was generalised, what was suppressed and
how much information was lost. docs/statistics.md ("CTDC microdata") explains it for users.

The quasi-identifiers (columns someone could know about a person from elsewhere) are
``QUASI_IDENTIFIERS``. Each has a hierarchy of levels, level 0 being the value as recorded and
the last ``-99`` (missing) for every row:

- ``yearOfRegistration``: the year → its five-year period ("2020--2024") → -99;
- ``gender``, ``ageBroad`` and the three majority columns: the value → -99 (an age band is
  dropped before the majority status, which keeps adult/minor);
- ``citizenship`` and ``CountryOfExploitation``: the ISO-2 code → "Other" for codes held by
  fewer than ``max(k, 1 %)`` of the rows (the frequent codes stay) → -99.

The search is greedy over whole columns (full-domain generalisation): while the rows in
equivalence classes (rows sharing every quasi-identifier) smaller than k are more than
``max_suppressed`` of all rows, the one column step that leaves the fewest such rows is taken
(ties go to the column earlier in ``QUASI_IDENTIFIERS``). It works on the counts of distinct
combinations, not on rows, so a million rows cost one pass to count and one to write. Then every
row still in a class smaller than k is suppressed: every published combination of
quasi-identifiers occurs at least k times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MISSING = "-99"
DEFAULT_K = 11
#: Share of rows that may be suppressed before another column is generalised.
DEFAULT_MAX_SUPPRESSED = 0.02
#: "Other": a country code held by too few rows, at level 1 of citizenship and country.
OTHER = "Other"
#: A country code is kept at level 1 when held by at least this share of rows (and k rows).
FREQUENT_SHARE = 0.01

QUASI_IDENTIFIERS: tuple[str, ...] = (
    "yearOfRegistration", "gender", "ageBroad", "majorityStatus", "majorityStatusAtExploit",
    "majorityEntry", "citizenship", "CountryOfExploitation",
)
COUNTRY_COLUMNS = ("citizenship", "CountryOfExploitation")

Combination = tuple[str, ...]


def period(year: str) -> str:
    """The five-year period of a year ("2023" → "2020--2024"); -99 stays -99."""
    if not year.isdigit():
        return year
    start = int(year) - int(year) % 5
    return f"{start}--{start + 4}"


def _level_functions(column: str, frequent: frozenset[str]) -> list[Callable[[str], str]]:
    """The hierarchy of one column: a function per level after level 0."""
    def missing(_value: str) -> str:
        return MISSING

    if column == "yearOfRegistration":
        return [period, missing]
    if column in COUNTRY_COLUMNS:
        return [lambda v: v if v in frequent or v == MISSING else OTHER, missing]
    return [missing]


@dataclass(frozen=True)
class Hierarchy:
    """The generalisation levels of every quasi-identifier, given the data (which country codes
    are frequent)."""

    levels: dict[str, list[Callable[[str], str]]]

    @classmethod
    def for_counts(cls, counts: Mapping[Combination, int], k: int) -> Hierarchy:
        total = sum(counts.values())
        floor = max(k, FREQUENT_SHARE * total)
        levels = {}
        for index, column in enumerate(QUASI_IDENTIFIERS):
            held: Counter[str] = Counter()
            for combination, n in counts.items():
                held[combination[index]] += n
            frequent = frozenset(v for v, n in held.items() if n >= floor)
            levels[column] = _level_functions(column, frequent)
        return cls(levels)

    def depth(self, column: str) -> int:
        return len(self.levels[column])

    def apply(self, combination: Combination, chosen: Sequence[int]) -> Combination:
        return tuple(value if level == 0 else self.levels[column][level - 1](value)
                     for column, value, level in zip(QUASI_IDENTIFIERS, combination, chosen,
                                                     strict=True))


def _generalise(counts: Mapping[Combination, int], hierarchy: Hierarchy,
                chosen: Sequence[int]) -> Counter[Combination]:
    found: Counter[Combination] = Counter()
    for combination, n in counts.items():
        found[hierarchy.apply(combination, chosen)] += n
    return found


def _at_risk(classes: Mapping[Combination, int], k: int) -> int:
    return sum(n for n in classes.values() if n < k)


@dataclass
class Report:
    """What the anonymisation did: for the export's report file and the audit row (counts only,
    never a value)."""

    k: int
    rows_in: int
    rows_out: int
    #: Level reached by each quasi-identifier (0 = as recorded) and its name.
    levels: dict[str, int] = field(default_factory=dict)
    level_names: dict[str, str] = field(default_factory=dict)
    #: Quasi-identifier values changed by generalisation, in published rows, by column.
    generalised: dict[str, int] = field(default_factory=dict)
    classes: int = 0
    smallest_class: int = 0
    columns: int = 0

    @property
    def suppressed(self) -> int:
        return self.rows_in - self.rows_out

    @property
    def cells_kept(self) -> float:
        """Share of the input's cells that are published (suppressed rows lose all theirs)."""
        return self.rows_out / self.rows_in if self.rows_in else 1.0

    @property
    def values_not_generalised(self) -> float:
        """Share of the quasi-identifier values of published rows left as recorded."""
        values = self.rows_out * len(QUASI_IDENTIFIERS)
        return 1 - sum(self.generalised.values()) / values if values else 1.0

    @property
    def values_kept(self) -> float:
        """Share of all the input's quasi-identifier values published as recorded: the two
        measures together (a suppressed row keeps none)."""
        values = self.rows_in * len(QUASI_IDENTIFIERS)
        kept = self.rows_out * len(QUASI_IDENTIFIERS) - sum(self.generalised.values())
        return kept / values if values else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k, "rows_in": self.rows_in, "rows_out": self.rows_out,
            "rows_suppressed": self.suppressed, "quasi_identifiers": list(QUASI_IDENTIFIERS),
            "levels": self.levels, "level_names": self.level_names,
            "values_generalised": self.generalised, "classes": self.classes,
            "smallest_class": self.smallest_class,
            "share_of_cells_not_suppressed": round(self.cells_kept, 6),
            "share_of_values_not_generalised": round(self.values_not_generalised, 6),
            "share_of_values_kept": round(self.values_kept, 6),
        }

    def as_text(self) -> str:
        lines = [f"k = {self.k}: {self.rows_out:,} of {self.rows_in:,} rows published, "
                 f"{self.suppressed:,} suppressed, {self.classes:,} classes "
                 f"(smallest {self.smallest_class:,})"]
        for column in QUASI_IDENTIFIERS:
            lines.append(f"  {column}: {self.level_names.get(column, 'as recorded')}, "
                         f"{self.generalised.get(column, 0):,} values generalised")
        lines.append(f"share of cells not suppressed {self.cells_kept:.4f}, of values not "
                     f"generalised {self.values_not_generalised:.4f}, of values kept "
                     f"{self.values_kept:.4f}")
        return "\n".join(lines)


LEVEL_NAMES = {
    "yearOfRegistration": ("as recorded", "five-year period", "-99"),
    "citizenship": ("as recorded", "rare codes as Other", "-99"),
    "CountryOfExploitation": ("as recorded", "rare codes as Other", "-99"),
}


def _level_name(column: str, level: int) -> str:
    return LEVEL_NAMES.get(column, ("as recorded", "-99"))[level]


@dataclass
class Plan:
    """The levels chosen for a set of rows, ready to apply row by row."""

    hierarchy: Hierarchy
    chosen: list[int]
    #: Published combinations (after generalisation) with their sizes; only classes of k and
    #: more are published.
    classes: Counter[Combination]
    k: int

    def publish(self, combination: Combination) -> Combination | None:
        """The generalised combination of a row, or None if the row is suppressed."""
        general = self.hierarchy.apply(combination, self.chosen)
        return general if self.classes[general] >= self.k else None


def plan(counts: Mapping[Combination, int], k: int = DEFAULT_K, *,
         max_suppressed: float = DEFAULT_MAX_SUPPRESSED, generalise: bool = True) -> Plan:
    """Choose the levels for rows whose quasi-identifier combinations have these counts.
    ``generalise=False``: plain suppression of every row in a class smaller than k."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0 <= max_suppressed <= 1:
        raise ValueError("max_suppressed is a share between 0 and 1")
    hierarchy = Hierarchy.for_counts(counts, k)
    chosen = [0] * len(QUASI_IDENTIFIERS)
    classes = _generalise(counts, hierarchy, chosen)
    budget = max_suppressed * sum(counts.values())
    while generalise and _at_risk(classes, k) > budget:
        best: tuple[int, int, Counter[Combination]] | None = None
        for index, column in enumerate(QUASI_IDENTIFIERS):
            if chosen[index] >= hierarchy.depth(column):
                continue
            trial = chosen.copy()
            trial[index] += 1
            found = _generalise(counts, hierarchy, trial)
            risk = _at_risk(found, k)
            if best is None or risk < best[0]:
                best = (risk, index, found)
        if best is None:
            break
        _risk, index, classes = best
        chosen[index] += 1
    return Plan(hierarchy, chosen, classes, k)


def combination_of(row: Mapping[str, Any]) -> Combination:
    return tuple(str(row[column]) for column in QUASI_IDENTIFIERS)


def anonymise(rows: Iterable[Mapping[str, Any]], k: int = DEFAULT_K, *,
              max_suppressed: float = DEFAULT_MAX_SUPPRESSED,
              generalise: bool = True) -> tuple[list[dict[str, Any]], Report]:
    """The rows that may be published (quasi-identifiers generalised, small classes suppressed)
    and the report. For rows already in memory; ``Anonymiser`` streams them."""
    rows = list(rows)
    anonymiser = Anonymiser(Counter(combination_of(r) for r in rows), k,
                            max_suppressed=max_suppressed, generalise=generalise)
    return list(anonymiser.publish(rows)), anonymiser.report


class Anonymiser:
    """Plan from the counts of combinations, then publish rows as they come (one pass)."""

    def __init__(self, counts: Mapping[Combination, int], k: int = DEFAULT_K, *,
                 max_suppressed: float = DEFAULT_MAX_SUPPRESSED, generalise: bool = True):
        self.plan = plan(counts, k, max_suppressed=max_suppressed, generalise=generalise)
        published = {c: n for c, n in self.plan.classes.items() if n >= k}
        self.report = Report(
            k=k, rows_in=sum(counts.values()), rows_out=sum(published.values()),
            levels=dict(zip(QUASI_IDENTIFIERS, self.plan.chosen, strict=True)),
            level_names={c: _level_name(c, level)
                         for c, level in zip(QUASI_IDENTIFIERS, self.plan.chosen, strict=True)},
            classes=len(published), smallest_class=min(published.values(), default=0))
        generalised: Counter[str] = Counter()
        for combination, n in counts.items():
            general = self.plan.publish(combination)
            if general is None:
                continue
            for column, before, after in zip(QUASI_IDENTIFIERS, combination, general,
                                             strict=True):
                if before != after:
                    generalised[column] += n
        self.report.generalised = {c: generalised[c] for c in QUASI_IDENTIFIERS}

    def publish(self, rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            general = self.plan.publish(combination_of(row))
            if general is not None:
                yield {**row, **dict(zip(QUASI_IDENTIFIERS, general, strict=True))}
