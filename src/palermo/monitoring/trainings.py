"""Trainings for officials: writing courses, sessions and attendees (typed into a small table
or uploaded as CSV, all-or-nothing with errors by row), and the statistics: officials trained
per region and year, per agency, the average score gain, and the screening training mode."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring import editing
from palermo.monitoring.indicators import text_cell
from palermo.monitoring.live import screening_trained_per_year
from palermo.monitoring.models import Agency, Attendee, Course, TrainingSession

MAX_ROWS = 1000
COLUMNS = ("name", "agency", "position", "pre_score", "post_score")


def save_course(*, actor: User, course: Course, changed: Iterable[str] = ()) -> Course:
    if course.pk is None:
        course.organisation_id = actor.organisation_id
    return editing.save(actor=actor, instance=course, object_type="monitoring.Course",
                        changed=changed)


def save_session(*, actor: User, session: TrainingSession, changed: Iterable[str] = ()
                 ) -> TrainingSession:
    return editing.save(actor=actor, instance=session, object_type="monitoring.TrainingSession",
                        changed=changed)


# Attendees ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendeeRow:
    name: str
    agency: str
    position: str = ""
    pre_score: Decimal | None = None
    post_score: Decimal | None = None


@dataclass(frozen=True)
class RowError:
    #: The line of the file (the header is line 1) or the row of the table (from 1).
    line: int
    message: str


def _agency(text: str) -> str | None:
    wanted = text.strip().casefold()
    for value, label in Agency.choices:
        if wanted in (value.casefold(), str(label).casefold()):
            return value
    return None


def _score(text: str, label: str) -> tuple[Decimal | None, str]:
    text = text.strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return None, ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, _("%(column)s is not a number: “%(value)s”.") % {
            "column": label, "value": text}
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        return None, _("%(column)s must be between 0 and 100.") % {"column": label}
    return value.quantize(Decimal("0.1")), ""


def check_row(line: int, values: dict[str, str]) -> tuple[AttendeeRow | None, list[RowError]]:
    """One row's values as an attendee, or the row's errors."""
    problems: list[str] = []
    agency = _agency(values.get("agency", ""))
    if agency is None:
        problems.append(_("Unknown agency “%(value)s”: use one of %(codes)s.") % {
            "value": values.get("agency", "").strip(), "codes": ", ".join(Agency.values)})
    pre, error = _score(values.get("pre_score", ""), "pre_score")
    if error:
        problems.append(error)
    post, error = _score(values.get("post_score", ""), "post_score")
    if error:
        problems.append(error)
    name, position = values.get("name", "").strip(), values.get("position", "").strip()
    if len(position) > 200:
        problems.append(_("The position is longer than 200 characters."))
    if problems or agency is None:
        return None, [RowError(line, problem) for problem in problems]
    return AttendeeRow(name=name, agency=agency, position=position, pre_score=pre,
                       post_score=post), []


def parse_csv(content: bytes) -> tuple[list[AttendeeRow], list[RowError]]:
    """Attendees from a CSV file with a header naming some of ``COLUMNS`` (``agency``
    required); every row's errors, or none."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, _("The file is not UTF-8 text."))]
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "agency" not in header:
        return [], [RowError(1, _("The first line must name the columns, among them "
                                  "“agency”: %(columns)s.") % {"columns": ", ".join(COLUMNS)})]
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        return [], [RowError(1, _("Unknown columns: %(columns)s.") % {
            "columns": ", ".join(unknown)})]
    reader.fieldnames = header
    rows: list[AttendeeRow] = []
    errors: list[RowError] = []
    for index, record in enumerate(reader, start=2):
        if index - 1 > MAX_ROWS:
            return [], [RowError(index, _("More than %(max)d rows: split the file.") % {
                "max": MAX_ROWS})]
        if None in record:
            errors.append(RowError(index, _("More values than columns.")))
            continue
        values = {key: (value or "") for key, value in record.items()}
        if not any(value.strip() for value in values.values()):
            continue
        row, row_errors = check_row(index, values)
        errors += row_errors
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, _("The file holds no attendees.")))
    return rows, errors


def add_attendees(*, actor: User, session: TrainingSession, rows: Sequence[AttendeeRow]
                  ) -> list[Attendee]:
    """Add the attendees in one transaction with one audit event (ids only)."""
    with transaction.atomic():
        made = []
        for row in rows:
            attendee = Attendee(session=session, name=row.name, agency=row.agency,
                                position=row.position, pre_score=row.pre_score,
                                post_score=row.post_score)
            attendee.full_clean()
            attendee.save()
            made.append(attendee)
        audit.record(actor=actor, action=AuditAction.CREATE, object_type="monitoring.Attendee",
                     objects=made, detail={"session": session.pk})
    return made


def delete_attendee(*, actor: User, attendee: Attendee) -> None:
    editing.delete(actor=actor, instance=attendee, object_type="monitoring.Attendee")


# Statistics -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegionYears:
    years: list[int]
    #: (region, one count per year, the region's total)
    rows: list[tuple[str, list[int], int]]
    totals: list[int]


def by_region_and_year() -> RegionYears:
    """Attendees per session region and year held (sessions with no region: "—")."""
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    data = (Attendee.objects.annotate(year=ExtractYear("session__held_on"),
                                      region=F("session__region"))
            .values("region", "year").annotate(n=Count("id")).order_by())
    for row in data:
        counts[row["region"] or "—"][row["year"]] = row["n"]
    years = sorted({year for per_year in counts.values() for year in per_year})
    rows = [(region, [counts[region].get(year, 0) for year in years],
             sum(counts[region].values())) for region in sorted(counts, key=str.casefold)]
    totals = [sum(row[1][i] for row in rows) for i in range(len(years))]
    return RegionYears(years=years, rows=rows, totals=totals)


def by_agency() -> list[tuple[str, int]]:
    """Attendees per agency they work for (labels), largest first."""
    data = Attendee.objects.values("agency").annotate(n=Count("id")).order_by("-n", "agency")
    return [(str(Agency(row["agency"]).label), row["n"]) for row in data]


@dataclass(frozen=True)
class ScoreGain:
    #: Attendees with both a pre- and a post-test score.
    scored: int
    pre: Decimal | None
    post: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


def _round(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def score_gain(sessions: Iterable[TrainingSession] | None = None) -> ScoreGain:
    """The average pre- and post-test scores of attendees who have both (of ``sessions``, or
    all)."""
    scored = Attendee.objects.filter(Q(pre_score__isnull=False) & Q(post_score__isnull=False))
    if sessions is not None:
        scored = scored.filter(session__in=list(sessions))
    found = scored.aggregate(n=Count("id"), pre=Avg("pre_score"), post=Avg("post_score"))
    return ScoreGain(scored=found["n"], pre=_round(found["pre"]), post=_round(found["post"]))


def screening_per_year() -> list[tuple[int, int]]:
    return sorted(screening_trained_per_year().items())



def statistics_csv() -> str:
    """The statistics page's tables as one CSV: ``table,group,year,count`` (``region``: one row
    per region and year; ``agency``: per agency, no year; ``screening``: accounts per year)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "group", "year", "count"])
    regions = by_region_and_year()
    for region, counts, _total in regions.rows:
        for year, count in zip(regions.years, counts, strict=True):
            writer.writerow(["region", text_cell(region), year, count])
    for label, count in by_agency():
        writer.writerow(["agency", label, "", count])
    for year, count in screening_per_year():
        writer.writerow(["screening", "", year, count])
    return out.getvalue()
