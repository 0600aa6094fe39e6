"""The PDF (read back with pypdf) and the Markdown carry the deck's content and sources."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from palermo.reports import content, markdown, pdf
from palermo.reports.models import Submission

pytestmark = pytest.mark.django_db


def test_the_pdf_has_a_page_per_slide_with_titles_and_figures(submission: Submission) -> None:
    document = content.build(submission)
    reader = PdfReader(BytesIO(pdf.build(document)))
    assert len(reader.pages) >= len(document.slides) == 10
    # Lines wrap where the page ends them: compare words, not line breaks.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for title in ("Human trafficking and forced labour in the Russian Federation",
                  "Inadequate criminal legislation", "Ineffective investigation",
                  "Our recommendations", "Thank you!"):
        assert title in text
    assert "1,899,000" in text
    assert "Walk Free, Global Slavery Index 2023" in text
    assert "(Armenia)" in text
    assert "Convictions per year: 14 persons" in text


def test_the_pdf_fetches_nothing_but_its_embedded_charts(submission: Submission) -> None:
    issue = submission.issues.first()
    assert issue is not None
    issue.title = '<img src="file:///etc/passwd"> Human Trafficking'
    issue.save()
    html = pdf.html(content.build(submission))
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "data:image/png;base64," in html
    assert PdfReader(BytesIO(pdf.build(content.build(submission)))).pages


def test_markdown_has_the_same_slides_and_links_each_source(submission: Submission) -> None:
    text = markdown.build(content.build(submission))
    assert text.startswith("# Human trafficking and forced labour in the Russian Federation\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## ISSUE 1. Human Trafficking — Previous recommendations",
        "## ISSUE 1. Human Trafficking — Developments",
        "## ISSUE 1. Human Trafficking — Inadequate criminal legislation",
        "## ISSUE 1. Human Trafficking — Ineffective investigation",
        "## ISSUE 1. Human Trafficking — Our recommendations",
        "## ISSUE 2. Exploitation of Prisoners — Developments",
        "## ISSUE 2. Exploitation of Prisoners — Victim assistance",
        "## ISSUE 2. Exploitation of Prisoners — Our recommendations",
        "## Thank you!",
    ]
    assert ("- **Convictions per year: 14 persons** ([Dec. 31, 2022 · Source: Judicial "
            "Department of the Supreme Court](<https://cdep.ru/>))") in text
    assert "1. Bring the criminal legislation in line with international law\n" \
           "   - include means as a constituent element\n" \
           "2. Adopt an anti-trafficking law and a national action plan" in text
    assert "trafficking in human beings (Armenia)" in text


def test_markdown_escapes_what_would_be_markup(submission: Submission) -> None:
    submission.title = "Report [draft] *2026*"
    submission.save()
    assert markdown.build(content.build(submission)).startswith(
        "# Report \\[draft\\] \\*2026\\*\n")
