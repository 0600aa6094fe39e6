"""The registry-wide what-if page and the cases behind each of its numbers."""

from __future__ import annotations

import csv
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.views import registry_required
from palermo.law import FRAMEWORK_IDS, framework_titles, gap_explanations
from palermo.screening.whatif import (
    AMENDED,
    ANSWERS,
    TODAY,
    Cell,
    WhatIf,
    case_rows,
    cases_in_cell,
    what_if,
)

ANSWER_LABELS = {
    "yes": gettext_lazy("Qualifies"),
    "no": gettext_lazy("Does not qualify"),
    "undetermined": gettext_lazy("Undetermined"),
}
PER_PAGE = 50


def _lang() -> str:
    return "ru" if (get_language() or "en").startswith("ru") else "en"


def _rows(table: WhatIf) -> list[dict[str, Any]]:
    titles, lang = framework_titles(), _lang()
    counts = table.by_framework()
    return [
        {"id": fid, "title": titles[fid][lang],
         "cells": [(answer, counts[fid][answer]) for answer in ANSWERS]}
        for fid in FRAMEWORK_IDS
    ]


def _gap_rows(table: WhatIf) -> list[dict[str, Any]]:
    found, lang = table.gaps(), _lang()
    return [{"code": code, "text": text[lang], "count": found[code]}
            for code, text in gap_explanations().items()]


@registry_required
def what_if_page(request: HttpRequest) -> HttpResponse:
    table = what_if(request.user)
    if request.GET.get("format") == "csv":
        return _csv(table)
    crossing = table.today_vs_amended()
    titles, lang = framework_titles(), _lang()
    return render(request, "screening/whatif.html", {
        "table": table,
        "rows": _rows(table),
        "answers": [(a, ANSWER_LABELS[a]) for a in ANSWERS],
        "crossing": [(t, ANSWER_LABELS[t], [(a, crossing[(t, a)]) for a in ANSWERS])
                     for t in ANSWERS],
        "would_qualify": crossing[("no", "yes")],
        "would_not_qualify": crossing[("yes", "no")],
        "today_title": titles[TODAY][lang],
        "amended_title": titles[AMENDED][lang],
        "gap_rows": _gap_rows(table),
        "show_organisation": has_capability(request.user, Capability.SEE_ALL_AGGREGATES),
    })


def _csv(table: WhatIf) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="what-if.csv"'
    writer = csv.writer(response)
    writer.writerow(["framework", *ANSWERS, "unscreened"])
    counts = table.by_framework()
    for fid in FRAMEWORK_IDS:
        writer.writerow([fid, *(counts[fid][a] for a in ANSWERS), table.unscreened])
    writer.writerow([])
    writer.writerow(["gap", "cases"])
    found = table.gaps()
    for code in gap_explanations():
        writer.writerow([code, found[code]])
    return response


def _cell_title(cell: Cell) -> str:
    titles, lang = framework_titles(), _lang()
    if cell.unscreened:
        return _("Cases without a screening")
    if cell.gap:
        return gap_explanations()[cell.gap][lang]
    if cell.framework:
        return f"{titles[cell.framework][lang]}: {ANSWER_LABELS[cell.answer]}"
    return _("%(today)s: %(a)s; %(amended)s: %(b)s") % {
        "today": titles[TODAY][lang], "a": ANSWER_LABELS[cell.today],
        "amended": titles[AMENDED][lang], "b": ANSWER_LABELS[cell.amended],
    }


@registry_required
def what_if_cases(request: HttpRequest) -> HttpResponse:
    cell = Cell.from_query(request.GET, set(gap_explanations()))
    if cell is None:
        return render(request, "screening/whatif_cases.html", {
            "error": _("This link does not name a cell of the what-if table. "
                       "Go back to the table and choose a number."),
        }, status=400)
    table = what_if(request.user)
    paginator = Paginator(case_rows(cases_in_cell(request.user, table, cell)), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "screening/whatif_cases.html", {
        "title": _cell_title(cell), "page": page, "paginator": paginator,
        "query": query.urlencode(),
        "show_organisation": has_capability(request.user, Capability.SEE_ALL_AGGREGATES),
    })
