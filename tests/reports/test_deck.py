"""The deck read back with python-pptx: slides in the source document's order, titles in title
placeholders, recommending states, figures equal to the indicators they cite."""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - runs LibreOffice on a file the test wrote, fixed argv
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu
from pypdf import PdfReader

from palermo.monitoring.models import Indicator, IndicatorValue
from palermo.reports import content, deck
from palermo.reports.models import Submission

pytestmark = pytest.mark.django_db


def _slides(submission: Submission) -> list[dict[str, object]]:
    presentation = Presentation(BytesIO(deck.build(content.build(submission))))
    assert (presentation.slide_width, presentation.slide_height) == (Emu(12192000),
                                                                      Emu(6858000))
    slides = []
    for slide in presentation.slides:
        title = slide.shapes.title
        texts = [shape.text_frame.text for shape in slide.shapes
                 if shape.has_text_frame and shape != title]
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        slides.append({"title": title.text_frame.text if title is not None else None,
                       "text": "\n".join(texts), "pictures": len(pictures)})
    return slides


def test_the_deck_has_the_source_documents_slides_in_order(submission: Submission) -> None:
    slides = _slides(submission)
    assert [s["title"] for s in slides] == [
        "Human trafficking and forced labour in the Russian Federation",
        "Previous recommendations", "Developments", "Inadequate criminal legislation",
        "Ineffective investigation", "Our recommendations",
        "Developments", "Victim assistance", "Our recommendations",
        "Thank you!",
    ]
    assert "Submission for the 4th UPR cycle" in str(slides[0]["text"])
    assert "State under review: Russia" in str(slides[0]["text"])
    assert all(str(s["text"]).startswith("ISSUE 1. Human Trafficking") for s in slides[1:6])
    assert all(str(s["text"]).startswith("ISSUE 2. Exploitation of Prisoners")
               for s in slides[6:9])
    assert "info@example.org" in str(slides[-1]["text"])


def test_recommendations_are_quoted_with_their_recommending_states(
        submission: Submission) -> None:
    slides = _slides(submission)
    previous = str(slides[1]["text"])
    assert "trafficking in human beings (Armenia)" in previous
    assert "relevant national action plan (Qatar)" in previous
    problem = str(slides[3]["text"])
    assert problem.index("Previous recommendation") < problem.index("(Armenia)") < problem.index(
        "Current situation") < problem.index("The Criminal Code does not refer to means")
    assert "sale and trafficking of children (Thailand)" in str(slides[4]["text"])
    assert "assistance to victims of human trafficking (Sri Lanka)" in str(slides[7]["text"])


def test_our_recommendations_are_numbered_with_their_sub_points(submission: Submission) -> None:
    ours = str(_slides(submission)[5]["text"])
    assert "1.\tBring the criminal legislation in line with international law" in ours
    assert "include means as a constituent element" in ours
    assert "2.\tAdopt an anti-trafficking law" in ours


def test_figures_on_slides_equal_the_indicator_values_they_cite(
        submission: Submission, convictions: Indicator, slavery_estimate: Indicator) -> None:
    slides = _slides(submission)
    assert "People in modern slavery: 1,899,000 persons" in str(slides[3]["text"])
    assert "Walk Free, Global Slavery Index 2023" in str(slides[3]["text"])
    assert "Convictions per year: 14 persons" in str(slides[4]["text"])
    assert "Judicial Department of the Supreme Court" in str(slides[4]["text"])
    # A series of more than one value is charted; a single value is not.
    assert (slides[3]["pictures"], slides[4]["pictures"]) == (0, 1)

    latest = IndicatorValue.objects.get(indicator=convictions, date__year=2022)
    latest.value = Decimal("21")
    latest.save()
    IndicatorValue.objects.create(indicator=slavery_estimate, date="2024-06-01",
                                  value=Decimal("2000500.5"))
    slides = _slides(submission)
    assert "Convictions per year: 21 persons" in str(slides[4]["text"])
    assert "People in modern slavery: 2,000,500.5 persons" in str(slides[3]["text"])
    assert slides[3]["pictures"] == 1


def test_an_indicator_without_values_says_so(submission: Submission,
                                             convictions: Indicator) -> None:
    convictions.values.all().delete()
    assert "Convictions per year: no value recorded" in str(_slides(submission)[4]["text"])


def test_the_russian_deck_has_russian_labels_and_numbers(submission: Submission) -> None:
    submission.language = "ru"
    submission.save()
    slides = _slides(submission)
    titles = [s["title"] for s in slides]
    assert "Предыдущие рекомендации" in titles
    assert "Наши рекомендации" in titles
    assert "Спасибо!" in str(titles[-1])
    problem = str(slides[3]["text"])
    assert "Предыдущая рекомендация" in problem and "Текущая ситуация" in problem
    assert "(Армения)" in problem
    assert "1\xa0899\xa0000" in problem
    assert "Источник" in problem


def test_a_submission_without_issues_has_a_title_and_a_closing_slide(
        submission: Submission) -> None:
    submission.issues.all().delete()
    assert [s["title"] for s in _slides(submission)] == [submission.title, "Thank you!"]


# CI installs LibreOffice (.ci/run), so there the test runs instead of skipping.
@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("CI") != "true",
                    reason="LibreOffice (soffice) is not installed on this machine")
def test_libreoffice_converts_the_deck_without_complaint(submission: Submission,
                                                         tmp_path: Path) -> None:
    source = tmp_path / "deck.pptx"
    source.write_bytes(deck.build(content.build(submission)))
    soffice = shutil.which("soffice")
    assert soffice is not None
    done = subprocess.run(  # noqa: S603 - fixed argv, a file this test wrote
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    # LibreOffice renders one page per slide it could read: a deck it had to repair or drop
    # slides from would not give as many pages as python-pptx wrote slides.
    pages = len(PdfReader(tmp_path / "deck.pdf").pages)
    assert pages == len(_slides(submission)) > 2
