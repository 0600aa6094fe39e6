"""Clear-text linkage on a small population with known truth: cross-script pairs linked,
different people kept apart, clusters and histories as the truth says, review decisions obeyed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from palermo.linkage.core.clusters import ScoredPair
from palermo.linkage.core.engine import LinkError, LinkResult, link
from palermo.linkage.core.evaluate import pairwise
from palermo.linkage.core.records import Record
from tests.linkage.helpers import population, true_pairs


@pytest.fixture(scope="module")
def linked() -> tuple[LinkResult, dict[tuple[str, str], int], list[Record]]:
    records, truth = population(size=150, seed=11)
    return link(records), truth, records


def test_small_population_is_linked_with_high_f1(linked):
    result, truth, records = linked
    scores = pairwise(result.cluster(), truth, records)
    assert scores.overall.f1 >= 0.95
    assert scores.cross_script.f1 >= 0.9
    assert scores.cross_script.true_pairs > 50


def test_the_same_person_in_cyrillic_and_latin_is_one_cluster():
    records = [
        Record("police", "p1", "Шерзод", "Рахимов", "", date(1990, 3, 5), 1990, "M", "UZ"),
        Record("embassy", "e1", "Sherzod", "Rakhimov", "", date(1990, 3, 5), 1990, "M", "UZ"),
        Record("shelter", "s1", "Sherzod", "Rahimov", "", date(1990, 5, 3), 1990, "M", "UZ"),
        Record("police", "p2", "Дилноза", "Каримова", "", date(1995, 11, 20), 1995, "F", "TJ"),
        Record("embassy", "e2", "Dilnoza", "Karimova", "", None, 1995, "F", "TJ"),
        Record("shelter", "s2", "Azamat", "Toktogulov", "", date(1988, 7, 14), 1988, "M", "KG"),
        Record("police", "p3", "Азамат", "Токтогулов", "", date(1961, 1, 30), 1961, "M", "KG"),
    ]
    records += [  # enough pairs for the parameters to be estimated
        replace(record, record_id=f"x{record.record_id}") for record in population(60, seed=3)[0]
    ]
    clusters = link(records).cluster()
    assert clusters[("police", "p1")].cluster_id == clusters[("embassy", "e1")].cluster_id
    assert clusters[("police", "p1")].cluster_id == clusters[("shelter", "s1")].cluster_id
    assert clusters[("police", "p2")].cluster_id == clusters[("embassy", "e2")].cluster_id
    # the same name, born 27 years apart: two people
    assert clusters[("shelter", "s2")].cluster_id != clusters[("police", "p3")].cluster_id
    assert clusters[("police", "p3")].match_probability is None


def test_clusters_and_histories_agree_with_the_truth(linked):
    result, truth, _ = linked
    clusters = result.cluster()
    people = len(set(truth.values()))
    assert abs(clusters.count - people) <= 2
    histories = clusters.histories()
    assert set(histories.lists) == {"police", "embassy", "shelter"}
    assert histories.people == clusters.count
    on_all = sum(
        1 for keys in _people(truth).values() if {name for name, _ in keys} == set(histories.lists)
    )
    found = dict(histories.rows).get((1, 1, 1), 0)
    assert abs(found - on_all) <= 2
    header, *lines = histories.to_csv().splitlines()
    assert header == ",".join([*histories.lists, "count"])
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines) == clusters.count


def _people(truth):
    groups: dict[int, list[tuple[str, str]]] = {}
    for key, person in truth.items():
        groups.setdefault(person, []).append(key)
    return groups


def test_pairs_are_ordered_and_uncertain_ones_lie_in_the_band(linked):
    result, truth, _ = linked
    probabilities = [pair.probability for pair in result.pairs]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(probability >= 0.5 for probability in probabilities)
    assert all(0.5 <= pair.probability < 0.9 for pair in result.uncertain)
    matched = {pair.key for pair in result.matched}
    assert len(matched & true_pairs(truth)) >= 0.95 * len(true_pairs(truth))


def _result(pairs: list[ScoredPair]) -> LinkResult:
    records = (("a", "1"), ("b", "1"), ("c", "1"), ("a", "2"), ("b", "2"))
    return LinkResult(
        lists=("a", "b", "c"), records=records, pairs=tuple(pairs), threshold=0.9,
        review_band=(0.5, 0.9),
    )


def test_review_decisions_change_the_clusters():
    sure = ScoredPair(("a", "1"), ("b", "1"), 0.99)
    chain = ScoredPair(("b", "1"), ("c", "1"), 0.95)
    doubtful = ScoredPair(("a", "2"), ("b", "2"), 0.7)
    result = _result([sure, chain, doubtful])
    assert result.uncertain == (doubtful,)
    before = result.cluster()
    assert before.count == 3
    assert before[("a", "2")].match_probability is None
    after = result.cluster({doubtful.key: True, chain.key: False})
    assert after.count == 3
    assert after[("a", "2")].cluster_id == after[("b", "2")].cluster_id
    assert after[("a", "2")].match_probability == 1.0
    assert after[("c", "1")].cluster_id != after[("b", "1")].cluster_id
    assert after[("a", "1")].match_probability == 0.99
    assert dict(after.histories().rows) == {(1, 1, 0): 2, (0, 0, 1): 1}
    assert dict(before.histories().rows) == {(1, 1, 1): 1, (1, 0, 0): 1, (0, 1, 0): 1}


def test_cluster_csv_has_the_contract_columns():
    result = _result([ScoredPair(("a", "1"), ("b", "1"), 0.975)])
    lines = result.cluster().to_csv().splitlines()
    assert lines[0] == "list,record_id,cluster_id,match_probability"
    assert lines[1:3] == ["a,1,1,0.975000", "b,1,1,0.975000"]
    assert lines[3] == "c,1,2,"


def test_bad_options_are_refused():
    records, _ = population(size=5)
    with pytest.raises(LinkError, match="threshold"):
        link(records, threshold=1.5)
    with pytest.raises(LinkError, match="above the threshold"):
        link(records, threshold=0.6, review_band=(0.7, 0.9))
    twice = [records[0], records[0]]
    with pytest.raises(LinkError, match="appears twice"):
        link(twice)


def test_one_record_links_to_nothing():
    records, _ = population(size=1)
    result = link(records[:1])
    assert result.pairs == () and result.cluster().count == 1


def test_a_record_without_birth_does_not_chain_namesakes_of_different_ages():
    records = (("a", "1"), ("b", "1"), ("c", "1"))
    years = {("a", "1"): ("1970", "1971"), ("b", "1"): ("", ""), ("c", "1"): ("1990", "1991")}
    pairs = (
        ScoredPair(("a", "1"), ("b", "1"), 0.97),  # a namesake without a birth date ...
        ScoredPair(("b", "1"), ("c", "1"), 0.95),  # ... matches both: only the likelier holds
    )
    result = LinkResult(
        lists=("a", "b", "c"), records=records, pairs=pairs, threshold=0.9,
        review_band=(0.5, 0.9), birth_years=years,
    )
    clusters = result.cluster()
    assert clusters[("a", "1")].cluster_id == clusters[("b", "1")].cluster_id
    assert clusters[("c", "1")].cluster_id != clusters[("a", "1")].cluster_id
    assert clusters[("c", "1")].match_probability is None
    # a reviewer's acceptance comes first: the dateless record joins the 1990 namesake instead
    joined = result.cluster({pairs[1].key: True})
    assert joined[("b", "1")].cluster_id == joined[("c", "1")].cluster_id
    assert joined[("a", "1")].cluster_id != joined[("b", "1")].cluster_id
    # and a reviewer can join records of any age
    assert result.cluster({pairs[1].key: True, pairs[0].key: True}).count == 1
    # a year apart is compatible
    near = LinkResult(
        lists=("a", "b", "c"), records=records, pairs=pairs, threshold=0.9,
        review_band=(0.5, 0.9), birth_years={**years, ("c", "1"): ("1971", "1972")},
    )
    assert near.cluster().count == 1
