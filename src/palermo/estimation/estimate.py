"""The whole estimate for one table: select a model, fit it, add an interval; the JSON result.

``estimate_population`` returns the dictionary of the ``palermo estimate`` contract (DESIGN.md);
``result["estimate"] is None`` when no estimate exists (the reason is in ``warnings``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from palermo.estimation import existence
from palermo.estimation.bic import (
    MAX_MODELS,
    TooManyModels,
    bic_models,
    default_max_order,
    rank_models,
)
from palermo.estimation.histories import CaptureTable
from palermo.estimation.intervals import Interval, Progress, bca_interval, profile_interval
from palermo.estimation.loglinear import (
    ModelFit,
    Terms,
    fit_model,
    fit_reference,
    polish,
    term_name,
)
from palermo.estimation.stepwise import stepwise_fit

Method = Literal["stepwise", "bic", "main-effects"]
CiMethod = Literal["profile", "bca"]
METHODS: tuple[str, ...] = ("stepwise", "bic", "main-effects")
CI_METHODS: tuple[str, ...] = ("profile", "bca")
TOP_MODELS = 10
DEFAULT_BOOTSTRAP = 1000


class EstimationError(ValueError):
    """The options cannot be used with this table (a usage error, not a missing estimate)."""


def bootstrap_top_models(t: int) -> int | None:
    """How many of the best BIC models the bootstrap chooses among (None: all), as
    MultipleSystemsEstimation's defaults: every model for 2-3 lists, 20 for 4, 100 beyond."""
    if t <= 3:
        return None
    return 20 if t == 4 else 100


@dataclass(frozen=True)
class Selection:
    fit: ModelFit | None
    code: int
    ranked: list[tuple[Terms, float, float]]  # (terms, bic, estimate), best first (bic only)


def _select(
    counts: NDArray[np.int64],
    t: int,
    method: str,
    threshold: float,
    max_order: int,
    models: list[Terms] | None = None,
) -> Selection:
    if method == "main-effects":
        fit = fit_model(counts, t, ())
        code = existence.check_fit(fit, counts)
        return Selection(fit if code else polish(fit, counts), code, [])
    if method == "stepwise":
        fit, code = stepwise_fit(counts, t, threshold)
        return Selection(fit, code, [])
    ranked = rank_models(counts, t, models) if models is not None else bic_models(
        counts, t, max_order
    )
    if not ranked:
        return Selection(None, existence.NOT_EXIST, [])
    return Selection(ranked[0].fit, 0, [(r.terms, r.bic, r.estimate) for r in ranked])


def _drop_duplicate_lists(counts: NDArray[np.int64], t: int) -> tuple[NDArray[np.int64], int]:
    """Merge lists that hold exactly the same people (possible in a resample)."""
    present = np.flatnonzero(counts)
    signatures = [tuple(((present >> i) & 1).tolist()) for i in range(t)]
    keep = [i for i in range(t) if signatures[i] not in signatures[:i]]
    if len(keep) == t:
        return counts, t
    masks = np.arange(counts.size)
    new_masks = np.zeros(counts.size, dtype=np.int64)
    for new_i, old_i in enumerate(keep):
        new_masks |= ((masks >> old_i) & 1) << new_i
    reduced = np.zeros(1 << len(keep), dtype=np.int64)
    np.add.at(reduced, new_masks, counts)
    return reduced, len(keep)


def _replicate_selector(
    t: int, method: str, threshold: float, max_order: int, models: list[Terms] | None
) -> Callable[[NDArray[np.int64]], float]:
    def select(counts: NDArray[np.int64]) -> float:
        n = int(counts.sum())
        masks = np.arange(counts.size)
        for i in range(t):
            if counts[(masks >> i) & 1 == 1].sum() == n:
                # a list holding everyone: its main effect goes to +inf and the unseen cell to 0
                return float(n)
        data, lists = counts, t
        if method != "bic":
            data, lists = _drop_duplicate_lists(counts, t)
            if lists < 2:
                return math.nan
        chosen = _select(data, lists, method, threshold, max_order, models)
        if chosen.fit is None or chosen.code:
            return math.nan
        value = chosen.fit.estimate
        return value if math.isfinite(value) else math.nan

    return select


def _names(terms: Terms, lists: tuple[str, ...]) -> list[str]:
    return [term_name(term, lists) for term in terms]


