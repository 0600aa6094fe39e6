"""Populations of known size under the model's assumptions: the 95% profile intervals cover the
truth in at least 90% of runs (bounded for CI; `make bench` runs the larger study)."""

from __future__ import annotations

import numpy as np

from palermo.estimation import estimate_population, table_from_rows


def simulate(rng: np.random.Generator, size: int, probabilities: list[float]):
    """Each of ``size`` people is on each list independently; returns the observed table."""
    caught = rng.random((size, len(probabilities))) < np.array(probabilities)
    seen = caught[caught.any(axis=1)]
    histories, counts = np.unique(seen.astype(int), axis=0, return_counts=True)
    names = [chr(ord("A") + i) for i in range(len(probabilities))]
    rows = [(tuple(h), int(c)) for h, c in zip(histories, counts, strict=True)]
    return table_from_rows(names, rows)


def coverage(runs: int, size: int, probabilities: list[float], method: str, seed: int) -> float:
    rng = np.random.default_rng(seed)
    covered = 0
    for _ in range(runs):
        result = estimate_population(simulate(rng, size, probabilities), method=method)
        lower, upper = result["ci"]
        covered += lower <= size <= (upper if upper is not None else np.inf)
    return covered / runs


def test_profile_intervals_cover_the_true_size_under_independence():
    assert coverage(150, 600, [0.15, 0.2, 0.25], "main-effects", seed=2026) >= 0.90


def test_stepwise_profile_intervals_cover_the_true_size_under_independence():
    assert coverage(60, 800, [0.1, 0.15, 0.2, 0.12], "stepwise", seed=11) >= 0.90
