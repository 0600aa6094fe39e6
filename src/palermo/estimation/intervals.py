"""Confidence intervals for the population size.

``profile_interval``: the multinomial profile-likelihood interval of Rcapture's ``closedpCI.t``
(Cormack 1992) for one fitted model: for each total N the model is refitted with the unseen
history given N − n people, and the interval is every N whose profile log-likelihood is within
χ²₁(level)/2 of the best.

``bca_interval``: the BCa bootstrap of SparseMSE's ``estimatepopulation`` (Chan, Silverman &
Vincent 2021): multinomial resamples of the observed histories with the model selection redone
on each, bias correction from the share of replicates below the estimate, acceleration from the
delete-one jackknife over histories, quantiles of type 8.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq, minimize_scalar
from scipy.special import chdtri, gammaln, ndtr, ndtri, xlogy

from palermo.estimation.loglinear import ModelFit, fit_irls

Progress = Callable[[int, int], None]


def _profile_function(fit: ModelFit) -> Callable[[float], float]:
    design = np.vstack([fit.layout.design, np.eye(1, fit.layout.design.shape[1])])
    n = float(fit.observed)
    warm = {"beta": np.asarray(fit.beta, dtype=np.float64)}

    def loglik(n0: float) -> float:
        n0 = max(n0, 0.0)
        y = np.append(fit.y, n0)
        result = fit_irls(design, y, warm["beta"])
        if not result.converged:
            result = fit_irls(design, y)
        if np.all(np.isfinite(result.beta)):
            warm["beta"] = result.beta
        total = n + n0
        # log[n0^n0 N! / (N^N n0!)]: the multinomial coefficient's dependence on N
        correction = xlogy(n0, n0) + gammaln(total + 1) - total * math.log(total) - gammaln(n0 + 1)
        return -result.deviance / 2 + float(correction)

    return loglik


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float | None  # None: the likelihood never falls far enough (no upper bound)
    notes: tuple[str, ...] = ()


def profile_interval(fit: ModelFit, level: float = 0.95) -> Interval:
    """Multinomial profile-likelihood interval for the total, as Rcapture computes it."""
    loglik = _profile_function(fit)
    n = fit.observed
    dark = fit.dark_figure
    span = 4.0 * dark + 20.0
    best = minimize_scalar(
        lambda n0: -loglik(n0), bounds=(0.0, span), method="bounded", options={"xatol": 1e-6}
    )
    n0_best = float(best.x)
    l_max = -float(best.fun)
    cut = l_max - float(chdtri(1, 1 - level)) / 2  # chi-squared(1) quantile at ``level``

    def gap(n0: float) -> float:
        return loglik(n0) - cut

    notes: list[str] = []
    if gap(0.0) >= 0:
        lower = float(n)
    else:
        lower = n + brentq(gap, 0.0, n0_best, xtol=1e-6)
    high = max(2.0 * n0_best, n0_best + 10.0)
    upper: float | None = None
    while high < 1e9 * (n + 1):
        if gap(high) < 0:
            upper = n + brentq(gap, n0_best, high, xtol=1e-6)
            break
        high *= 2
    if upper is None:
        notes.append(
            "the profile likelihood does not fall enough as the total grows: "
            "the data put no upper bound on the population"
        )
    return Interval(lower, upper, tuple(notes))


@dataclass(frozen=True)
class BootstrapResult:
    interval: Interval
    replicates: NDArray[np.float64]  # one estimate per resample (nan where none exists)
    jackknife: NDArray[np.float64]
    acceleration: float
    bias_correction: float


def jackknife(
    counts: NDArray[np.int64], select: Callable[[NDArray[np.int64]], float]
) -> tuple[NDArray[np.float64], float]:
    """Delete-one jackknife over the observed histories (each weighted by its count) and the
    BCa acceleration â = Σ n_j r_j³ / (6 (Σ n_j r_j²)^{3/2}), as SparseMSE computes it."""
    histories = np.flatnonzero(counts)
    weights = counts[histories].astype(np.float64)
    jack = np.empty(histories.size)
    for j, history in enumerate(histories):
        reduced = counts.copy()
        reduced[history] -= 1
        jack[j] = select(reduced)
    ok = np.isfinite(jack)
    w = weights[ok]
    if not w.size:
        return jack, 0.0
    residual = np.sum(w * jack[ok]) / w.sum() - jack[ok]
    spread = float(np.sum(w * residual**2))
    acceleration = float(np.sum(w * residual**3) / (6 * spread**1.5)) if spread > 0 else 0.0
    return jack, acceleration


def bca_interval(
    counts: NDArray[np.int64],
    estimate: float,
    select: Callable[[NDArray[np.int64]], float],
    *,
    replicates: int,
    seed: int,
    level: float = 0.95,
    progress: Progress | None = None,
) -> BootstrapResult:
    """BCa interval with ``select`` (data -> estimate, nan if none) run on every resample."""
    rng = np.random.default_rng(seed)
    histories = np.flatnonzero(counts)
    weights = counts[histories].astype(np.float64)
    n = int(weights.sum())
    draws = rng.multinomial(n, weights / weights.sum(), size=replicates)
    boot = np.empty(replicates)
    resample = np.zeros_like(counts)
    step = max(1, replicates // 20)
    for b in range(replicates):
        resample[histories] = draws[b]
        boot[b] = select(resample)
        if progress is not None and ((b + 1) % step == 0 or b + 1 == replicates):
            progress(b + 1, replicates)
    jack, acceleration = jackknife(counts, select)
    notes: list[str] = []
    valid = boot[np.isfinite(boot)]
    if valid.size < replicates:
        notes.append(
            f"{replicates - valid.size} of {replicates} bootstrap resamples gave no estimate "
            "(it does not exist or is not identifiable) and were left out"
        )
    if valid.size == 0:
        return BootstrapResult(
            Interval(math.nan, None, (*notes, "no bootstrap resample gave an estimate")),
            boot,
            jack,
            acceleration,
            math.nan,
        )
    share_below = float(np.mean(valid < estimate))
    if share_below in (0.0, 1.0):
        notes.append(
            "every bootstrap estimate lies on one side of the estimate: the BCa bias correction "
            "is infinite, so the interval is the range of the bootstrap estimates"
        )
        return BootstrapResult(
            Interval(float(valid.min()), float(valid.max()), tuple(notes)),
            boot,
            jack,
            acceleration,
            math.copysign(math.inf, share_below - 0.5),
        )
    z0 = float(ndtri(share_below))
    alphas = np.array([(1 - level) / 2, 1 - (1 - level) / 2])
    za = ndtri(alphas) + z0
    adjusted = ndtr(z0 + za / (1 - acceleration * za))
    lower, upper = np.quantile(valid, adjusted, method="median_unbiased")
    return BootstrapResult(
        Interval(float(lower), float(upper), tuple(notes)), boot, jack, acceleration, z0
    )
