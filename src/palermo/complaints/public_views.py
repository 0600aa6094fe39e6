"""The public pages under ``/report/``: no account, no JavaScript, no session, and nothing about
the visitor kept. The receipt code travels only in POST bodies, never in a URL, so it cannot
end up in an access log or a browser's history."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from palermo.complaints import receipts, submission
from palermo.complaints.codes import Author, Category, Status
from palermo.complaints.models import Complaint
from palermo.complaints.public_forms import FORMS, AddInformationForm, ReceiptForm, megabytes
from palermo.complaints.ratelimit import Scope, check_and_count, count, over_limit
from palermo.complaints.receiver import receiving_organisation
from palermo.complaints.uploads import MemoryOnlyUploadHandler, max_bytes

PUBLIC_LANGUAGES = ["ru", "en", "uz", "tg", "ky"]


def _render(request: HttpRequest, template: str, context: dict[str, Any] | None = None,
            status: int = 200) -> HttpResponse:
    return render(request, f"complaints/public/{template}",
                  {"public_languages": PUBLIC_LANGUAGES, **(context or {})}, status=status)


def _closed(request: HttpRequest) -> HttpResponse:
    """No organisation receives reports: say so, and refuse what is sent (503)."""
    return _render(request, "closed.html", status=503 if request.method == "POST" else 200)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if receiving_organisation() is None:
        return _closed(request)
    categories = [(label, reverse(f"report:form_{value}")) for value, label in Category.choices]
    return _render(request, "start.html", {"categories": categories})


@require_GET
def what_we_keep(request: HttpRequest) -> HttpResponse:
    return _render(request, "what_we_keep.html")


# The upload handlers must be replaced before anything reads the body, and the CSRF middleware
# reads it: so the view is exempt from the middleware and checks CSRF itself, inside.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, category: str) -> HttpResponse:
    if category not in FORMS:
        raise Http404
    handler = MemoryOnlyUploadHandler(request)
    if request.method == "POST":
        request.upload_handlers = [handler]
    return _report(request, category, handler)


@csrf_protect
def _report(request: HttpRequest, category: str, handler: MemoryOnlyUploadHandler
            ) -> HttpResponse:
    organisation = receiving_organisation()
    if organisation is None:
        return _closed(request)
    form_class = FORMS[category]
    if request.method != "POST":
        return _render(request, "form.html", {"form": form_class(), "category": category,
                                              "category_label": Category(category).label})
    form = form_class(request.POST, request.FILES)
    if handler.too_large:
        form.add_error("files", _too_large_message())
    if not form.is_valid():
        return _render(request, "form.html", {"form": form, "category": category,
                                              "category_label": Category(category).label},
                       status=400)
    if not check_and_count(request, Scope.SUBMIT):
        return _render(request, "too_many.html", status=429)
    data = dict(form.cleaned_data)
    files = data.pop("files", [])
    _, code = submission.submit_complaint(
        organisation=organisation, category=category, language=get_language() or "en",
        answers=data, files=files,
    )
    return _render(request, "receipt.html", {"code": receipts.display(code)})


def _too_large_message() -> str:
    return _("A file is too large: a file may be at most %(mb)s MB.") % {
        "mb": megabytes(max_bytes())}


def _thread(request: HttpRequest, complaint: Complaint, code: str, *,
            form: AddInformationForm | None = None, added: bool = False,
            status: int = 200) -> HttpResponse:
    messages = list(complaint.messages.all())
    return _render(request, "thread.html", {
        "complaint": complaint, "messages": messages, "added": added,
        "status_text": _status_text(complaint.status), "Author": Author,
        "form": form or AddInformationForm(initial={"code": receipts.display(code)}),
    }, status=status)


def _status_text(status: str) -> str:
    if status == Status.NEW:
        return _("Received. Nobody has looked at it yet.")
    if status == Status.ANSWERED:
        return _("We have answered. Read our reply below.")
    if status == Status.SPAM:
        return _("Closed.")
    return _("We are working on it.")


def _not_found(request: HttpRequest, form: ReceiptForm) -> HttpResponse:
    """The one answer for every code that opens nothing, whatever was wrong with it."""
    return _render(request, "follow_up.html", {"form": form, "not_found": True}, status=200)


def _unlock(request: HttpRequest, typed: str) -> Complaint | None | HttpResponse:
    """The complaint ``typed`` opens, None for no match (counted), or the 429 page."""
    if over_limit(request, Scope.RECEIPT):
        return _render(request, "too_many.html", status=429)
    complaint = submission.find_by_receipt(typed)
    if complaint is None:
        count(request, Scope.RECEIPT)
    return complaint


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "follow_up.html", {"form": ReceiptForm()})
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        return _render(request, "follow_up.html", {"form": form}, status=400)
    found = _unlock(request, form.cleaned_data["code"])
    if isinstance(found, HttpResponse):
        return found
    if found is None:
        return _not_found(request, ReceiptForm())
    return _thread(request, found, form.cleaned_data["code"])


@require_POST
def add_information(request: HttpRequest) -> HttpResponse:
    form = AddInformationForm(request.POST)
    typed = str(request.POST.get("code", ""))
    found = _unlock(request, typed)
    if isinstance(found, HttpResponse):
        return found
    if found is None:
        return _not_found(request, ReceiptForm())
    if not form.is_valid():
        return _thread(request, found, typed, form=form, status=400)
    submission.add_information(complaint=found, text=form.cleaned_data["text"])
    found.refresh_from_db()
    return _thread(request, found, typed, added=True)
