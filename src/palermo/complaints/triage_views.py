"""Triage pages for the receiving organisation's intake officers: the queue, a complaint with
its labour-standards check, and the actions (assign, urgency and region, reply, merge, spam,
turn into a case). Another organisation's complaint is 404; a role that does not triage, 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases.views import add_service_errors
from palermo.complaints import labour, selectors, services, uploads
from palermo.complaints.codes import Author
from palermo.complaints.models import Complaint
from palermo.complaints.triage_forms import (
    AssignForm,
    MergeForm,
    QueueFilterForm,
    ReplyForm,
    TriageForm,
)
from palermo.core import audit
from palermo.core.models import AuditAction


def staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if not has_capability(user, Capability.TRIAGE_COMPLAINTS):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            status=data["status"] or "open", category=data["category"],
            urgency=data["urgency"], facility=data["facility"].pk if data["facility"] else None,
            assigned=data["assigned"],
        )
    page = Paginator(selectors.queue(user, filters), 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    audit.record(actor=user, action=AuditAction.VIEW, object_type=services.COMPLAINT,
                 objects=rows, detail={"list": True})
    return render(request, "complaints/triage/queue.html",
                  {"form": form, "page": page, "complaints": rows,
                   "query": request.GET.urlencode()})


def _detail_context(user: User, complaint: Complaint) -> dict[str, Any]:
    return {
        "complaint": complaint,
        "thread": list(complaint.messages.select_related("staff")),
        "files": list(complaint.files.all()),
        "duplicates": list(complaint.duplicates.all()),
        "flags": labour.flags(complaint),
        "c29": labour.ilo_c29(complaint),
        "weekly_hours": labour.weekly_hours(complaint.hours_per_day, complaint.days_per_week),
        "pay_share": labour.pay_share(complaint.monthly_pay, complaint.received_on),
        "sees_texts": has_capability(user, Capability.SEE_COMPLAINT_IDENTITIES),
        "can_convert": has_capability(user, Capability.CONVERT_COMPLAINTS),
        "closed": complaint.status in services.CLOSED,
        "Author": Author,
    }


def _forms(user: User, complaint: Complaint, **bound: Any) -> dict[str, Any]:
    return {
        "assign_form": bound.get("assign_form") or AssignForm(
            user=user, initial={"assignee": complaint.assigned_to_id}),
        "triage_form": bound.get("triage_form") or TriageForm(
            initial={"urgency": complaint.urgency, "region": complaint.region}),
        "reply_form": bound.get("reply_form") or ReplyForm(),
        "merge_form": bound.get("merge_form") or MergeForm(),
    }


def _show(request: HttpRequest, complaint: Complaint, status: int = 200,
          **bound: Any) -> HttpResponse:
    user = staff(request)
    audit.record(actor=user, action=AuditAction.VIEW, object_type=services.COMPLAINT,
                 objects=[complaint])
    return render(request, "complaints/triage/detail.html",
                  {**_detail_context(user, complaint), **_forms(user, complaint, **bound)},
                  status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _show(request, selectors.get_complaint(staff(request), pk))


def _act(request: HttpRequest, pk: int, form: Any, key: str,
         action: Callable[[User, Complaint, dict[str, Any]], Any], done: str) -> HttpResponse:
    user = staff(request)
    complaint = selectors.get_complaint(user, pk)
    if form.is_valid():
        try:
            action(user, complaint, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("complaints:detail", pk=complaint.pk)
    return _show(request, complaint, status=400, **{key: form})


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    form = AssignForm(request.POST, user=staff(request))
    return _act(request, pk, form, "assign_form",
                lambda u, c, d: services.assign(user=u, complaint=c, assignee=d["assignee"]),
                _("Assignment saved."))


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, TriageForm(request.POST), "triage_form",
                lambda u, c, d: services.update_triage(user=u, complaint=c,
                                                       urgency=d["urgency"], region=d["region"]),
                _("Urgency and region saved."))


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, ReplyForm(request.POST), "reply_form",
                lambda u, c, d: services.reply(user=u, complaint=c, text=d["text"]),
                _("Reply sent. The complainant reads it with their receipt code."))


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def do(user: User, complaint: Complaint, data: dict[str, Any]) -> None:
        try:
            into = selectors.get_complaint(user, data["into"])
        except Http404:
            raise ValidationError({"into": _("No complaint of your organisation has this "
                                             "reference.")}) from None
        services.merge(user=user, complaint=complaint, into=into)

    return _act(request, pk, MergeForm(request.POST), "merge_form", do,
                _("Marked as a duplicate."))


@login_required
@require_POST
def spam(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    complaint = selectors.get_complaint(user, pk)
    try:
        services.mark_spam(user=user, complaint=complaint)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as spam."))
    return redirect("complaints:detail", pk=complaint.pk)


@login_required
@require_http_methods(["GET", "POST"])
def convert(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    complaint = selectors.get_complaint(user, pk)
    if not has_capability(user, Capability.CONVERT_COMPLAINTS):
        raise PermissionDenied
    if request.method == "POST":
        try:
            case = services.convert(user=user, complaint=complaint)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Case %(code)s opened from this complaint.")
                             % {"code": case.code})
        return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/triage/convert.html",
                  {"complaint": complaint, "closed": complaint.status in services.CLOSED})


@login_required
@require_GET
def download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    user = staff(request)
    complaint = selectors.get_complaint(user, pk)
    attachment = complaint.files.filter(pk=file_pk).first()
    if attachment is None:
        raise Http404
    content = uploads.read(str(attachment.uid))
    audit.record(actor=user, action=AuditAction.EXPORT, object_type=services.COMPLAINT,
                 objects=[complaint], detail={"file": attachment.pk})
    response = HttpResponse(content, content_type=attachment.content_type)
    extension = uploads.ACCEPTED.get(attachment.content_type, ".bin")
    response["Content-Disposition"] = (
        f'attachment; filename="{complaint.reference}-{attachment.pk}{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
