"""``/api/v1/complaints``: triage in JSON with the pages' rules (the same selectors and
services: 404 for another organisation's complaint, 403 for a role that does not triage, 422 for
bad input). The public form is not an API: complaints arrive only through ``/report/``."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.api.common import ERRORS, acting_user
from palermo.api.schemas import MAX_OFFSET
from palermo.complaints import labour, selectors, services
from palermo.complaints.models import Complaint
from palermo.core import audit
from palermo.core.models import AuditAction

router = Router(tags=["complaints"])


class ComplaintQuery(Schema):
    status: str = "open"
    category: str = ""
    urgency: str = ""
    facility: int | None = None
    assigned: str = ""
    limit: int = 50
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class MessageOut(Schema):
    id: int
    author: str
    text: str | None
    written_on: datetime.date


class ComplaintOut(Schema):
    id: int
    reference: str
    received_on: datetime.date
    category: str
    urgency: str
    status: str
    facility: int | None
    region: str
    assigned_to: int | None
    duplicate_of: int | None
    case: str | None
    language: str
    answers: dict[str, Any] | None = None
    labour_flags: list[str] = []
    ilo_c29: bool | None = None
    messages: list[MessageOut] | None = None


class ComplaintPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ComplaintOut]


# Defaults, so that a stranger gets 404 whatever it sends (fields are checked once the
# complaint is found).
class ReplyIn(Schema):
    text: str = ""


class AssignIn(Schema):
    assignee: int | None = None


class ConvertedOut(Schema):
    """The case a complaint became (named apart from the registry's CaseOut: the OpenAPI schema
    holds one component per name)."""

    complaint: int
    case: str
    case_id: int


ANSWERS = ["reporter", "facility_other", "hours_per_day", "days_per_week", "monthly_pay",
           "deductions", "penalised_for_refusing", "punished_for_complaining", "private_company",
           "company_name", "recruiter_type", "person_status", "promises", "threats", "text"]


def complaint_out(user: User, complaint: Complaint, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": complaint.pk, "reference": complaint.reference,
        "received_on": complaint.received_on, "category": complaint.category,
        "urgency": complaint.urgency, "status": complaint.status,
        "facility": complaint.facility_id, "region": complaint.region,
        "assigned_to": complaint.assigned_to_id, "duplicate_of": complaint.duplicate_of_id,
        "case": complaint.case.code if complaint.case else None, "language": complaint.language,
    }
    if full:
        texts = has_capability(user, Capability.SEE_COMPLAINT_IDENTITIES)
        answers = {name: getattr(complaint, name) for name in ANSWERS}
        if answers["monthly_pay"] is not None:
            answers["monthly_pay"] = str(answers["monthly_pay"])
        if not texts:
            for name in ("facility_other", "deductions", "company_name", "promises", "threats",
                         "text"):
                answers.pop(name)
        c29 = labour.ilo_c29(complaint)
        out.update(
            answers=answers, labour_flags=[f.code for f in labour.flags(complaint)],
            ilo_c29=c29.qualifies if c29 else None,
            messages=[{"id": m.pk, "author": m.author, "written_on": m.written_on,
                       "text": m.text if texts or m.author == "staff" else None}
                      for m in complaint.messages.all()],
        )
    return out


@router.get("", response={200: ComplaintPage, **ERRORS}, summary="The triage queue")
def list_complaints(request: HttpRequest, filters: Query[ComplaintQuery]) -> dict[str, Any]:
    user = acting_user(request)
    rows = selectors.queue(user, selectors.QueueFilters(
        status=filters.status, category=filters.category, urgency=filters.urgency,
        facility=filters.facility, assigned=filters.assigned))
    limit = max(1, min(filters.limit, 200))
    page = list(rows[filters.offset:filters.offset + limit])
    audit.record(actor=user, action=AuditAction.VIEW, object_type=services.COMPLAINT,
                 objects=page, detail={"list": True, "api": True})
    return {"count": rows.count(), "limit": limit, "offset": filters.offset,
            "items": [complaint_out(user, c) for c in page]}


@router.get("/{complaint_id}", response={200: ComplaintOut, **ERRORS},
            summary="A complaint, its answers, labour-standards flags and messages")
def read_complaint(request: HttpRequest, complaint_id: int) -> dict[str, Any]:
    user = acting_user(request)
    complaint = selectors.get_complaint(user, complaint_id)
    audit.record(actor=user, action=AuditAction.VIEW, object_type=services.COMPLAINT,
                 objects=[complaint], detail={"api": True})
    return complaint_out(user, complaint, full=True)


@router.post("/{complaint_id}/reply", response={201: MessageOut, **ERRORS},
             summary="Reply to the complainant (read with their receipt code)")
def reply(request: HttpRequest, complaint_id: int, payload: ReplyIn) -> Status[Any]:
    user = acting_user(request)
    complaint = selectors.get_complaint(user, complaint_id)
    message = services.reply(user=user, complaint=complaint, text=payload.text)
    return Status(201, {"id": message.pk, "author": message.author, "text": message.text,
                        "written_on": message.written_on})


@router.post("/{complaint_id}/assign", response={200: ComplaintOut, **ERRORS},
             summary="Assign to an intake officer of the organisation, or to nobody")
def assign(request: HttpRequest, complaint_id: int, payload: AssignIn) -> dict[str, Any]:
    from django.core.exceptions import ValidationError

    user = acting_user(request)
    complaint = selectors.get_complaint(user, complaint_id)
    assignee = None
    if payload.assignee is not None:
        assignee = selectors.triage_officers(user).filter(pk=payload.assignee).first()
        if assignee is None:
            raise ValidationError({"assignee": ["Not an intake officer of your organisation."]})
    services.assign(user=user, complaint=complaint, assignee=assignee)
    return complaint_out(user, complaint)


@router.post("/{complaint_id}/convert", response={201: ConvertedOut, **ERRORS},
             summary="Open a case pre-filled from the complaint")
def convert(request: HttpRequest, complaint_id: int) -> Status[Any]:
    user = acting_user(request)
    complaint = selectors.get_complaint(user, complaint_id)
    case = services.convert(user=user, complaint=complaint)
    return Status(201, {"complaint": complaint.pk, "case": case.code, "case_id": case.pk})
