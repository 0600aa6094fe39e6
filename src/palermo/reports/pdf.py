"""The submission as a PDF (weasyprint), one landscape page per slide, from
``reports/print.html``. Charts are embedded as data URIs; weasyprint fetches nothing else, so
a link typed into a submission can never make the server read a file or call a URL."""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from palermo.reports import content
from palermo.reports.charts import chart_png


def charts(document: content.Document) -> dict[int, str]:
    """``id(figure)`` → the chart as a ``data:`` URI, for every figure drawn as a chart."""
    drawn: dict[int, str] = {}
    for slide in document.slides:
        for figure in slide.charts:
            encoded = base64.b64encode(chart_png(figure)).decode("ascii")
            drawn[id(figure)] = f"data:image/png;base64,{encoded}"
    return drawn


def html(document: content.Document) -> str:
    with translation.override(document.language):
        return render_to_string("reports/print.html",
                                {"document": document, "charts": charts(document)})


def build(document: content.Document) -> bytes:
    """The PDF bytes."""
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html(document), url_fetcher=fetcher).write_pdf() or b""
