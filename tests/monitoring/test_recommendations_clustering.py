"""Similar recommendations: normalised text, token set ratio, same State under review only."""

from __future__ import annotations

import pytest

from palermo.monitoring.models import Recommendation
from palermo.monitoring.recommendations import normalise, similar, similarity
from tests.monitoring.recommendation_helpers import recommendation

pytestmark = pytest.mark.django_db


def test_normalise_drops_case_accents_punctuation_and_attributions():
    assert normalise("Ratify the Protocol, réellement! (France) (Lithuania);") == \
        "ratify the protocol reellement"


def test_reworded_recommendations_score_high_and_unrelated_ones_low():
    first = "Strengthen the legal framework to combat human trafficking (Poland)"
    second = "Strengthen its legal framework to combat trafficking in human beings (Armenia)"
    assert similarity(first, second) >= 70
    assert similarity(first, "Guarantee freedom of peaceful assembly") < 50


def test_similar_keeps_the_same_state_above_the_threshold_best_first(lawyer):
    rec = recommendation(lawyer, text="Strengthen the legal framework to combat human "
                                      "trafficking, which affects women and children")
    close = recommendation(lawyer, text="Strengthen the legal framework to combat human "
                                        "trafficking")
    closer = recommendation(lawyer, text="Strengthen the legal framework to combat human "
                                         "trafficking, which affects women and children in "
                                         "particular")
    recommendation(lawyer, text="Abolish the death penalty")
    recommendation(lawyer, state_under_review="BY", text=rec.text)
    found = similar(rec, Recommendation.objects.exclude(pk=rec.pk))  # type: ignore[arg-type]
    assert {other.pk for other, _score in found} == {close.pk, closer.pk}
    scores = [score for _other, score in found]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 70
    assert similar(rec, [close], threshold=101) == []
