"""The demo submission: part of the source document rebuilt from the demo registry and
indicators, idempotent, and its deck cites the indicators' own values."""

from __future__ import annotations

from io import BytesIO

import pytest
from pptx import Presentation

from palermo.accounts import demo as accounts_demo
from palermo.justice import demo as justice_demo
from palermo.monitoring import demo as monitoring_demo
from palermo.monitoring import indicator_demo
from palermo.monitoring.models import Indicator
from palermo.monitoring.series import latest
from palermo.reports import content, deck
from palermo.reports import demo as reports_demo
from palermo.reports.models import Figure, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_submission() -> Submission:
    accounts_demo.ensure_accounts()
    organisations = accounts_demo.ensure_organisations()
    justice_demo.ensure()
    monitoring_demo.ensure(organisations["A"])
    indicator_demo.ensure(organisations)
    assert reports_demo.ensure(organisations["A"]) == 1
    assert reports_demo.ensure(organisations["A"]) == 0
    return Submission.objects.get(organisation=organisations["A"])


def test_the_demo_deck_rebuilds_the_source_documents_structure(
        demo_submission: Submission) -> None:
    presentation = Presentation(BytesIO(deck.build(content.build(demo_submission))))
    titles = [slide.shapes.title.text_frame.text for slide in presentation.slides
              if slide.shapes.title is not None]
    assert titles == [
        reports_demo.TITLE, "Previous recommendations", "Developments",
        "Inadequate criminal legislation", "Lack of preventive measures",
        "Ineffective investigation", "Lack of victim protection and assistance",
        "Our recommendations", "Developments", "Forced labour in penal colonies",
        "Military exploitation", "Our recommendations", "Thank you!",
    ]
    previous = "\n".join(shape.text_frame.text for shape in presentation.slides[1].shapes
                         if shape.has_text_frame)
    for state in ("(Armenia)", "(Qatar)", "(Poland)", "(Thailand)", "(Sri Lanka)"):
        assert state in previous


def test_every_demo_figure_is_its_indicators_latest_value_with_its_source(
        demo_submission: Submission) -> None:
    figures = Figure.objects.filter(problem__issue__submission=demo_submission)
    assert figures.count() >= 3
    cited = {f.label: f for s in content.build(demo_submission).slides
             for sec in s.sections for f in sec.figures}
    for figure in figures.select_related("indicator"):
        indicator: Indicator = figure.indicator
        point = latest(indicator)
        shown = cited[figure.caption]
        if point is None:
            assert shown.value is None
            continue
        assert shown.value == point.value
        assert shown.source == point.source
        assert shown.value_text == content.number_text(point.value)
