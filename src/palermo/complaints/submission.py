"""Writes made from the public pages: a new complaint, and information added with a receipt
code. Neither keeps anything about the sender: no address, no user agent, no time of day; the
audit row names the complaint and nothing of the request."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from palermo.accounts.models import Organisation
from palermo.complaints import receipts, uploads
from palermo.complaints.codes import Author, Status, Urgency
from palermo.complaints.models import Attachment, Complaint, Message
from palermo.core import audit
from palermo.core.models import AuditAction

#: Answers a category's form may carry onto the complaint.
ANSWER_FIELDS = [
    "reporter", "facility", "facility_other", "text", "hours_per_day", "days_per_week",
    "monthly_pay", "deductions", "penalised_for_refusing", "punished_for_complaining",
    "private_company", "company_name", "recruiter_type", "person_status", "promises", "threats",
]


def submit_complaint(
    *, organisation: Organisation, category: str, language: str, answers: dict[str, Any],
    files: list[UploadedFile],
) -> tuple[Complaint, str]:
    """Store a complaint and its files; return it and its receipt code (shown once, never kept).

    Files are written inside the transaction; if anything fails they are removed again, so a
    refused or failed submission leaves neither a row nor a file.
    """
    code = receipts.new_code()
    values = {k: v for k, v in answers.items() if k in ANSWER_FIELDS and v is not None}
    written: list[Path] = []
    try:
        with transaction.atomic():
            complaint = Complaint(
                organisation=organisation, receipt_mac=receipts.mac_of(code),
                received_on=timezone.localdate(), language=language, category=category,
                urgency=Urgency.URGENT if answers.get("urgent") else Urgency.NORMAL, **values,
            )
            # The receipt MAC is unique by its 140 random bits (and a database constraint):
            # no query to check it.
            complaint.full_clean(validate_unique=False)
            complaint.save()
            for upload in files:
                uid = str(uuid.uuid4())
                upload.seek(0)
                content = upload.read()
                kind = uploads.sniff(content[:16])
                if kind is None or len(content) > uploads.max_bytes():
                    raise ValueError("the form let an unchecked file through")
                Attachment.objects.create(
                    complaint=complaint, uid=uid, filename=(upload.name or "file")[:200],
                    content_type=kind, size=len(content),
                )
                written.append(uploads.write(uid, content))
            audit.record(
                actor=None, action=AuditAction.CREATE, object_type="complaints.Complaint",
                objects=[complaint], detail={"channel": "public", "files": len(files)},
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return complaint, code


def find_by_receipt(code: str) -> Complaint | None:
    """The complaint a receipt code belongs to; None for a wrong or malformed code alike."""
    mac = receipts.mac_of(code)
    if not mac:
        return None
    return Complaint.objects.filter(receipt_mac=mac).select_related("duplicate_of").first()


@transaction.atomic
def add_information(*, complaint: Complaint, text: str) -> Message:
    message = Message.objects.create(
        complaint=complaint, author=Author.COMPLAINANT, text=text,
        written_on=timezone.localdate(),
    )
    if complaint.status == Status.ANSWERED:
        Complaint.objects.filter(pk=complaint.pk).update(status=Status.IN_PROGRESS)
    audit.record(
        actor=None, action=AuditAction.UPDATE, object_type="complaints.Complaint",
        objects=[complaint], detail={"channel": "public", "message_added": message.pk},
    )
    return message
