"""The baseline the benchmark compares against, and palermo's linkage on generated lists (L1's
generator: five sources, each in its own script and transliteration system, with errors)."""

from __future__ import annotations

import pytest

from palermo.linkage.core.baseline import link_baseline
from palermo.linkage.core.engine import link
from palermo.linkage.core.evaluate import Scores, pairwise
from palermo.linkage.core.synthetic import generate


@pytest.fixture(scope="module")
def scores() -> dict[str, Scores]:
    population = generate(600, 4, seed=21)
    records = [record.to_record() for record in population.records()]
    truth = population.truth()
    return {
        "palermo": pairwise(link(records).cluster(), truth, records),
        "baseline": pairwise(link_baseline(records).cluster(), truth, records),
    }


def test_palermo_links_generated_lists_across_scripts(scores):
    assert scores["palermo"].overall.f1 >= 0.93
    assert scores["palermo"].cross_script.f1 >= 0.9
    assert scores["palermo"].cross_script.true_pairs >= 100


def test_the_baseline_misses_pairs_written_in_different_scripts(scores):
    baseline, palermo = scores["baseline"].cross_script, scores["palermo"].cross_script
    assert baseline.recall < 0.5
    assert palermo.f1 - baseline.f1 >= 0.15
