"""Stepwise selection of two-list effects by Poisson p-values (Chan, Silverman & Vincent 2021).

Start from main effects. For every pair not yet in the model, n* is the observed number of
people on both lists and X ~ Poisson(fitted overlap under the current model); its p-value is
min(P(X <= n*), P(X >= n*)). Candidates whose estimate would not exist or not be identifiable
count as p = 1. The pair with the smallest p (the first such pair on ties) is added while
p < threshold. Pairs that never overlap enter with their parameter at minus infinity.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from scipy.special import pdtr, pdtrc

from palermo.estimation import existence
from palermo.estimation.loglinear import (
    ModelFit,
    canonical,
    fit_model,
    polish,
    sufficient_statistic,
)


def pairs(t: int) -> list[int]:
    """Every pair of lists as a bit mask, in SparseMSE's order (1:2, 1:3, …, 2:3, …)."""
    return [(1 << i) | (1 << j) for i, j in combinations(range(t), 2)]


def poisson_p_value(observed: float, expected: float) -> float:
    """min(P(X <= observed), P(X >= observed)) for X ~ Poisson(expected)."""
    lower = float(pdtr(observed, expected))
    upper = 1.0 if observed <= 0 else float(pdtrc(observed - 1, expected))
    return min(lower, upper)


def stepwise_fit(counts: NDArray[np.int64], t: int, threshold: float) -> tuple[ModelFit, int]:
    """The selected model's fit and its existence/identifiability code (0 when fine).

    The code is that of main effects when nothing is added. Candidates are checked in order of
    their p-value and only while it is below the threshold, which selects exactly what checking
    every candidate would (a failing candidate counts as p = 1, never below the threshold).
    """
    fit = fit_model(counts, t, ())
    code = existence.check_fit(fit, counts)
    if threshold <= 0 or code:
        return (fit if code else polish(fit, counts)), code
    candidates = pairs(t)
    overlaps = {pair: sufficient_statistic(counts, pair) for pair in candidates}
    if threshold >= 1:
        full = fit_model(counts, t, tuple(candidates), start=fit)
        if existence.check_fit(full, counts) == 0:
            return polish(full, counts), 0
    chosen: list[int] = []
    while True:
        remaining = [pair for pair in candidates if pair not in chosen]
        if not remaining:
            return fit, 0
        scored = sorted(
            (poisson_p_value(overlaps[pair], fit.fitted_overlap(pair)), index, pair)
            for index, pair in enumerate(remaining)
        )
        added = None
        for p_value, _, pair in scored:
            if p_value >= threshold:
                break
            trial = fit_model(counts, t, canonical([*chosen, pair]), start=fit)
            if existence.check_fit(trial, counts) == 0:
                added = (pair, polish(trial, counts))
                break
        if added is None:
            return polish(fit, counts), 0
        chosen.append(added[0])
        fit = added[1]
