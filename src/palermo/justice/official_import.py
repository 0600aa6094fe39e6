"""CSV import of published figures: every row is checked first, and the figures are written
only when every row is right (all or nothing), with the errors listed by line otherwise.

Columns (a header row, UTF-8): ``source, source_url, year, year_to, jurisdiction, article,
measure, value, note``; ``source_url``, ``year_to`` and ``note`` may be empty.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.justice.codes import ArticleGroup, Measure
from palermo.justice.models import PublishedFigure
from palermo.justice.official import require_coordinator

COLUMNS = ("source", "source_url", "year", "year_to", "jurisdiction", "article", "measure",
           "value", "note")
REQUIRED = ("source", "year", "jurisdiction", "article", "measure", "value")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class RowError:
    #: The line of the file (the header is line 1); 0 for the file as a whole.
    line: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _whole_number(text: str, column: str) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        raise ValueError(_("%(column)s must be a whole number, not “%(text)s”.") % {
            "column": column, "text": text[:40]}) from None
    if number < 0:
        raise ValueError(_("%(column)s cannot be negative.") % {"column": column})
    return number


def _figure(row: dict[str, str]) -> PublishedFigure:
    missing = [column for column in REQUIRED if not (row.get(column) or "").strip()]
    if missing:
        raise ValueError(_("Empty: %(columns)s.") % {"columns": ", ".join(missing)})
    measure, article = row["measure"].strip(), row["article"].strip()
    if measure not in Measure.values:
        raise ValueError(_("Unknown measure “%(measure)s” (known: %(known)s).") % {
            "measure": measure[:40], "known": ", ".join(Measure.values)})
    if article not in ArticleGroup.values:
        raise ValueError(_("Unknown article “%(article)s” (known: %(known)s).") % {
            "article": article[:40], "known": ", ".join(ArticleGroup.values)})
    year = _whole_number(row["year"], "year")
    year_to_text = (row.get("year_to") or "").strip()
    figure = PublishedFigure(
        source=row["source"].strip(), source_url=(row.get("source_url") or "").strip(),
        year=year, year_to=_whole_number(year_to_text, "year_to") if year_to_text else year,
        jurisdiction=row["jurisdiction"].strip(), article=article, measure=measure,
        value=_whole_number(row["value"], "value"), note=(row.get("note") or "").strip())
    try:
        figure.full_clean(exclude=["created_by"], validate_constraints=False)
    except ValidationError as exc:
        raise ValueError(" ".join(f"{name}: {' '.join(messages)}" for name, messages
                                  in exc.message_dict.items())) from None
    return figure


def _key(figure: PublishedFigure) -> tuple[object, ...]:
    return (figure.source, figure.jurisdiction, figure.measure, figure.article, figure.year,
            figure.year_to)


def check(content: bytes) -> tuple[list[PublishedFigure], list[RowError]]:
    """The figures of a file and the errors found in it (nothing is written)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and "
                                  "try again."))]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    absent = [name for name in REQUIRED if name not in header]
    if absent or unknown:
        message = _("The header must name the columns %(columns)s.") % {
            "columns": ", ".join(COLUMNS)}
        return [], [RowError(1, message)]
    reader.fieldnames = header
    existing = set(PublishedFigure.objects.values_list(
        "source", "jurisdiction", "measure", "article", "year", "year_to"))
    figures: list[PublishedFigure] = []
    errors: list[RowError] = []
    seen: dict[tuple[object, ...], int] = {}
    for index, row in enumerate(reader):
        line = index + 2
        if index >= MAX_ROWS:
            errors.append(RowError(line, _("More than %(count)d rows; split the file.") % {
                "count": MAX_ROWS}))
            break
        if None in row:
            errors.append(RowError(line, _("More cells than columns.")))
            continue
        try:
            figure = _figure(row)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        key = _key(figure)
        if key in seen:
            errors.append(RowError(line, _("The same figure as line %(line)d.") % {
                "line": seen[key]}))
        elif key in existing:
            errors.append(RowError(line, _("This figure is already recorded.")))
        else:
            seen[key] = line
            figures.append(figure)
    if not figures and not errors:
        errors.append(RowError(0, _("The file has no rows.")))
    return figures, errors


@transaction.atomic
def import_figures(*, user: User, content: bytes) -> ImportResult:
    """Check the file and, when every row is right, write its figures (all or nothing)."""
    require_coordinator(user)
    figures, errors = check(content)
    if errors:
        return ImportResult(created=0, errors=tuple(errors))
    for figure in figures:
        figure.created_by = user
    created = PublishedFigure.objects.bulk_create(figures)
    audit.record(actor=user, action=AuditAction.CREATE, object_type="justice.PublishedFigure",
                 objects=created, detail={"imported": len(created)})
    return ImportResult(created=len(created), errors=())
