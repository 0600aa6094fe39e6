"""From scored pairs to people: connected components after clerical review, and the capture
histories ``palermo estimate`` reads (one column per list plus ``count``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from palermo.linkage.core.records import PairKey, pair_key

RecordKey = tuple[str, str]
"""A record as (list name, record id)."""

BirthYear = tuple[str, str]
"""A record's birth year and the year after it, as comparable tokens (the years in clear, or
their keyed hashes in the encoded mode); ("", "") when unknown."""


def years_compatible(a: BirthYear, b: BirthYear) -> bool:
    """Whether two birth years are at most one apart (or either is unknown)."""
    if not a[0] or not b[0]:
        return True
    return a[0] == b[0] or a[1] == b[0] or b[1] == a[0]


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two records the model compared, and the probability that they are the same person."""

    left: RecordKey
    right: RecordKey
    probability: float

    @property
    def key(self) -> PairKey:
        return pair_key(self.left, self.right)


@dataclass(frozen=True, slots=True)
class ClusterRow:
    """One line of ``clusters.csv``: ``match_probability`` is None for a record alone."""

    list_name: str
    record_id: str
    cluster_id: int
    match_probability: float | None


@dataclass(frozen=True)
class Histories:
    """Capture histories: for each combination of lists (1 = on that list), how many people.

    Exactly the table ``palermo estimate`` reads; combinations nobody has are left out.
    """

    lists: tuple[str, ...]
    rows: tuple[tuple[tuple[int, ...], int], ...]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*self.lists, "count"])
        for history, count in self.rows:
            writer.writerow([*history, count])
        return out.getvalue()

    @property
    def people(self) -> int:
        return sum(count for _, count in self.rows)


@dataclass(frozen=True)
class Clusters:
    """Every record's cluster (one cluster = one person across the lists).

    ``rows`` follow the records' input order; cluster ids are numbered from 1 in the order their
    first record appears. ``match_probability`` is the highest probability among the links that
    joined the record to its cluster (a link a reviewer accepted counts as 1.0).
    """

    lists: tuple[str, ...]
    rows: tuple[ClusterRow, ...]
    _by_key: dict[RecordKey, ClusterRow] = field(repr=False, compare=False)

    def __getitem__(self, key: RecordKey) -> ClusterRow:
        return self._by_key[key]

    @property
    def count(self) -> int:
        return len({row.cluster_id for row in self.rows})

    def members(self) -> dict[int, list[RecordKey]]:
        """Cluster id → its records, in input order."""
        groups: dict[int, list[RecordKey]] = {}
        for row in self.rows:
            groups.setdefault(row.cluster_id, []).append((row.list_name, row.record_id))
        return groups

    def histories(self) -> Histories:
        counts: dict[tuple[int, ...], int] = {}
        for keys in self.members().values():
            present = {list_name for list_name, _ in keys}
            history = tuple(int(name in present) for name in self.lists)
            counts[history] = counts.get(history, 0) + 1
        ordered = sorted(counts.items(), key=lambda item: tuple(-bit for bit in item[0]))
        return Histories(lists=self.lists, rows=tuple(ordered))

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["list", "record_id", "cluster_id", "match_probability"])
        for row in self.rows:
            probability = "" if row.match_probability is None else f"{row.match_probability:.6f}"
            writer.writerow([row.list_name, row.record_id, row.cluster_id, probability])
        return out.getvalue()


def _find(parent: dict[RecordKey, RecordKey], key: RecordKey) -> RecordKey:
    root = key
    while parent[root] != root:
        root = parent[root]
    while parent[key] != root:  # path compression keeps later finds short
        parent[key], key = root, parent[key]
    return root


def build_clusters(
    lists: Sequence[str],
    records: Iterable[RecordKey],
    links: Iterable[ScoredPair],
    birth_years: Mapping[RecordKey, BirthYear] | None = None,
) -> Clusters:
    """Connected components of ``records`` joined by ``links`` (every link given is a match).

    With ``birth_years``, links are taken from the most probable down, and a link that would put
    two records born two or more years apart into one cluster is left out (unless a reviewer
    accepted it: probability 1.0): a record without a birth date cannot chain two namesakes of
    different ages into one person.
    """
    order = list(records)
    parent = {key: key for key in order}
    years: dict[RecordKey, set[BirthYear]] = {}
    if birth_years is not None:
        years = {key: {birth_years[key]} if birth_years.get(key, ("", ""))[0] else set()
                 for key in order}
        links = sorted(links, key=lambda link: (-link.probability, link.key))
    best: dict[RecordKey, float] = {}
    for link in links:
        for key in (link.left, link.right):
            if key not in parent:
                raise KeyError(f"the link names an unknown record {key!r}")
        left, right = _find(parent, link.left), _find(parent, link.right)
        if left != right and years and link.probability < 1.0:
            if not all(years_compatible(a, b) for a in years[left] for b in years[right]):
                continue
        for key in (link.left, link.right):
            best[key] = max(best.get(key, 0.0), link.probability)
        if left != right:
            parent[right] = left
            if years:
                years[left] |= years.pop(right)
    numbers: dict[RecordKey, int] = {}
    rows = []
    for key in order:
        root = _find(parent, key)
        number = numbers.setdefault(root, len(numbers) + 1)
        rows.append(ClusterRow(key[0], key[1], number, best.get(key)))
    return Clusters(
        lists=tuple(lists), rows=tuple(rows), _by_key={(r.list_name, r.record_id): r for r in rows}
    )


def decided_links(
    pairs: Iterable[ScoredPair], threshold: float, decisions: Mapping[PairKey, bool]
) -> list[ScoredPair]:
    """The pairs at or above ``threshold`` and those a reviewer accepted, minus those rejected."""
    links = []
    for pair in pairs:
        decision = decisions.get(pair.key)
        if decision is True:
            links.append(ScoredPair(pair.left, pair.right, 1.0))
        elif decision is None and pair.probability >= threshold:
            links.append(pair)
    return links
