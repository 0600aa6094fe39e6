"""Triage writes: assign, reply, set urgency and region, merge duplicates, mark as spam, turn into
a case. Each is one transaction with its audit row (ids and field names, never the texts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases import services as case_services
from palermo.cases.codes import CaseType, Exploitation
from palermo.cases.models import Case, Note
from palermo.complaints.codes import Author, Category, Status
from palermo.complaints.models import Complaint, Message
from palermo.core import audit
from palermo.core.models import AuditAction

COMPLAINT = "complaints.Complaint"
CLOSED = (Status.MERGED, Status.SPAM, Status.CONVERTED)


def require_triage(user: User, complaint: Complaint | None = None) -> None:
    if not has_capability(user, Capability.TRIAGE_COMPLAINTS):
        raise PermissionDenied
    if complaint is not None and complaint.organisation_id != user.organisation_id:
        raise PermissionDenied


def _record(user: User, complaint: Complaint, **detail: Any) -> None:
    audit.record(actor=user, action=AuditAction.UPDATE, object_type=COMPLAINT,
                 objects=[complaint], detail=detail)


def _require_open(complaint: Complaint) -> None:
    if complaint.status in CLOSED:
        raise ValidationError(_("This complaint is closed (%(status)s).")
                              % {"status": complaint.get_status_display()})


@transaction.atomic
def assign(*, user: User, complaint: Complaint, assignee: User | None) -> Complaint:
    require_triage(user, complaint)
    if assignee is not None and (
        assignee.organisation_id != complaint.organisation_id
        or not has_capability(assignee, Capability.TRIAGE_COMPLAINTS)
    ):
        raise ValidationError(_("Complaints can be assigned only to your organisation's "
                                "intake officers."))
    complaint.assigned_to = assignee
    fields = ["assigned_to"]
    if assignee is not None and complaint.status == Status.NEW:
        complaint.status = Status.IN_PROGRESS
        fields.append("status")
    complaint.save(update_fields=fields)
    _record(user, complaint, fields=fields, assigned_to=assignee.pk if assignee else None)
    return complaint


@transaction.atomic
def update_triage(*, user: User, complaint: Complaint, urgency: str, region: str) -> Complaint:
    require_triage(user, complaint)
    changed = [name for name, value in (("urgency", urgency), ("region", region))
               if getattr(complaint, name) != value]
    if changed:
        complaint.urgency, complaint.region = urgency, region
        complaint.full_clean(validate_unique=False)
        complaint.save(update_fields=changed)
        _record(user, complaint, fields=changed)
    return complaint


@transaction.atomic
def reply(*, user: User, complaint: Complaint, text: str) -> Message:
    """A reply the complainant reads with their receipt code."""
    require_triage(user, complaint)
    if complaint.status in (Status.MERGED, Status.SPAM):
        raise ValidationError(_("This complaint is closed (%(status)s).")
                              % {"status": complaint.get_status_display()})
    if not text.strip():
        raise ValidationError({"text": _("Write the reply.")})
    message = Message.objects.create(complaint=complaint, author=Author.STAFF, staff=user,
                                     text=text, written_on=timezone.localdate())
    if complaint.status in (Status.NEW, Status.IN_PROGRESS):
        complaint.status = Status.ANSWERED
        complaint.save(update_fields=["status"])
    _record(user, complaint, reply=message.pk)
    return message


@transaction.atomic
def merge(*, user: User, complaint: Complaint, into: Complaint) -> Complaint:
    """Mark ``complaint`` as a duplicate of ``into``; each keeps its own thread and code."""
    require_triage(user, complaint)
    require_triage(user, into)
    _require_open(complaint)
    if into.pk == complaint.pk:
        raise ValidationError({"into": _("A complaint cannot be merged into itself.")})
    if into.status in (Status.MERGED, Status.SPAM):
        raise ValidationError({"into": _("Merge into a complaint that is not itself merged or "
                                         "spam.")})
    complaint.duplicate_of, complaint.status = into, Status.MERGED
    complaint.save(update_fields=["duplicate_of", "status"])
    _record(user, complaint, merged_into=into.pk)
    _record(user, into, duplicate_added=complaint.pk)
    return complaint


@transaction.atomic
def mark_spam(*, user: User, complaint: Complaint) -> Complaint:
    require_triage(user, complaint)
    _require_open(complaint)
    complaint.status = Status.SPAM
    complaint.save(update_fields=["status"])
    _record(user, complaint, fields=["status"], status=Status.SPAM)
    return complaint


CASE_TYPES = {
    Category.PRISON_LABOUR: CaseType.PRISON_LABOUR,
    Category.MILITARY_RECRUITMENT: CaseType.FORCED_MILITARY,
    Category.CONSCIENTIOUS_OBJECTION: CaseType.OTHER,
    Category.FORCED_LABOUR: CaseType.FORCED_LABOUR,
    Category.OTHER: CaseType.OTHER,
}
EXPLOITATION = {
    Category.PRISON_LABOUR: [Exploitation.FORCED_LABOUR],
    Category.MILITARY_RECRUITMENT: [Exploitation.FORCED_MILITARY],
    Category.FORCED_LABOUR: [Exploitation.FORCED_LABOUR],
}


def narrative_of(complaint: Complaint) -> str:
    """The complaint's answers and text as the case's narrative (encrypted there too)."""
    lines = [_("From complaint %(ref)s, received on %(day)s.") % {
        "ref": complaint.reference, "day": complaint.received_on.isoformat()}]
    for name in ("facility", "facility_other", "hours_per_day", "days_per_week", "monthly_pay",
                 "deductions", "penalised_for_refusing", "punished_for_complaining",
                 "private_company", "company_name", "person_status", "recruiter_type",
                 "promises", "threats"):
        field = Complaint._meta.get_field(name)
        value = getattr(complaint, name)
        if value in (None, "") or not isinstance(field, Field):
            continue
        shown = getattr(complaint, f"get_{name}_display")() if field.choices else value
        lines.append(f"{field.verbose_name}: {shown}")
    if complaint.text:
        lines += ["", complaint.text]
    return "\n".join(lines)


@transaction.atomic
def convert(*, user: User, complaint: Complaint) -> Case:
    """Open a case pre-filled from the complaint, linked both ways, audited on both sides."""
    require_triage(user, complaint)
    if not has_capability(user, Capability.CONVERT_COMPLAINTS):
        raise PermissionDenied
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_open(complaint)
    region = complaint.facility.region if complaint.facility else complaint.region
    person = case_services.create_person(user=user, from_complaint=True)
    case = case_services.create_case(
        user=user, persons=[person], from_complaint=True,
        case_type=CASE_TYPES[Category(complaint.category)],
        exploitation=EXPLOITATION.get(Category(complaint.category), []),
        exploitation_region=region[:100], opened_on=timezone.localdate(),
        narrative=narrative_of(complaint),
    )
    Note.objects.create(case=case, author=user, text=_(
        "Opened from complaint %(ref)s of the public channel.") % {"ref": complaint.reference})
    complaint.case, complaint.status = case, Status.CONVERTED
    complaint.save(update_fields=["case", "status"])
    _record(user, complaint, converted_to_case=case.pk)
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail={"from_complaint": complaint.pk})
    return case

