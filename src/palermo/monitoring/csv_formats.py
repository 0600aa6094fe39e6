"""CSV import and export of recommendations in the column layouts of OHCHR's Universal Human
Rights Index (UHRI) and of the UPR Info database (``docs/monitoring.md`` lists the columns).

Import is all or nothing: every row is checked first, each problem is reported with its row
number, column and a plain message, and nothing is written unless the whole file is clean.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring import vocabularies as vocab
from palermo.monitoring.models import Mechanism, Recommendation, Response

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
#: Several values in one cell (themes, SDGs, states) are separated by semicolons.
SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TREATY_BODIES = frozenset({"CAT", "CED", "CEDAW", "CERD", "CESCR", "CCPR", "CMW", "CRC", "CRPD",
                           "SPT"})
#: The treaty bodies' full names, read as their acronyms.
TREATY_BODY_NAMES = {
    "committee against torture": "CAT", "committee on enforced disappearances": "CED",
    "committee on the elimination of discrimination against women": "CEDAW",
    "committee on the elimination of racial discrimination": "CERD",
    "committee on economic, social and cultural rights": "CESCR",
    "human rights committee": "CCPR", "committee on migrant workers": "CMW",
    "committee on the rights of the child": "CRC",
    "committee on the rights of persons with disabilities": "CRPD",
    "subcommittee on prevention of torture": "SPT",
}
#: United Nations short names django-countries does not know.
UN_NAMES = {
    "republic of korea": "KR", "democratic people's republic of korea": "KP",
    "republic of moldova": "MD", "state of palestine": "PS", "united republic of tanzania": "TZ",
    "democratic republic of the congo": "CD", "micronesia (federated states of)": "FM",
    "netherlands (kingdom of the)": "NL",
}
RESPONSES = {
    "supported": Response.SUPPORTED, "accepted": Response.SUPPORTED,
    "noted": Response.NOTED, "not accepted": Response.NOTED, "rejected": Response.NOTED,
    "partially supported": Response.PARTIALLY_SUPPORTED,
    "partially accepted": Response.PARTIALLY_SUPPORTED, "partially": Response.PARTIALLY_SUPPORTED,
    "partially_supported": Response.PARTIALLY_SUPPORTED, "": Response.NONE,
    "pending": Response.NONE,
}


@dataclass(frozen=True)
class RowError:
    """A problem in the file: ``row`` counts lines from 1 (the header); 0 is the whole file."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        where = _("Row %(row)s") % {"row": self.row}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    rows: int = 0


class RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


# --- value parsing -------------------------------------------------------------------------


def country_code(name: str) -> str:
    """The ISO code of a country given by English name, UN name or ISO code ('' if unknown)."""
    value = name.strip()
    if not value:
        return ""
    upper = value.upper()
    if len(upper) == 2 and upper in dict(countries):
        return upper
    if len(upper) == 3 and countries.alpha2(upper):
        return str(countries.alpha2(upper))
    code = UN_NAMES.get(value.lower()) or countries.by_name(value)
    return str(code or "")


def country_name(code: str) -> str:
    with translation.override("en"):
        return str(countries.name(code))


