"""The demo registry: the five recommendations of the source document, idempotent."""

from __future__ import annotations

import pytest

from palermo.accounts import demo
from palermo.monitoring import demo as monitoring_demo
from palermo.monitoring.models import Assessment, Recommendation

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_source_documents_recommendations_once():
    demo.ensure_accounts()
    organisation = demo.ensure_organisations()["A"]
    assert monitoring_demo.ensure(organisation) == len(monitoring_demo.RECOMMENDATIONS)
    assert monitoring_demo.ensure(organisation) == 0
    upr = Recommendation.objects.filter(mechanism="upr")
    states = sorted(str(code) for code in upr.values_list("recommending_states", flat=True))
    assert states == ["AM", "LK", "PL", "QA", "TH"]
    armenia = Recommendation.objects.filter(recommending_states="AM").values_list("text",
                                                                              flat=True)
    assert list(armenia) == ["Make further efforts to fight organized crime, including the "
                             "fight against trafficking in human beings"]
    assert Assessment.objects.filter(published=True).count() == 4
    draft = Assessment.objects.get(published=False)
    assert draft.internal_note.startswith("Demo draft")
