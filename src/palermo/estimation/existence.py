"""Does a model's estimate exist, and is it identifiable?

Existence is the Fienberg–Rinaldo (2012) linear program as SparseMSE's ``checkident`` sets it
up: over the histories kept, maximise s subject to Aᵀx = Aᵀy (the model's sufficient
statistics) and x ≥ s; the extended maximum likelihood estimate has every fitted count positive
exactly when the optimum s is positive. Identifiability is the column rank of the design.

Codes (as ``checkident`` / ``check_extended_MLE``): 0 both hold, 1 the estimate does not exist,
2 not identifiable, 3 both fail. The answer depends on the data only through which histories
were observed (the support), so it is cached per (model, support).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from palermo.estimation.loglinear import Layout, ModelFit, Terms, layout, model_layout

OK, NOT_EXIST, NOT_IDENTIFIABLE = 0, 1, 2

# The LP's optimum is 0 or at least of the order of the smallest positive count (1); anything
# below this is solver noise around 0.
LP_ZERO = 1e-7


def support_key(counts: NDArray[np.int64]) -> bytes:
    return np.packbits(counts > 0).tobytes()


def lp_exists(design: NDArray[np.float64], y: NDArray[np.float64]) -> bool:
    """Fienberg–Rinaldo: is there x > 0 with Aᵀx = Aᵀy over these histories?"""
    cells, params = design.shape
    if cells == 0:
        return False
    target = design.T @ y
    # variables x_1..x_cells, s; maximise s  <=>  minimise -s
    objective = np.zeros(cells + 1)
    objective[-1] = -1.0
    equality = np.hstack([design.T, np.zeros((params, 1))])
    # s - x_i <= 0
    inequality = np.hstack([-np.eye(cells), np.ones((cells, 1))])
    result = linprog(
        objective,
        A_ub=inequality,
        b_ub=np.zeros(cells),
        A_eq=equality,
        b_eq=target,
        bounds=[(0, None)] * cells + [(0, None)],
        method="highs",
    )
    if result.status != 0:
        return False
    return bool(-result.fun > LP_ZERO)


@lru_cache(maxsize=262144)
def _code_for_support(t: int, estimated: Terms, neg_inf: Terms, support: bytes) -> int:
    lay = layout(t, estimated, neg_inf)
    observed = np.unpackbits(np.frombuffer(support, dtype=np.uint8), count=1 << t).astype(bool)
    # any y with this support decides the LP; use 1 per observed history
    y = observed[lay.cells].astype(np.float64)
    code = 0 if lp_exists(lay.design, y) else NOT_EXIST
    if lay.rank_deficiency > 0:
        code |= NOT_IDENTIFIABLE
    return code


def check(counts: NDArray[np.int64], t: int, terms: Terms) -> int:
    """The existence/identifiability code of main effects + ``terms`` on ``counts``."""
    lay = model_layout(counts, t, terms)
    return _code_for_layout(lay, counts, t)


def _code_for_layout(lay: Layout, counts: NDArray[np.int64], t: int) -> int:
    return _code_for_support(t, lay.estimated, lay.neg_inf, support_key(counts))


def check_fit(fit: ModelFit, counts: NDArray[np.int64]) -> int:
    """The code of a fitted model, skipping the LP when the fit itself proves existence.

    A converged Newton fit (an interior maximum: finite coefficients, positive fitted counts
    satisfying the likelihood equations Aᵀmu = Aᵀy) is a feasible point of the LP with s > 0, so
    the LP is only solved when the fit did not converge.
    """
    deficiency = NOT_IDENTIFIABLE if fit.layout.rank_deficiency > 0 else OK
    if fit.converged and not deficiency:
        return OK
    return _code_for_layout(fit.layout, counts, fit.t)


def describe(code: int) -> str:
    reasons = []
    if code & NOT_EXIST:
        reasons.append(
            "the maximum likelihood estimate does not exist (Fienberg–Rinaldo linear program: "
            "the observed overlaps put the fit on the boundary)"
        )
    if code & NOT_IDENTIFIABLE:
        reasons.append("the model is not identifiable (its design matrix is rank deficient)")
    return "; ".join(reasons) or "the estimate exists and is identifiable"
