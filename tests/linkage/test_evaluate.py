"""Pairwise precision, recall and F1, overall and across scripts."""

from __future__ import annotations

import pytest

from palermo.linkage.core.clusters import ScoredPair, build_clusters
from palermo.linkage.core.evaluate import Score, pairwise, script, truth_pairs
from palermo.linkage.core.records import Record


def record(list_name: str, record_id: str, given: str, family: str) -> Record:
    return Record(list_name, record_id, given, family)


RECORDS = [
    record("a", "1", "Шерзод", "Рахимов"),
    record("b", "1", "Sherzod", "Rakhimov"),
    record("c", "1", "Sherzod", "Rahimov"),
    record("a", "2", "Дилноза", "Каримова"),
    record("b", "2", "Dilnoza", "Karimova"),
]
TRUTH = {("a", "1"): 1, ("b", "1"): 1, ("c", "1"): 1, ("a", "2"): 2, ("b", "2"): 2}


def test_script_of_a_record():
    assert script(RECORDS[0]) == "Cyrl" and script(RECORDS[1]) == "Latn"


def test_truth_pairs_are_all_pairs_within_a_person():
    assert len(truth_pairs(TRUTH)) == 4


def test_scores_overall_and_cross_script():
    links = [
        ScoredPair(("a", "1"), ("b", "1"), 0.99),  # right, cross-script
        ScoredPair(("b", "1"), ("b", "2"), 0.95),  # wrong, same script: joins the two people
    ]
    clusters = build_clusters(("a", "b", "c"), [r.key for r in RECORDS], links)
    scores = pairwise(clusters, TRUTH, RECORDS)
    # found: a1-b1, a1-b2, b1-b2 (one cluster of three); true: a1-b1, a1-c1, b1-c1, a2-b2
    assert scores.overall == Score(true_pairs=4, found_pairs=3, correct_pairs=1)
    assert scores.overall.precision == pytest.approx(1 / 3)
    assert scores.overall.recall == pytest.approx(1 / 4)
    assert scores.overall.f1 == pytest.approx(2 / 7)
    # cross-script true pairs: a1-b1, a1-c1, a2-b2; found cross-script: a1-b1, a1-b2
    assert scores.cross_script == Score(true_pairs=3, found_pairs=2, correct_pairs=1)


def test_nothing_to_find_and_nothing_found():
    assert Score(0, 0, 0).f1 == 1.0
    assert Score(5, 0, 0).precision == 1.0 and Score(5, 0, 0).f1 == 0.0
