"""The baseline linkage palermo is measured against: splink as a user would set it up without
transliteration-aware keys — Jaro-Winkler on the names as written (lower-cased), the exact birth
date, sex and citizenship — with the same estimation steps (random sampling, EM) on DuckDB."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from palermo.linkage.core.engine import (
    DEFAULT_REVIEW_BAND,
    DEFAULT_SEED,
    DEFAULT_THRESHOLD,
    LinkResult,
    check_options,
    check_unique,
    result_from_scores,
)
from palermo.linkage.core.model import exact_comparison, level
from palermo.linkage.core.records import Record
from palermo.linkage.core.splink_runner import ModelSpec, score


def _jaro_winkler(column: str) -> dict[str, Any]:
    l_, r_ = f"{column}_l", f"{column}_r"
    return {
        "output_column_name": column,
        "comparison_levels": [
            level(f"{l_} IS NULL OR {r_} IS NULL", "missing", 0, 0, null=True),
            level(f"{l_} = {r_}", "exact", 0.85, 0.01),
            level(f"jaro_winkler_similarity({l_}, {r_}) >= 0.9", "Jaro-Winkler ≥ 0.9", 0.08, 0.02),
            level(f"jaro_winkler_similarity({l_}, {r_}) >= 0.7", "Jaro-Winkler ≥ 0.7", 0.04, 0.1),
            level("ELSE", "different", 0.03, 0.87),
        ],
    }


BASELINE_MODEL = ModelSpec(
    comparisons=[
        _jaro_winkler("given_name"),
        _jaro_winkler("family_name"),
        exact_comparison("birth_date", 0.9, 0.001),
        exact_comparison("sex", 0.98, 0.5),
        exact_comparison("citizenship", 0.95, 0.3),
    ],
    blocking_rules=(
        "l.family_name = r.family_name",
        "l.given_name = r.given_name AND l.birth_year = r.birth_year",
        "l.birth_date = r.birth_date",
    ),
    training_rules=(
        ("l.given_name = r.given_name AND l.family_name = r.family_name",),
        ("l.birth_date = r.birth_date",),
    ),
    deterministic_rules=(
        "l.given_name = r.given_name AND l.family_name = r.family_name "
        "AND l.birth_date = r.birth_date",
    ),
)

TYPES = {
    "unique_id": pa.int64(), "given_name": pa.string(), "family_name": pa.string(),
    "birth_date": pa.string(), "birth_year": pa.int64(), "sex": pa.string(),
    "citizenship": pa.string(),
}


def _columns(records: Sequence[Record]) -> dict[str, list[Any]]:
    return {
        "unique_id": list(range(len(records))),
        "given_name": [r.given_name.lower() or None for r in records],
        "family_name": [r.family_name.lower() or None for r in records],
        "birth_date": [r.birth_date.isoformat() if r.birth_date else None for r in records],
        "birth_year": [r.birth_year for r in records],
        "sex": [r.sex or None for r in records],
        "citizenship": [r.citizenship or None for r in records],
    }


def link_baseline(
    records: Sequence[Record],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    review_band: tuple[float, float] = DEFAULT_REVIEW_BAND,
    seed: int = DEFAULT_SEED,
) -> LinkResult:
    """Link ``records`` the baseline way (for comparison in ``bench/linkage_bench.py``)."""
    check_options(threshold, review_band)
    keys = [record.key for record in records]
    check_unique(keys)
    scored = score(
        _columns(records), BASELINE_MODEL, lower=min(review_band[0], threshold), seed=seed,
        types=TYPES,
    )
    return result_from_scores(keys, scored, threshold=threshold, review_band=review_band)
