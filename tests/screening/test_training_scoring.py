"""The training score: 40 for the model identification, 60 shared equally between the frameworks
whose answer on the official's answers equals the answer on the model answers."""

from __future__ import annotations

from typing import Any

import pytest

from palermo.screening import training
from palermo.screening.scenarios import read_scenarios

ID, PRESUMED, NOT = "ActualVictimOfTrafficking", "PossibleVictimOfTrafficking", \
    "NotAVictimOfTrafficking"
MODEL = {"un_palermo": True, "ilo_c29": True, "ru_cc_127_1": False, "ru_cc_127_2": None,
         "ru_cc_127_1_proposed": True}


def _with(**changes):
    return {**MODEL, **changes}


@pytest.mark.parametrize(("identification", "mine", "expected_score"), [
    (ID, MODEL, 100),                                              # everything right
    (NOT, MODEL, 60),                                              # wrong identification
    (PRESUMED, MODEL, 60),                                         # presumed is not identified
    (ID, {k: not v if v is not None else True for k, v in MODEL.items()}, 40),  # no framework
    (NOT, {k: not v if v is not None else True for k, v in MODEL.items()}, 0),
    (ID, _with(un_palermo=False, ilo_c29=None), 76),               # 3 of 5: 36 points
    (ID, _with(ru_cc_127_1=None), 88),                             # undetermined is not "no"
    (ID, _with(ru_cc_127_2=False), 88),                            # "no" is not undetermined
    (ID, {k: v for k, v in MODEL.items() if k != "un_palermo"}, 88),  # a missing framework
])
def test_the_score_follows_the_documented_rule(identification, mine, expected_score):
    assert training.score(identification=identification, expected=ID, mine=mine,
                          model=MODEL) == expected_score


@pytest.mark.parametrize(("matching", "expected_score"), [(0, 0), (1, 20), (2, 40), (3, 60)])
def test_the_framework_share_is_split_equally_and_rounded(matching, expected_score):
    model = {"a": True, "b": False, "c": None}
    mine: dict[str, Any] = {fid: (value if i < matching else "other") for i, (fid, value)
                            in enumerate(model.items())}
    assert training.score(identification=NOT, expected=ID, mine=mine,
                          model=model) == expected_score


def test_scores_stay_within_0_and_100():
    assert training.SCORE_IDENTIFICATION + training.SCORE_FRAMEWORKS == 100
    assert training.score(identification=ID, expected=ID, mine={}, model={}) == 40


@pytest.mark.parametrize("scenario", read_scenarios(), ids=lambda s: s["slug"])
def test_the_model_answers_of_every_scenario_score_100(scenario):
    result = training.summary(training.outcome(scenario["model_answers"]))
    assert training.score(identification=scenario["expected_identification"],
                          expected=scenario["expected_identification"],
                          mine=result, model=result) == 100
    assert set(result) == {"un_palermo", "ilo_c29", "ru_cc_127_1", "ru_cc_127_2",
                           "ru_cc_127_1_proposed"}


def test_blank_answers_score_only_where_the_model_is_undetermined_too():
    construction = next(s for s in read_scenarios() if s["slug"] == "construction-site")
    model = training.summary(training.outcome(construction["model_answers"]))
    blank = training.summary(training.outcome({}))
    assert set(blank.values()) == {None}
    assert None not in model.values()
    assert training.score(identification=ID, expected=ID, mine=blank, model=model) == 40
