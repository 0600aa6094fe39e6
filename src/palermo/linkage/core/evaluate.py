"""Pairwise precision, recall and F1 of a linkage against the truth, overall and for the pairs
whose two records are written in different scripts (Cyrillic and Latin)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from palermo.linkage.core.clusters import Clusters, RecordKey
from palermo.linkage.core.records import PairKey, Record, pair_key


@dataclass(frozen=True)
class Score:
    """Counts of pairs and the measures computed from them (1.0 when there is nothing to find)."""

    true_pairs: int
    found_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Scores:
    overall: Score
    cross_script: Score


def script(record: Record) -> str:
    """"Cyrl" when the name holds a Cyrillic letter, else "Latn"."""
    text = f"{record.given_name}{record.family_name}{record.patronymic}"
    return "Cyrl" if any("\u0400" <= char <= "\u04ff" for char in text) else "Latn"


def group_pairs(groups: Iterable[list[RecordKey]]) -> set[PairKey]:
    """Every pair of records within each group."""
    pairs: set[PairKey] = set()
    for keys in groups:
        for index, left in enumerate(keys):
            for right in keys[index + 1 :]:
                pairs.add(pair_key(left, right))
    return pairs


def truth_pairs(truth: Mapping[RecordKey, Hashable]) -> set[PairKey]:
    groups: dict[Hashable, list[RecordKey]] = {}
    for key, person in truth.items():
        groups.setdefault(person, []).append(key)
    return group_pairs(groups.values())


def score_pairs(found: set[PairKey], true: set[PairKey]) -> Score:
    return Score(true_pairs=len(true), found_pairs=len(found), correct_pairs=len(found & true))


def pairwise(
    clusters: Clusters, truth: Mapping[RecordKey, Hashable], records: Iterable[Record]
) -> Scores:
    """Score ``clusters`` (every pair within a cluster counts as found) against ``truth``
    (record → person)."""
    scripts = {record.key: script(record) for record in records}
    found = group_pairs(clusters.members().values())
    true = truth_pairs(truth)

    def crossing(pairs: set[PairKey]) -> set[PairKey]:
        return {pair for pair in pairs if scripts[pair[0]] != scripts[pair[1]]}

    return Scores(
        overall=score_pairs(found, true),
        cross_script=score_pairs(crossing(found), crossing(true)),
    )
