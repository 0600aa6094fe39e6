"""Poisson log-linear models over all observable capture histories, and their fits.

A model is the main effects plus a set of interaction *terms*, each a bit mask of two or more
lists. log mu(h) = intercept + sum of the terms contained in history h; the dark figure is
exp(intercept). A term no one observed shows (zero sufficient statistic) has its parameter at
minus infinity: it is dropped from the design and every history containing it is removed (the
extended maximum likelihood estimate; Chan, Silverman & Vincent 2021).

``fit_irls`` is the hot-loop fitter (Newton/IRLS on small dense matrices); ``fit_reference``
fits the same design with statsmodels' GLM, the reference the tests hold it to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

Terms = tuple[int, ...]

# Newton steps on the coefficients smaller than this mean an interior optimum was reached; a
# fit whose maximum likelihood estimate does not exist keeps stepping (about 1 per iteration)
# along the direction that sends some fitted counts to zero.
STEP_TOLERANCE = 1e-8
MAX_ITERATIONS = 30
MU_RATIO = 1e-9


def popcount(mask: int) -> int:
    return bin(mask).count("1")


def term_name(term: int, lists: tuple[str, ...]) -> str:
    return ":".join(name for i, name in enumerate(lists) if term >> i & 1)


def canonical(terms: tuple[int, ...] | list[int] | set[int] | frozenset[int]) -> Terms:
    """Terms in a fixed order: by order (pairs first), then by the lists they join."""
    return tuple(sorted(set(terms), key=lambda m: (popcount(m), _lex(m))))


def _lex(mask: int) -> tuple[int, ...]:
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def sufficient_statistic(counts: NDArray[np.int64] | NDArray[np.float64], term: int) -> float:
    """People whose history contains every list of ``term``."""
    masks = np.arange(counts.size)
    return float(counts[(masks & term) == term].sum())


@dataclass(frozen=True)
class Layout:
    """The cells kept and the design matrix of one model on one support pattern."""

    cells: NDArray[np.int64]  # history masks kept (1..2^t-1 minus removed)
    design: NDArray[np.float64]  # rows = cells; one column per parameter in ``params``
    params: tuple[int, ...]  # 0 = intercept, 1<<i = main effect of list i, then the terms
    estimated: Terms  # interaction terms with a finite parameter
    neg_inf: Terms  # main effects (of empty lists) and terms fixed at minus infinity
    rank_deficiency: int


@lru_cache(maxsize=65536)
def layout(t: int, estimated: Terms, neg_inf: Terms) -> Layout:
    cells = np.arange(1, 1 << t, dtype=np.int64)
    for term in neg_inf:
        cells = cells[(cells & term) != term]
    mains = tuple(1 << i for i in range(t) if (1 << i) not in neg_inf)
    params = (0, *mains, *estimated)
    columns = [np.ones(cells.size)]
    columns += [((cells & m) == m).astype(np.float64) for m in (*mains, *estimated)]
    design = np.column_stack(columns)
    deficiency = design.shape[1] - int(np.linalg.matrix_rank(design)) if cells.size else 1
    design.setflags(write=False)
    cells.setflags(write=False)
    return Layout(cells, design, params, estimated, neg_inf, deficiency)


def split_terms(counts: NDArray[np.int64], t: int, terms: Terms) -> tuple[Terms, Terms]:
    """(terms with an estimable parameter, parameters with no support -> minus infinity).

    A list no one is on (possible in a bootstrap replicate) has its main effect at minus
    infinity, which is the same as leaving the list out.
    """
    estimated, neg_inf = [], []
    for i in range(t):
        if sufficient_statistic(counts, 1 << i) == 0:
            neg_inf.append(1 << i)
    for term in terms:
        if any(term & m == m for m in neg_inf) or sufficient_statistic(counts, term) == 0:
            neg_inf.append(term)
        else:
            estimated.append(term)
    return tuple(estimated), tuple(neg_inf)


def model_layout(counts: NDArray[np.int64], t: int, terms: Terms) -> Layout:
    estimated, neg_inf = split_terms(counts, t, terms)
    return layout(t, estimated, neg_inf)


@dataclass(frozen=True)
class IrlsResult:
    beta: NDArray[np.float64]
    mu: NDArray[np.float64]
    deviance: float
    converged: bool
    iterations: int


def poisson_deviance(y: NDArray[np.float64], mu: NDArray[np.float64]) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2.0 * np.sum(term - (y - mu)))


def fit_irls(
    design: NDArray[np.float64],
    y: NDArray[np.float64],
    beta0: NDArray[np.float64] | None = None,
    *,
    max_iterations: int = MAX_ITERATIONS,
) -> IrlsResult:
    """Maximum likelihood Poisson fit with log link, by Newton's method (= IRLS).

    Started like R's glm (mu = y + 0.1) unless ``beta0`` is given; steps are halved while the
    deviance rises. ``converged`` means the last Newton step moved no coefficient by more than
    ``STEP_TOLERANCE``: an interior maximum, so the fitted values are a strictly positive solution
    of the likelihood equations (which is what the existence check asks for).
    """
    y = np.asarray(y, dtype=np.float64)
    if beta0 is None:
        mu = y + 0.1
        eta = np.log(mu)
        weighted = design.T * mu
        z = eta + (y - mu) / mu
        try:
            beta = np.linalg.solve(weighted @ design, weighted @ z)
        except np.linalg.LinAlgError:
            beta = np.linalg.lstsq(weighted @ design, weighted @ z, rcond=None)[0]
    else:
        beta = np.array(beta0, dtype=np.float64)
    eta = design @ beta
    mu = np.exp(np.minimum(eta, 700.0))
    deviance = poisson_deviance(y, mu)
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007 - the count is returned
        weighted = design.T * mu
        try:
            step = np.linalg.solve(weighted @ design, design.T @ (y - mu))
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(weighted @ design, design.T @ (y - mu), rcond=None)[0]
        if not np.all(np.isfinite(step)):
            break
        size = 1.0
        for _ in range(30):
            trial = beta + size * step
            trial_mu = np.exp(np.minimum(design @ trial, 700.0))
            trial_dev = poisson_deviance(y, trial_mu)
            if math.isfinite(trial_dev) and trial_dev <= deviance * (1 + 1e-12) + 1e-12:
                break
            size /= 2
        beta, mu, deviance = trial, trial_mu, trial_dev
        if float(np.max(np.abs(size * step))) < STEP_TOLERANCE:
            # Fitted counts spanning more than MU_RATIO make the Newton system too ill
            # conditioned to tell an interior optimum from a drift to the boundary.
            converged = bool(np.min(mu) > MU_RATIO * np.max(mu))
            break
    return IrlsResult(np.asarray(beta, dtype=np.float64), mu, deviance, converged, iteration)


def fit_reference(design: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """The same fit by statsmodels' GLM (Poisson family, log link): the reference."""
    # the narrow imports: statsmodels.api takes seconds to import
    from statsmodels.genmod.families import Poisson
    from statsmodels.genmod.generalized_linear_model import GLM

    model = GLM(np.asarray(y, dtype=np.float64), design, family=Poisson())
    result = model.fit(tol=1e-12, maxiter=200)
    return np.asarray(result.params, dtype=np.float64)


