"""The exports shared by the pages and ``palermo export``: GLOTIP's long-format CSV and the
k-anonymous CTDC microdata, each audit-logged with counts only (never a value)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import IO, Any

from django.utils import translation
from django_countries import countries

from palermo.analytics import ctdc, glotip, glotip_justice
from palermo.analytics.ctdc_anonymise import Report
from palermo.core import audit
from palermo.core.models import AuditAction


@dataclass(frozen=True)
class Glotip:
    year: int
    victims: list[glotip.StatusTables]
    justice: glotip_justice.JusticeTables


def glotip_tables(year: int, threshold: int) -> Glotip:
    return Glotip(year, glotip.tables(year, threshold), glotip_justice.tables(year, threshold))


def write_glotip_csv(out: IO[str], published: Glotip, country: str) -> int:
    """The long-format CSV; returns the number of data rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(glotip.HEADER)
    rows = list(glotip.long_rows(published.year, published.victims, country))
    with translation.override("en"):
        rows += glotip_justice.long_rows(published.year, published.justice,
                                         countries.alpha3(country) or "",
                                         str(countries.name(country)))
    writer.writerows(rows)
    return len(rows)


def record_glotip(actor: Any, published: Glotip, rows: int, threshold: int,
                  action: AuditAction = AuditAction.EXPORT) -> None:
    suppressed = sum(t.suppressed for s in published.victims
                     for t in (s.by_sex_age, s.by_form, s.by_citizenship))
    audit.record(actor=actor, action=action, object_type="analytics.Glotip",
                 detail={"export": "glotip", "year": published.year, "rows": rows,
                         "threshold": threshold, "suppressed_entries": suppressed})


def record_ctdc(actor: Any, report: Report) -> None:
    audit.record(actor=actor, action=AuditAction.EXPORT, object_type="analytics.Ctdc",
                 detail={"export": "ctdc", "k": report.k, "rows_in": report.rows_in,
                         "rows_out": report.rows_out, "rows_suppressed": report.suppressed})


def write_ctdc(out: IO[str], k: int, actor: Any, *,
               progress: ctdc.Progress | None = None) -> Report:
    report = ctdc.export(out, k, progress=progress)
    record_ctdc(actor, report)
    return report
