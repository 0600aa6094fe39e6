"""Import of persons and cases from a CSV (UTF-8) or XLSX file in HTCDS columns (``htcds.py``).

Everything is checked first; a file with any problem writes nothing and gives a report of every
problem by row and column. A clean file is written in one transaction through the services (each
row: one person, one case, each with its audit row), so a failure midway leaves nothing behind.
Values of identifying columns are never repeated in a report.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from palermo.accounts.models import User
from palermo.cases import htcds, services
from palermo.cases.htcds import Column, Kind, Target
from palermo.cases.import_files import FileRejected, read_table
from palermo.cases.models import Case, Person
from palermo.core import audit
from palermo.core.models import AuditAction

MAX_ROWS = 5000
#: The import page writes in the request, about 10 ms a row on SQLite: keep it well inside a
#: proxy's timeout. Larger files go through ``palermo import-cases``.
PAGE_MAX_ROWS = 1000
#: Longest part of a bad value repeated in a report.
SHOWN_CHARACTERS = 40
#: Problems listed in a report; the count of the rest is given.
MAX_LISTED_PROBLEMS = 500

# A cell a spreadsheet would run as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_COLUMN_NAME = re.compile(r"^[a-z]{3}_[A-Za-z0-9_]{1,60}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class Problem:
    """One problem: ``row`` as numbered in the file (the header is row 1), 0 for the whole file."""

    row: int
    column: str
    message: str
    value: str = ""
    value_hidden: bool = False


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    cases: list[Case] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def listed_problems(self) -> list[Problem]:
        return self.problems[:MAX_LISTED_PROBLEMS]

    @property
    def unlisted_problems(self) -> int:
        return max(0, len(self.problems) - MAX_LISTED_PROBLEMS)


@dataclass
class _Row:
    number: int
    person: dict[str, Any]
    case: dict[str, Any]


def looks_like_formula(value: str) -> bool:
    return value.startswith(_FORMULA_START) or value.lstrip(" \t\r\n").startswith(
        _FORMULA_START[:4]
    )


def shown(value: object) -> str:
    """A bad value as a report may show it: printable characters only, truncated."""
    text = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in str(value))
    if len(text) > SHOWN_CHARACTERS:
        return text[:SHOWN_CHARACTERS] + "…"
    return text


# --- Checking -------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _problem(row: int, column: Column | str, message: str, value: object = "") -> Problem:
    if isinstance(column, Column):
        hidden = column.identifying and not _blank(value)
        return Problem(row, column.name, message, "" if hidden else shown(value), hidden)
    return Problem(row, column, message, shown(value))


def _check_header(cells: list[object], data_columns: set[int]) -> tuple[dict[int, Column],
                                                                       list[Problem]]:
    problems: list[Problem] = []
    positions: dict[int, Column] = {}
    seen: set[str] = set()
    lower = {name.lower(): name for name in htcds.NAMES}
    for index, cell in enumerate(cells):
        name = "" if cell is None else str(cell).strip()
        label = _("column %(n)d") % {"n": index + 1}
        if not name:
            if index in data_columns:
                problems.append(Problem(1, label, _("This column has values but no name.")))
            continue
        column = htcds.BY_NAME.get(name)
        if column is None:
            if not _COLUMN_NAME.match(name):
                # A header that is not column-shaped may be a person's name (a file without
                # its header row): never repeat it.
                problems.append(Problem(1, label, _("This is not a column name palermo knows. "
                                                    "The first row must hold the column "
                                                    "names."), "", True))
            elif name.lower() in lower:
                problems.append(Problem(1, name, _("Unknown column. Did you mean %(name)s? "
                                                   "Column names are case-sensitive.")
                                        % {"name": lower[name.lower()]}))
            else:
                problems.append(Problem(1, name, _("Unknown column. The columns palermo reads "
                                                   "are listed on this page.")))
            continue
        if name in seen:
            problems.append(Problem(1, name, _("This column appears more than once.")))
            continue
        seen.add(name)
        positions[index] = column
    for name in htcds.REQUIRED:
        if name not in seen:
            problems.append(Problem(1, name, _("This required column is missing.")))
    return positions, problems


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _code(column: Column, raw: str) -> str:
    allowed = htcds.allowed_values(column)
    by_lower = {code.lower(): code for code in allowed}
    code = by_lower.get(raw.strip().lower())
    if code is None:
        raise ValueError(
            _("Unknown code. Allowed codes: %(codes)s.") % {"codes": ", ".join(allowed)}
        )
    return code


def _country(raw: str) -> str:
    code = raw.strip().upper()
    if not countries.alpha2(code) or len(code) != 2:
        raise ValueError(_("Not an ISO 3166 two-letter country code (such as RU, UZ, VN)."))
    return code


def _many(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(htcds.MULTI_SEPARATOR) if part.strip()]


def _parse(column: Column, value: object) -> Any:
    """The cell's value for the model; ValueError with the message for the report."""
    kind = column.kind
    if isinstance(value, bool):
        raise ValueError(_("A true/false value is not accepted here."))
    if kind == Kind.DATE:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not _ISO_DATE.match(text):
            raise ValueError(_("Not a date in the form YYYY-MM-DD (such as 2026-03-14)."))
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("This date does not exist.")) from None
    if isinstance(value, datetime.date):
        raise ValueError(_("A date is not accepted here."))
    text = _text(value)
    if kind == Kind.INTEGER:
        if not _INTEGER.match(text):
            raise ValueError(_("Not a whole number."))
        number = int(text)
        if not column.minimum <= number <= column.maximum:
            raise ValueError(_("Must be between %(min)d and %(max)d.")
                             % {"min": column.minimum, "max": column.maximum})
        return number
    if kind == Kind.CODE:
        return _code(column, text)
    if kind == Kind.CODES:
        return list(dict.fromkeys(_code(column, part) for part in _many(text)))
    if kind == Kind.COUNTRY:
        return _country(text)
    if kind == Kind.COUNTRIES:
        return list(dict.fromkeys(_country(part) for part in _many(text)))
    if kind == Kind.TEXT_LIST:
        parts = _many(text)
        if any(len(part) > column.max_length for part in parts):
            raise ValueError(_("A value is longer than %(n)d characters.")
                             % {"n": column.max_length})
        return parts
    if len(text) > column.max_length:
        raise ValueError(_("Longer than %(n)d characters.") % {"n": column.max_length})
    return text


