"""Every hierarchical model up to a maximum order, ranked by BIC (Silverman, Chan & Vincent 2024).

A hierarchical model holds, with every interaction term, all the lower-order terms inside it;
main effects are always in. BIC = k·log(n observed) − 2·log-likelihood (Poisson), k counting
the intercept, main effects and every term, those fixed at minus infinity included (the
Rcapture convention MultipleSystemsEstimation follows). Models whose estimate does not exist or
is not identifiable are left out of the ranking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from palermo.estimation import existence
from palermo.estimation.loglinear import ModelFit, Terms, canonical, fit_model, polish

# Above this many candidate models an exhaustive search is refused (6 lists at order 2 is 32,768).
MAX_MODELS = 40_000


def default_max_order(t: int) -> int:
    """The contract's default: 2 lists -> 1, 3 -> 2, 4-5 -> 3, 6 or more -> 2."""
    return {2: 1, 3: 2, 4: 3, 5: 3}.get(t, 2)


class TooManyModels(ValueError):
    """The exhaustive search would fit more than ``MAX_MODELS`` models."""


def _level(t: int, k: int) -> list[int]:
    return [sum(1 << i for i in combo) for combo in combinations(range(t), k)]


def hierarchical_models(t: int, max_order: int, *, limit: int | None = None) -> Iterator[Terms]:
    """Every hierarchical model over ``t`` lists with terms up to ``max_order`` lists.

    Yields the interaction terms of each model (main effects implied). With ``limit``, raises
    ``TooManyModels`` as soon as more than ``limit`` models would be produced.
    """
    max_order = min(max_order, t)
    produced = 0

    def extend(k: int, previous: list[int], chosen: list[int]) -> Iterator[Terms]:
        nonlocal produced
        allowed = []
        if k <= max_order:
            for term in _level(t, k):
                if k == 2 or all(term & ~(1 << i) in previous for i in range(t) if term >> i & 1):
                    allowed.append(term)
        if not allowed:
            produced += 1
            if limit is not None and produced > limit:
                raise TooManyModels(f"more than {limit:,} hierarchical models")
            yield canonical(chosen)
            return
        for size in range(len(allowed) + 1):
            for subset in combinations(allowed, size):
                if size == 0:
                    produced += 1
                    if limit is not None and produced > limit:
                        raise TooManyModels(f"more than {limit:,} hierarchical models")
                    yield canonical(chosen)
                else:
                    yield from extend(k + 1, list(subset), [*chosen, *subset])

    yield from extend(2, [], [])


def count_models(t: int, max_order: int, *, limit: int = MAX_MODELS) -> int:
    return sum(1 for _ in hierarchical_models(t, max_order, limit=limit))


@dataclass(frozen=True)
class RankedModel:
    terms: Terms
    bic: float
    estimate: float
    fit: ModelFit


def rank_models(
    counts: NDArray[np.int64],
    t: int,
    models: list[Terms],
) -> list[RankedModel]:
    """Fit each model; keep those whose estimate exists and is identifiable; sort by BIC."""
    ranked = []
    main = fit_model(counts, t, ())
    for terms in models:
        fit = fit_model(counts, t, terms, start=main)
        if existence.check_fit(fit, counts) != 0:
            continue
        fit = polish(fit, counts)
        ranked.append(RankedModel(terms, fit.bic, fit.estimate, fit))
    ranked.sort(key=lambda r: (r.bic, len(r.terms), r.terms))
    return ranked


def bic_models(counts: NDArray[np.int64], t: int, max_order: int) -> list[RankedModel]:
    """Every hierarchical model up to ``max_order``, ranked by BIC (valid ones only)."""
    return rank_models(counts, t, list(hierarchical_models(t, max_order, limit=MAX_MODELS)))
