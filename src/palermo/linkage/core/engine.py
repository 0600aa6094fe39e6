"""Probabilistic linkage and deduplication of several organisations' lists in clear text (splink
on DuckDB): every record compared within and across lists on transliteration-aware name keys,
birth date or year, sex and citizenship, with parameters estimated by EM.

The app calls :func:`link`, shows :attr:`LinkResult.uncertain` for clerical review, and calls
:meth:`LinkResult.cluster` with the reviewers' decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from palermo.linkage.core import model
from palermo.linkage.core.clusters import (
    BirthYear,
    Clusters,
    Histories,
    RecordKey,
    ScoredPair,
    build_clusters,
    decided_links,
)
from palermo.linkage.core.features import COLUMN_TYPES, feature_columns
from palermo.linkage.core.records import PairKey, Record
from palermo.linkage.core.splink_runner import ModelSpec, ScoredRows, score

DEFAULT_THRESHOLD = 0.9
DEFAULT_REVIEW_BAND = (0.5, 0.9)
DEFAULT_SEED = 1234

CLEAR_MODEL = ModelSpec(
    comparisons=model.comparisons(),
    blocking_rules=model.BLOCKING_RULES,
    training_rules=model.TRAINING_RULES,
    deterministic_rules=model.DETERMINISTIC_RULES,
)


class LinkError(ValueError):
    """Options that make no sense (a threshold outside [0, 1], a band the wrong way round)."""


@dataclass(frozen=True)
class LinkResult:
    """What linkage found.

    ``pairs`` are the compared pairs with probability at or above the review band's lower end
    (each once, ordered by probability, highest first); ``uncertain`` those inside the band,
    which a person should review; ``cluster`` turns the pairs and the reviewers' decisions into
    people. ``birth_years`` (record → :data:`BirthYear`) keeps records born two or more years
    apart out of one cluster unless a reviewer joined them.
    """

    lists: tuple[str, ...]
    records: tuple[RecordKey, ...]
    pairs: tuple[ScoredPair, ...]
    threshold: float
    review_band: tuple[float, float]
    warnings: tuple[str, ...] = field(default=())
    birth_years: Mapping[RecordKey, BirthYear] | None = None

    @property
    def uncertain(self) -> tuple[ScoredPair, ...]:
        lower, upper = self.review_band
        return tuple(pair for pair in self.pairs if lower <= pair.probability < upper)

    @property
    def matched(self) -> tuple[ScoredPair, ...]:
        return tuple(pair for pair in self.pairs if pair.probability >= self.threshold)

    def cluster(self, decisions: Mapping[PairKey, bool] | None = None) -> Clusters:
        """Clusters: connected components over the pairs at or above the threshold, plus the
        pairs a reviewer accepted (``decisions[pair.key] is True``), minus those rejected
        (``False``). Keys of pairs the model did not score are ignored."""
        links = decided_links(self.pairs, self.threshold, decisions or {})
        return build_clusters(self.lists, self.records, links, self.birth_years)

    def histories(self, decisions: Mapping[PairKey, bool] | None = None) -> Histories:
        """The capture histories of the clusters (what ``palermo estimate`` reads)."""
        return self.cluster(decisions).histories()


def check_options(threshold: float, review_band: tuple[float, float]) -> None:
    lower, upper = review_band
    if not 0 <= threshold <= 1:
        raise LinkError(f"the threshold {threshold} is not between 0 and 1")
    if not 0 <= lower <= upper <= 1:
        raise LinkError(f"the review band {lower}–{upper} is not an interval within [0, 1]")
    if lower > threshold:
        raise LinkError(f"the review band starts at {lower}, above the threshold {threshold}")


def list_names(keys: Sequence[RecordKey]) -> tuple[str, ...]:
    """The lists in the order their first record appears."""
    return tuple(dict.fromkeys(name for name, _ in keys))


def result_from_scores(
    keys: Sequence[RecordKey],
    scored: ScoredRows,
    *,
    threshold: float,
    review_band: tuple[float, float],
    birth_years: Mapping[RecordKey, BirthYear] | None = None,
) -> LinkResult:
    pairs = sorted(
        (
            ScoredPair(keys[left], keys[right], probability)
            for left, right, probability in zip(
                scored.left, scored.right, scored.probability, strict=True
            )
        ),
        key=lambda pair: (-pair.probability, pair.key),
    )
    return LinkResult(
        lists=list_names(keys),
        records=tuple(keys),
        pairs=tuple(pairs),
        threshold=threshold,
        review_band=review_band,
        warnings=tuple(scored.warnings),
        birth_years=birth_years,
    )


def check_unique(keys: Sequence[RecordKey]) -> None:
    seen: set[RecordKey] = set()
    for key in keys:
        if key in seen:
            raise LinkError(f"record {key[1]!r} appears twice in list {key[0]!r}")
        seen.add(key)


def link(
    records: Sequence[Record],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    review_band: tuple[float, float] = DEFAULT_REVIEW_BAND,
    seed: int = DEFAULT_SEED,
) -> LinkResult:
    """Link and deduplicate ``records`` (any number of lists, told apart by ``list_name``)."""
    check_options(threshold, review_band)
    keys = [record.key for record in records]
    check_unique(keys)
    scored = score(
        feature_columns(records),
        CLEAR_MODEL,
        lower=min(review_band[0], threshold),
        seed=seed,
        types=COLUMN_TYPES,
    )
    years = {
        record.key: (str(record.birth_year), str(record.birth_year + 1))
        if record.birth_year
        else ("", "")
        for record in records
    }
    return result_from_scores(
        keys, scored, threshold=threshold, review_band=review_band, birth_years=years
    )
