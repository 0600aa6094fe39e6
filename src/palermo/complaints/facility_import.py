"""Facilities from a CSV (or XLSX) file, all or nothing: every row is checked first, and one bad
row means nothing is written and every bad row is reported. A row whose name and region match a
facility already in the registry updates it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases.import_files import FileRejected, read_table
from palermo.complaints.codes import FacilityType
from palermo.complaints.models import Facility
from palermo.core import audit
from palermo.core.models import AuditAction

COLUMNS = ["name", "type", "region", "operator", "companies"]
REQUIRED = ["name", "type", "region"]
MAX_ROWS = 5000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _facility_type(value: str) -> str | None:
    """A type by its code or by its English or current-language label."""
    lowered = value.casefold()
    for code, label in FacilityType.choices:
        if lowered in (code.casefold(), str(label).casefold()):
            return code
    return None


def import_facilities(*, user: User, content: bytes, filename: str) -> ImportResult:
    if not has_capability(user, Capability.TRIAGE_COMPLAINTS):
        raise PermissionDenied
    result = ImportResult()
    try:
        rows = list(read_table(content, filename))
    except FileRejected as exc:
        result.errors.append(str(exc))
        return result
    if not rows:
        result.errors.append(_("The file is empty."))
        return result
    header_row, header_cells = rows[0]
    header = [_text(c).casefold() for c in header_cells]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c and c not in COLUMNS]
    if missing or unknown:
        if missing:
            result.errors.append(_("Row %(row)d: the header lacks the columns %(columns)s.")
                                 % {"row": header_row, "columns": ", ".join(missing)})
        if unknown:
            result.errors.append(_("Row %(row)d: unknown columns %(columns)s (the columns are "
                                   "%(known)s).") % {"row": header_row,
                                                     "columns": ", ".join(unknown),
                                                     "known": ", ".join(COLUMNS)})
        return result
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
        return result
    checked: list[Facility] = []
    seen: dict[tuple[str, str], int] = {}
    existing = {(f.name.casefold(), f.region.casefold()): f for f in Facility.objects.all()}
    for number, cells in rows[1:]:
        if not any(_text(c) for c in cells):
            continue
        values = {name: _text(cells[i]) if i < len(cells) else "" for i, name in
                  enumerate(header) if name}
        problems = []
        if any(v.startswith(("=", "+", "-", "@")) for v in values.values()):
            problems.append(_("a value starts with =, +, - or @ (a spreadsheet formula)"))
        kind = _facility_type(values.get("type", ""))
        if kind is None:
            problems.append(_("type “%(value)s” is not one of %(codes)s") % {
                "value": values.get("type", ""), "codes": ", ".join(FacilityType.values)})
        key = (values.get("name", "").casefold(), values.get("region", "").casefold())
        if key in seen:
            problems.append(_("the same name and region as row %(row)d") % {"row": seen[key]})
        seen[key] = number
        facility = existing.get(key) or Facility()
        facility.name, facility.region = values.get("name", ""), values.get("region", "")
        facility.facility_type = kind or ""
        facility.operator = values.get("operator", facility.operator if facility.pk else "")
        facility.companies = values.get("companies", facility.companies if facility.pk else "")
        try:
            facility.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name == "facility_type" and kind is None:
                    continue
                problems += [f"{name}: {m}" for m in messages]
        if problems:
            result.errors.append(_("Row %(row)d: %(problems)s.")
                                 % {"row": number, "problems": "; ".join(problems)})
        checked.append(facility)
    if result.errors:
        return result
    if not checked:
        result.errors.append(_("The file has a header but no facilities."))
        return result
    with transaction.atomic():
        for facility in checked:
            if facility.pk:
                result.updated += 1
            else:
                result.created += 1
            facility.save()
        audit.record(actor=user, action=AuditAction.CREATE, object_type="complaints.Facility",
                     objects=checked, detail={"import": True, "created": result.created,
                                              "updated": result.updated})
    return result