def _unescape(value: object) -> object:
    """palermo's exports write a formula-looking text as ``'=…``; read it back as the text."""
    if isinstance(value, str) and value.startswith("'") and looks_like_formula(value[1:]):
        return value[1:]
    return value


def _check_row(number: int, cells: list[object], positions: dict[int, Column],
               today: datetime.date) -> tuple[_Row | None, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, dict[str, Any]] = {Target.PERSON: {}, Target.CASE: {}}
    present: set[str] = set()
    primary: list[str] = []
    secondary: list[str] = []
    for index, column in positions.items():
        value = cells[index] if index < len(cells) else None
        if isinstance(value, str) and looks_like_formula(value):
            problems.append(_problem(number, column, _("This looks like a spreadsheet formula, "
                                                       "which palermo does not accept. Remove "
                                                       "the leading =, +, - or @."), value))
            continue
        value = _unescape(value)
        if _blank(value):
            if column.required:
                problems.append(_problem(number, column, _("A value is required.")))
            continue
        if column.kind == Kind.SKIP:
            continue
        try:
            parsed = _parse(column, value)
        except ValueError as exc:
            problems.append(_problem(number, column, str(exc), value))
            continue
        present.add(column.name)
        if column.name == "prs_PrimaryLanguage":
            primary = [parsed]
        elif column.name == "prs_SecondaryLanguage":
            secondary = parsed
        elif column.name == "prs_IdentityNumber":
            values[Target.PERSON]["documents"] = [{"number": n} for n in parsed]
        else:
            values[column.target][column.field] = parsed
    if primary or secondary:
        values[Target.PERSON]["languages"] = list(dict.fromkeys(primary + secondary))
    person, case = values[Target.PERSON], values[Target.CASE]
    if "birth_date" in person:
        if person["birth_date"] > today:
            problems.append(_problem(number, htcds.BY_NAME["prs_Birthdate"],
                                     _("The date of birth is in the future."), "x"))
        person.setdefault("birth_year", person["birth_date"].year)
    for earlier, later, column_name, message in (
        ("opened_on", "closed_on", "cas_ClosedDate",
         _("The case cannot close before it opened.")),
        ("exploitation_started_on", "exploitation_ended_on", "vic_ExploitationEndDate",
         _("The exploitation cannot end before it began.")),
    ):
        if earlier in case and later in case and case[later] < case[earlier]:
            problems.append(_problem(number, htcds.BY_NAME[column_name], message,
                                     case[later].isoformat()))
    if problems:
        return None, problems
    problems += _model_problems(number, person, case)
    return (None if problems else _Row(number, person, case)), problems