def _round(value: float | None, digits: int = 1) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def estimate_population(
    table: CaptureTable,
    *,
    method: str = "stepwise",
    threshold: float = 0.02,
    max_order: int | None = None,
    ci: str = "profile",
    bootstrap: int | None = None,
    seed: int = 1234,
    level: float = 0.95,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The contract's result for ``table``; raises ``EstimationError`` on unusable options."""
    if method not in METHODS:
        raise EstimationError(f"unknown method {method!r} (choose from {', '.join(METHODS)})")
    if ci not in CI_METHODS:
        raise EstimationError(f"unknown interval {ci!r} (choose from {', '.join(CI_METHODS)})")
    if not 0 <= threshold <= 1:
        raise EstimationError(f"threshold {threshold} is not a probability between 0 and 1")
    if not 0 < level < 1:
        raise EstimationError(f"confidence level {level} is not between 0 and 1")
    t = table.n_lists
    counts = table.counts
    lists = table.lists
    warnings = list(table.warnings)
    order = default_max_order(t) if max_order is None else max_order
    if order < 1:
        raise EstimationError(f"--max-order {order}: the smallest model has order 1")
    if order > t - 1:
        if max_order is not None:
            warnings.append(
                f"max order {order} lowered to {t - 1}: with {t} lists a term of all {t} "
                "would leave the model unidentifiable"
            )
        order = t - 1
    replicates = bootstrap if bootstrap is not None else DEFAULT_BOOTSTRAP
    if ci == "bca" and replicates < 10:
        raise EstimationError(f"--bootstrap {replicates}: at least 10 resamples are needed")

    try:
        chosen = _select(counts, t, method, threshold, order)
    except TooManyModels:
        raise EstimationError(
            f"bic over {t} lists up to order {order} means more than {MAX_MODELS:,} models: "
            "lower --max-order or use --method stepwise"
        ) from None

    absent = [
        f"{lists[i]}:{lists[j]}" for i, j in combinations(range(t), 2) if table.overlap(i, j) == 0
    ]
    result: dict[str, Any] = {
        "observed": table.observed,
        "estimate": None,
        "dark_figure": None,
        "ci": None,
        "ci_level": level,
        "ci_method": "profile-likelihood" if ci == "profile" else "bca-bootstrap",
        "method": method,
        "threshold": threshold if method == "stepwise" else None,
        "max_order": order if method == "bic" else None,
        "model": [],
        "absent_pairs": absent,
        "lists": list(lists),
        "list_sizes": table.list_sizes(),
        "dropped_lists": list(table.dropped_lists),
        "top_models": [],
        "warnings": warnings,
    }
    fit = chosen.fit
    if method == "bic":
        result["top_models"] = [
            {"model": _names(terms, lists), "bic": round(bic, 3), "estimate": _round(value)}
            for terms, bic, value in chosen.ranked[:TOP_MODELS]
        ]
    if fit is None or chosen.code:
        what = {
            "main-effects": "the main-effects model",
            "stepwise": "the main-effects model the stepwise search starts from",
            "bic": "every hierarchical model up to the maximum order",
        }[method]
        reason = existence.describe(chosen.code or existence.NOT_EXIST)
        warnings.append(f"no estimate: for {what}, {reason}")
        if fit is not None:
            result["model"] = _names(fit.terms, lists)
        return result

    dark = _reference_dark_figure(fit)
    if not math.isclose(dark, fit.dark_figure, rel_tol=1e-6, abs_tol=1e-6):
        warnings.append(
            f"statsmodels and the fast fitter disagree on the dark figure ({dark:.6g} vs "
            f"{fit.dark_figure:.6g}): statsmodels' value is reported; please report this"
        )
    result["model"] = _names(fit.terms, lists)
    result["estimate"] = _round(table.observed + dark)
    result["dark_figure"] = _round(dark)
    for term in fit.neg_inf_terms:
        warnings.append(
            f"{term_name(term, lists)} is in the model but no one is on all of those lists: its "
            "parameter is fixed at minus infinity (such histories are taken as impossible)"
        )

    interval: Interval
    if ci == "profile":
        interval = profile_interval(fit, level)
    else:
        models = None
        if method == "bic":
            top = bootstrap_top_models(t)
            ranked = [terms for terms, _, _ in chosen.ranked]
            models = ranked if top is None else ranked[:top]
            if top is not None and len(ranked) > top:
                warnings.append(
                    f"the bootstrap chooses among the {top} best models by BIC "
                    f"(of {len(ranked)}), as MultipleSystemsEstimation does"
                )
        select = _replicate_selector(t, method, threshold, order, models)
        boot = bca_interval(
            counts,
            fit.estimate,
            select,
            replicates=replicates,
            seed=seed,
            level=level,
            progress=progress,
        )
        interval = boot.interval
    warnings.extend(interval.notes)
    if math.isfinite(interval.lower):
        result["ci"] = [_round(interval.lower), _round(interval.upper)]
    return result


def _reference_dark_figure(fit: ModelFit) -> float:
    """The dark figure of the selected model, refitted by statsmodels (the reference fitter).

    The hot loops use ``fit_irls``; the number reported comes from statsmodels' GLM, and the
    caller warns if the two disagree (they agree to ~1e-10 relative in the tests).
    """
    beta = fit_reference(fit.layout.design, fit.y)
    return float(math.exp(beta[0]))
