"""Reads for the triage pages and the API, always through ``Complaint.objects.visible_to``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from palermo.accounts.models import User
from palermo.accounts.roles import ROLE_CAPABILITIES, Capability, has_capability
from palermo.complaints.codes import Status
from palermo.complaints.models import Complaint
from palermo.core.scoping import get_visible_or_404

OPEN = [Status.NEW, Status.IN_PROGRESS, Status.ANSWERED]


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"  # "open", "all" or one status
    category: str = ""
    urgency: str = ""
    facility: int | None = None
    assigned: str = ""  # "", "me" or "nobody"


def queue(user: User, filters: QueueFilters) -> QuerySet[Complaint]:
    """The triage queue: urgent first, then oldest first (the longest waiting on top)."""
    if not has_capability(user, Capability.TRIAGE_COMPLAINTS):
        raise PermissionDenied
    rows = Complaint.objects.visible_to(user).select_related("facility", "assigned_to", "case")
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN)
    elif filters.status != "all":
        rows = rows.filter(status=filters.status)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.urgency:
        rows = rows.filter(urgency=filters.urgency)
    if filters.facility:
        rows = rows.filter(facility_id=filters.facility)
    if filters.assigned == "me":
        rows = rows.filter(assigned_to=user)
    elif filters.assigned == "nobody":
        rows = rows.filter(assigned_to__isnull=True)
    # "urgent" > "normal" as text, so descending puts urgent complaints first.
    return rows.order_by("-urgency", "received_on", "pk")


def get_complaint(user: User, pk: int | str) -> Complaint:
    """404 for a complaint of another organisation (or none), then 403 for a role that may not
    triage: missing and forbidden look the same to outsiders."""
    complaint = get_visible_or_404(Complaint.objects.select_related("facility", "case"), user,
                                   pk=pk)
    if not has_capability(user, Capability.TRIAGE_COMPLAINTS):
        raise PermissionDenied
    return complaint


def triage_officers(user: User) -> QuerySet[User]:
    """Who a complaint can be assigned to: active staff of the organisation who triage."""
    roles = [role for role, caps in ROLE_CAPABILITIES.items()
             if Capability.TRIAGE_COMPLAINTS in caps]
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True,
                               role__in=roles).order_by("username")

