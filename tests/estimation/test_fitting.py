"""The fast fitter and the existence shortcut are held to their references.

IRLS against statsmodels' GLM (Poisson, log link) on every hierarchical model of Western and
Korea; the fit-based existence certificate against the Fienberg–Rinaldo linear program on random
sparse tables.
"""

from __future__ import annotations

import numpy as np
import pytest

from palermo.estimation import existence
from palermo.estimation.bic import hierarchical_models
from palermo.estimation.loglinear import fit_irls, fit_model, fit_reference, model_layout
from tests.estimation.helpers import table


@pytest.mark.parametrize(("name", "order", "every"), [("western", 3, 25), ("korea", 2, 1)])
def test_irls_matches_statsmodels_on_hierarchical_models(name, order, every):
    data = table(name)
    compared = 0
    for index, model in enumerate(hierarchical_models(data.n_lists, order)):
        if index % every:
            continue
        fit = fit_model(data.counts, data.n_lists, model)
        if existence.check_fit(fit, data.counts) != 0:
            continue
        reference = fit_reference(fit.layout.design, fit.y)
        np.testing.assert_allclose(fit.beta, reference, rtol=1e-7, atol=1e-7)
        assert fit.dark_figure == pytest.approx(float(np.exp(reference[0])), rel=1e-8)
        compared += 1
    assert compared >= 6


def test_warm_start_reaches_the_same_fit():
    western = table("western")
    main = fit_model(western.counts, 5, ())
    model = (0b10001, 0b11000)
    cold = fit_model(western.counts, 5, model)
    warm = fit_model(western.counts, 5, model, start=main)
    np.testing.assert_allclose(cold.beta, warm.beta, rtol=1e-9, atol=1e-9)


def random_tables(seed: int, count: int, t: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        counts = np.zeros(1 << t, dtype=np.int64)
        cells = rng.choice(np.arange(1, 1 << t), size=rng.integers(t, (1 << t) - 1), replace=False)
        counts[cells] = rng.integers(1, 30, size=cells.size)
        yield counts


@pytest.mark.parametrize("t", [3, 4])
def test_fit_certificate_agrees_with_the_linear_program(t):
    models = list(hierarchical_models(t, t - 1))
    rng = np.random.default_rng(t)
    disagreements = []
    checked = 0
    for counts in random_tables(seed=100 + t, count=40, t=t):
        for model in rng.choice(len(models), size=6, replace=False):
            terms = models[int(model)]
            fit = fit_model(counts, t, terms)
            via_fit = existence.check_fit(fit, counts)
            lay = model_layout(counts, t, terms)
            via_lp = (0 if existence.lp_exists(lay.design, counts[lay.cells] * 1.0) else 1) | (
                2 if lay.rank_deficiency else 0
            )
            checked += 1
            if via_fit != via_lp:
                disagreements.append((counts.tolist(), terms, via_fit, via_lp))
    assert checked == 240
    assert not disagreements


def test_irls_flags_a_fit_whose_estimate_does_not_exist():
    # two lists that never overlap: the main-effects estimate is infinite
    counts = np.array([0, 5, 7, 0], dtype=np.int64)
    lay = model_layout(counts, 2, ())
    result = fit_irls(lay.design, counts[lay.cells].astype(float))
    assert not result.converged
    assert existence.check(counts, 2, ()) == existence.NOT_EXIST