@dataclass(frozen=True)
class ModelFit:
    """One model fitted to one table."""

    t: int
    terms: Terms  # every interaction term of the model (finite and minus-infinity ones)
    layout: Layout
    beta: NDArray[np.float64]
    mu: NDArray[np.float64]
    y: NDArray[np.float64]
    observed: int
    deviance: float
    converged: bool

    @property
    def dark_figure(self) -> float:
        return float(math.exp(self.beta[0]))

    @property
    def estimate(self) -> float:
        return self.observed + self.dark_figure

    @property
    def n_parameters(self) -> int:
        """Intercept, main effects and every term, minus-infinity ones included (as Rcapture)."""
        return 1 + self.t + len(self.terms)

    @property
    def loglik(self) -> float:
        y, mu = self.y, self.mu
        with np.errstate(divide="ignore", invalid="ignore"):
            ylogmu = np.where(y > 0, y * np.log(mu), 0.0)
        return float(np.sum(ylogmu - mu - gammaln(y + 1)))

    @property
    def bic(self) -> float:
        return self.n_parameters * math.log(self.observed) - 2 * self.loglik

    @property
    def aic(self) -> float:
        return 2 * self.n_parameters - 2 * self.loglik

    @property
    def neg_inf_terms(self) -> Terms:
        """Interaction terms of the model fixed at minus infinity (no one shows them)."""
        return tuple(term for term in self.layout.neg_inf if popcount(term) >= 2)

    @property
    def residual_df(self) -> int:
        return int(self.layout.cells.size - self.layout.design.shape[1])

    def fitted_overlap(self, pair: int) -> float:
        """Expected number of people on every list of ``pair`` under this fit."""
        inside = (self.layout.cells & pair) == pair
        return float(self.mu[inside].sum())


def fit_model(
    counts: NDArray[np.int64],
    t: int,
    terms: Terms,
    *,
    start: ModelFit | None = None,
) -> ModelFit:
    """Fit main effects + ``terms``; ``start`` (a fit of a sub-model) warms the iterations."""
    lay = model_layout(counts, t, terms)
    y = counts[lay.cells].astype(np.float64)
    beta0 = None
    if start is not None:
        previous = dict(zip(start.layout.params, start.beta, strict=True))
        if set(previous) <= set(lay.params):
            beta0 = np.array([previous.get(param, 0.0) for param in lay.params])
    result = fit_irls(lay.design, y, beta0)
    return ModelFit(
        t=t,
        terms=canonical(terms),
        layout=lay,
        beta=result.beta,
        mu=result.mu,
        y=y,
        observed=int(counts.sum()),
        deviance=result.deviance,
        converged=result.converged,
    )


def polish(fit: ModelFit, counts: NDArray[np.int64]) -> ModelFit:
    """Iterate a fit further (slow convergence near the boundary) once its estimate is known to
    exist; the hot loops stop early and let the linear program decide existence."""
    if fit.converged:
        return fit
    result = fit_irls(fit.layout.design, fit.y, fit.beta, max_iterations=300)
    return ModelFit(
        t=fit.t,
        terms=fit.terms,
        layout=fit.layout,
        beta=result.beta,
        mu=result.mu,
        y=fit.y,
        observed=int(counts.sum()),
        deviance=result.deviance,
        converged=result.converged,
    )