def split_trailing_states(text: str) -> tuple[str, list[str]]:
    """Split "… (France) (Lithuania);" into the text and the ISO codes of the states named in
    the trailing parentheses (nested parentheses as in "Bolivia (Plurinational State of)")."""
    rest = text.rstrip().rstrip(";.").rstrip()
    found: list[str] = []
    while rest.endswith(")"):
        depth = 0
        start = -1
        for index in range(len(rest) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(rest[index], 0)
            if depth == 0:
                start = index
                break
        if start < 0:
            break
        inner = rest[start + 1:-1]
        codes = [country_code(part) for part in inner.split(",")]
        if not all(codes):
            whole = country_code(inner)
            if not whole:
                break
            codes = [whole]
        found[:0] = codes
        rest = rest[:start].rstrip().rstrip(",").rstrip()
    if not found:
        return text.strip(), []
    return rest.rstrip(";").rstrip(), found


def _codes(column: str, cell: str, choices: Iterable[tuple[Any, str | Promise]],
           what: str) -> list[str]:
    by_code = {str(code).lower(): str(code) for code, _label in choices}
    with translation.override("en"):
        by_label = {str(label).lower(): str(code) for code, label in choices}
    found = []
    for part in (p.strip() for p in cell.split(SEPARATOR)):
        if not part:
            continue
        code = by_code.get(part.lower()) or by_label.get(part.lower())
        if code is None:
            raise RowProblem(column, _("Unknown %(what)s “%(value)s”.") % {
                "what": what, "value": part})
        if code not in found:
            found.append(code)
    return found


def _response(column: str, cell: str) -> str:
    key = " ".join(cell.lower().replace("_", " ").split())
    if key not in RESPONSES:
        raise RowProblem(column, _("Unknown response “%(value)s”: use Supported (or Accepted), "
                                   "Noted or Partially supported.") % {"value": cell})
    return str(RESPONSES[key])


def _states(column: str, cell: str) -> list[str]:
    parts = cell.split(SEPARATOR) if SEPARATOR in cell else [cell]
    codes: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        code = country_code(part)
        if not code:
            text, named = split_trailing_states(part)
            if text or not named:
                raise RowProblem(column, _("Unknown country “%(value)s”.") % {"value": part})
            codes.extend(named)
            continue
        codes.append(code)
    return list(dict.fromkeys(codes))


def _state(column: str, cell: str) -> str:
    code = country_code(cell)
    if not code:
        raise RowProblem(column, _("Unknown country “%(value)s”.") % {"value": cell})
    return code


def _cycle(column: str, cell: str) -> int | None:
    if not cell.strip():
        return None
    try:
        value = int(cell.strip())
    except ValueError:
        raise RowProblem(column, _("The cycle must be a whole number.")) from None
    if not 1 <= value <= 20:
        raise RowProblem(column, _("The cycle must be between 1 and 20."))
    return value


def _date(column: str, cell: str) -> date | None:
    value = cell.strip()[:10]
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowProblem(column, _("Give the date as YYYY-MM-DD.")) from None


def _action_category(column: str, cell: str) -> int | None:
    value = cell.strip()
    if not value:
        return None
    number = value.split()[0]
    if number.isdigit() and int(number) in vocab.ActionCategory.values:
        return int(number)
    raise RowProblem(column, _("The action category must be a number from 1 to 5."))


def _mechanism(column: str, cell: str) -> tuple[str, str]:
    value = cell.strip()
    if not value:
        raise RowProblem(column, _("Name the body: UPR, a treaty body or a special procedure."))
    if value.upper() in ("UPR", "UNIVERSAL PERIODIC REVIEW"):
        return Mechanism.UPR, ""
    if value.upper() in TREATY_BODIES:
        return Mechanism.TREATY_BODY, value.upper()
    if " ".join(value.lower().split()) in TREATY_BODY_NAMES:
        return Mechanism.TREATY_BODY, TREATY_BODY_NAMES[" ".join(value.lower().split())]
    return Mechanism.SPECIAL_PROCEDURE, value


def _export_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (import undoes it)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _import_cell(column: str, value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    if value.startswith(FORMULA_STARTS):
        raise RowProblem(column, _("The cell starts with “%(char)s”, like a spreadsheet formula; "
                                   "formulas are refused.") % {"char": value[0].strip() or
                                                               _("a tab")})
    return value


# --- the two formats ------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvFormat:
    key: str
    label: str | Promise
    short: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    ignored: tuple[str, ...]
    parse: Callable[[dict[str, str]], dict[str, Any]]
    row: Callable[[Recommendation], dict[str, str]]


def _labels(codes: Iterable[str], choices: Iterable[tuple[Any, str | Promise]]) -> str:
    with translation.override("en"):
        names = {str(code): str(label) for code, label in choices}
        return f"{SEPARATOR} ".join(names.get(str(code), str(code)) for code in codes)


def _states_cell(codes: Iterable[Any]) -> str:
    return f"{SEPARATOR} ".join(country_name(str(code)) for code in codes)


def _uhri_parse(cells: dict[str, str]) -> dict[str, Any]:
    mechanism, body = _mechanism("Body", cells.get("Body", ""))
    text, states = split_trailing_states(cells["Text"])
    if not text:
        raise RowProblem("Text", _("The recommendation has no text."))
    return {
        "external_id": cells.get("AnnotationId", "").strip(),
        "document_symbol": cells.get("Symbol", "").strip(),
        "paragraph": cells.get("Paragraph", "").strip(),
        "text": text, "recommending_states": states,
        "mechanism": mechanism, "body": body,
        "state_under_review": _state("Countries", cells.get("Countries", "")),
        "adopted_on": _date("PublicationDate", cells.get("PublicationDate", "")),
        "cycle": _cycle("Cycle", cells.get("Cycle", "")),
        "session": cells.get("Session", "").strip(),
        "response": _response("Position", cells.get("Position", "")),
        "response_source": cells.get("SourceOfPosition", "").strip(),
        "themes": _codes("Themes", cells.get("Themes", ""), vocab.Theme.choices,
                         _("theme")),
        "affected_persons": _codes("AffectedPersons", cells.get("AffectedPersons", ""),
                                   vocab.AffectedPersons.choices, _("affected persons")),
        "sdg_targets": _codes("Sdgs", cells.get("Sdgs", ""), vocab.SDG_TARGET_CHOICES,
                              _("SDG target")),
    }


def _uhri_row(rec: Recommendation) -> dict[str, str]:
    states = " ".join(f"({country_name(str(code))})" for code in rec.recommending_states)
    text = f"{rec.text} {states}" if states else rec.text
    if rec.mechanism == Mechanism.UPR:
        body = "UPR"
    else:
        body = rec.body
    with translation.override("en"):
        position = str(Response(rec.response).label) if rec.response else ""
    return {
        "AnnotationId": rec.external_id, "Symbol": rec.document_symbol,
        "Paragraph": rec.paragraph, "Text": text, "Body": body,
        "Countries": country_name(str(rec.state_under_review)),
        "PublicationDate": rec.adopted_on.isoformat() if rec.adopted_on else "",
        "Cycle": str(rec.cycle or ""), "Session": rec.session, "Position": position,
        "SourceOfPosition": rec.response_source,
        "Themes": _labels(rec.themes, vocab.Theme.choices),
        "AffectedPersons": _labels(rec.affected_persons, vocab.AffectedPersons.choices),
        "Sdgs": f"{SEPARATOR} ".join(rec.sdg_targets),
    }


UPR_INFO_RESPONSES = {Response.SUPPORTED: "Accepted", Response.NOTED: "Noted",
                      Response.PARTIALLY_SUPPORTED: "Partially accepted", Response.NONE: ""}


def _upr_info_parse(cells: dict[str, str]) -> dict[str, Any]:
    text = cells["Recommendation"].strip()
    states = _states("Recommending State", cells.get("Recommending State", ""))
    if not states:
        text, states = split_trailing_states(text)
    if not text:
        raise RowProblem("Recommendation", _("The recommendation has no text."))
    cycle = _cycle("Cycle", cells.get("Cycle", ""))
    if cycle is None:
        raise RowProblem("Cycle", _("Give the UPR cycle."))
    return {
        "external_id": cells.get("ID", "").strip(), "mechanism": Mechanism.UPR, "body": "",
        "text": text, "recommending_states": states,
        "state_under_review": _state("State under Review", cells.get("State under Review", "")),
        "cycle": cycle, "session": cells.get("Session", "").strip(),
        "document_symbol": cells.get("Document", "").strip(),
        "paragraph": cells.get("Paragraph", "").strip(),
        "response": _response("Response", cells.get("Response", "")),
        "themes": _codes("Issues", cells.get("Issues", ""), vocab.Theme.choices, _("issue")),
        "action_category": _action_category("Action Category",
                                            cells.get("Action Category", "")),
        "sdg_targets": _codes("SDGs", cells.get("SDGs", ""), vocab.SDG_TARGET_CHOICES,
                              _("SDG target")),
    }


def _upr_info_row(rec: Recommendation) -> dict[str, str]:
    return {
        "ID": rec.external_id,
        "State under Review": country_name(str(rec.state_under_review)),
        "Recommending State": _states_cell(rec.recommending_states),
        "Recommendation": rec.text, "Cycle": str(rec.cycle or ""), "Session": rec.session,
        "Document": rec.document_symbol, "Paragraph": rec.paragraph,
        "Response": UPR_INFO_RESPONSES[Response(rec.response)],
        "Issues": _labels(rec.themes, vocab.Theme.choices),
        "Action Category": str(rec.action_category or ""),
        "SDGs": f"{SEPARATOR} ".join(rec.sdg_targets),
    }


FORMATS = {
    "uhri": CsvFormat(
        key="uhri", label=gettext_lazy("OHCHR Universal Human Rights Index (UHRI)"), short="UHRI",
        columns=("AnnotationId", "Symbol", "Paragraph", "Text", "Body", "Countries",
                 "PublicationDate", "Cycle", "Session", "Position", "SourceOfPosition", "Themes",
                 "AffectedPersons", "Sdgs"),
        required=("Text", "Body", "Countries"), ignored=("AnnotationType", "Regions",
                                                        "DocumentId"),
        parse=_uhri_parse, row=_uhri_row,
    ),
    "upr-info": CsvFormat(
        key="upr-info", label=gettext_lazy("UPR Info database"), short="UPR Info",
        columns=("ID", "State under Review", "Recommending State", "Recommendation", "Cycle",
                 "Session", "Document", "Paragraph", "Response", "Issues", "Action Category",
                 "SDGs"),
        required=("State under Review", "Recommendation", "Cycle"),
        ignored=("SuR Region", "RS Region"),
        parse=_upr_info_parse, row=_upr_info_row,
    ),
}


# --- export ---------------------------------------------------------------------------------


def export(fmt: CsvFormat, recommendations: Iterable[Recommendation]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fmt.columns), lineterminator="\r\n")
    writer.writeheader()
    for rec in recommendations:
        writer.writerow({key: _export_cell(value) for key, value in fmt.row(rec).items()})
    return out.getvalue()


# --- import ---------------------------------------------------------------------------------


def size_error() -> RowError:
    """The error for a file over ``MAX_BYTES`` (checked before reading an upload)."""
    return RowError(0, "", _("The file is larger than %(mb)s MB; split it.") % {
        "mb": max(MAX_BYTES // (1024 * 1024), 1)})


def _decode(data: bytes) -> tuple[str | None, RowError | None]:
    if len(data) > MAX_BYTES:
        return None, size_error()
    if not data.strip():
        return None, RowError(0, "", _("The file is empty."))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, RowError(0, "", _("The file is not UTF-8 text (byte %(at)s); save it as "
                                       "“CSV UTF-8” and try again.") % {"at": exc.start + 1})


def _check_header(fmt: CsvFormat, header: list[str]) -> list[RowError]:
    errors = []
    names = [name.strip() for name in header]
    for name in fmt.required:
        if name not in names:
            errors.append(RowError(1, name, _("The required column is missing. The %(format)s "
                                               "header is: %(columns)s.") % {
                "format": fmt.label, "columns": ", ".join(fmt.columns)}))
    for name in names:
        if name not in fmt.columns and name not in fmt.ignored:
            errors.append(RowError(1, name, _("Unknown column for this format.")))
    if len(set(names)) != len(names):
        errors.append(RowError(1, "", _("A column appears twice.")))
    return errors


def _field_column(fmt: CsvFormat, field_name: str) -> str:
    for column in fmt.columns:
        if column.lower().replace(" ", "_") == field_name:
            return column
    return field_name


def parse(fmt: CsvFormat, data: bytes) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Check a whole file: the rows' field values, or the errors (both never non-empty)."""
    text, problem = _decode(data)
    if problem is not None or text is None:
        return [], [problem] if problem else []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], [RowError(0, "", _("The file has no header row."))]
    errors = _check_header(fmt, header)
    if errors:
        return [], errors
    names = [name.strip() for name in header]
    parsed: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed) + len(errors) >= MAX_ROWS:
                return [], [RowError(0, "", _("The file has more than %(rows)s rows; split it.")
                                     % {"rows": MAX_ROWS})]
            if len(cells) != len(names):
                errors.append(RowError(number, "", _(
                    "The row has %(got)s cells, the header %(want)s.") % {
                    "got": len(cells), "want": len(names)}))
                continue
            try:
                row = {name: _import_cell(name, cell) for name, cell in zip(names, cells,
                                                                          strict=True)}
                values = fmt.parse(row)
            except RowProblem as exc:
                errors.append(RowError(number, exc.column, exc.message))
                continue
            external_id = values.get("external_id", "")
            if external_id and external_id in seen_ids:
                errors.append(RowError(number, fmt.columns[0], _(
                    "The identifier is also on row %(row)s.") % {"row": seen_ids[external_id]}))
                continue
            if external_id:
                seen_ids[external_id] = number
            values["_row"] = number
            parsed.append(values)
    except csv.Error as exc:
        return [], [RowError(0, "", _("The file is not valid CSV: %(error)s.") % {
            "error": exc})]
    if errors:
        return [], errors
    return parsed, []


def import_file(*, actor: User, fmt: CsvFormat, data: bytes, write: bool = True
                ) -> ImportResult:
    """Check the file, then (if ``write`` and no row has an error) create the recommendations,
    or update the actor's organisation's ones with the same identifier, in one transaction."""
    result = ImportResult()
    parsed, errors = parse(fmt, data)
    result.rows = len(parsed)
    if errors:
        result.errors = errors
        return result
    if actor.organisation_id is None:
        raise ValueError("only members of an organisation import recommendations")
    organisation_id: int = actor.organisation_id
    owned = cast(QuerySet[Recommendation], Recommendation.objects.editable_by(actor))
    existing = {rec.external_id: rec for rec in owned.exclude(external_id="").filter(
                    external_id__in=[v["external_id"] for v in parsed if v["external_id"]])}
    pending: list[tuple[Recommendation, bool]] = []
    for values in parsed:
        number = values.pop("_row")
        rec = existing.get(values["external_id"]) if values["external_id"] else None
        creating = rec is None
        if rec is None:
            rec = Recommendation(organisation_id=organisation_id)
        for name, value in values.items():
            setattr(rec, name, value)
        try:
            rec.full_clean(exclude=["related"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    result.errors.append(RowError(number, _field_column(fmt, name), message))
            continue
        pending.append((rec, creating))
    if result.errors or not write:
        return result
    with transaction.atomic():
        for rec, creating in pending:
            rec.save()
            (result.created if creating else result.updated).append(rec.pk)
        audit.record(actor=actor, action=AuditAction.CREATE,
                     object_type="monitoring.Recommendation",
                     objects=result.created + result.updated,
                     detail={"import": fmt.key, "created": len(result.created),
                             "updated": len(result.updated)})
    return result