_FIELD_COLUMN = {(c.target, c.field): c for c in reversed(htcds.COLUMNS) if c.kind != Kind.SKIP}


# Country fields are left out: ``_country`` checks the same list, and django-countries' own
# check walks every country name for each value (most of the time an import takes).
_NOT_RECHECKED = {
    Target.PERSON: ["organisation", "code", "created_by", "citizenships"],
    Target.CASE: ["organisation", "code", "created_by", "recruitment_country",
                  "exploitation_country"],
}


def _model_problems(number: int, person: dict[str, Any], case: dict[str, Any]) -> list[Problem]:
    """The models' own validation, as a safety net under the checks above."""
    problems: list[Problem] = []
    for target, model, values in ((Target.PERSON, Person, person), (Target.CASE, Case, case)):
        try:
            model(**values).full_clean(exclude=_NOT_RECHECKED[target])
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = _FIELD_COLUMN.get((target, field_name))
                label = column.name if column else field_name
                hidden = column is None or column.identifying
                for message in messages:
                    problems.append(Problem(
                        number, label,
                        _("This value is not accepted.") if hidden else message, "", hidden,
                    ))
    return problems


def check(content: bytes, filename: str,
          max_rows: int = MAX_ROWS) -> tuple[list[_Row], ImportResult]:
    """Read and check the whole file; the rows to write and the result (with any problems)."""
    result = ImportResult()
    try:
        table = list(_limited(read_table(content, filename), max_rows))
    except FileRejected as exc:
        result.problems.append(Problem(0, "", str(exc)))
        return [], result
    if all(_blank(c) for _n, cells in table for c in cells):
        result.problems.append(Problem(0, "", _("The file is empty.")))
        return [], result
    _number, header = table[0]
    if all(_blank(c) for c in header):
        result.problems.append(Problem(1, "", _("The first row must hold the column names.")))
        return [], result
    data = [(n, cells) for n, cells in table[1:] if not all(_blank(c) for c in cells)]
    data_columns = {i for _n, cells in data for i, c in enumerate(cells) if not _blank(c)}
    positions, problems = _check_header(header, data_columns)
    if problems:
        result.problems = problems
        return [], result
    if not data:
        result.problems.append(Problem(0, "", _("The file has column names but no rows.")))
        return [], result
    width = len(header)
    today = timezone.localdate()
    rows: list[_Row] = []
    for number, cells in data:
        extra = [c for c in cells[width:] if not _blank(c)]
        if extra:
            result.problems.append(Problem(number, "", _("This row has more values than the "
                                                         "first row has column names.")))
            continue
        row, row_problems = _check_row(number, cells, positions, today)
        result.problems += row_problems
        if row is not None:
            rows.append(row)
    result.rows = len(data)
    return rows, result


def _limited(rows: Iterator[tuple[int, list[object]]],
             max_rows: int) -> Iterator[tuple[int, list[object]]]:
    """Stop reading as soon as the file has more than ``max_rows`` rows (plus its header)."""
    counted = 0
    for number, cells in rows:
        if not all(_blank(c) for c in cells):
            counted += 1
            if counted > max_rows + 1:
                raise FileRejected(
                    ngettext("The file has more than %(max)d row of cases. Split it into "
                             "smaller files.",
                             "The file has more than %(max)d rows of cases. Split it into "
                             "smaller files.", max_rows) % {"max": max_rows}
                )
        yield number, cells


# --- Writing --------------------------------------------------------------------------------


def import_cases(*, user: User, content: bytes, filename: str, dry_run: bool = False,
                 max_rows: int = MAX_ROWS) -> ImportResult:
    """Check the file; unless there is a problem (or ``dry_run``), write every row or none."""
    services.require_editor(user)
    rows, result = check(content, filename, max_rows)
    result.dry_run = dry_run
    if not result.ok or dry_run:
        return result
    current = 0
    try:
        with transaction.atomic():
            for row in rows:
                current = row.number
                person = services.create_person(user=user, **row.person)
                result.cases.append(
                    services.create_case(user=user, persons=[person], **row.case)
                )
            audit.record(actor=user, action=AuditAction.CREATE, object_type="cases.Case",
                         objects=result.cases,
                         detail={"import": {"rows": len(rows),
                                            "format": filename.rsplit(".", 1)[-1].lower()}})
    except ValidationError:
        # Checked above, so this is a rule only the database knows; nothing was kept.
        result.cases = []
        result.problems.append(Problem(current, "", _("This row could not be saved; nothing "
                                                       "was imported.")))
    except PermissionDenied:
        result.cases = []
        raise
    return result
