"""Attachments: upload (kept in memory, never in a plaintext temporary file, and refused above
20 MB while it arrives) and an access-checked download."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from palermo.cases import attachments as attachment_store
from palermo.cases import services
from palermo.cases.case_views import attachments_tab
from palermo.cases.forms import AttachmentForm
from palermo.cases.models import Attachment
from palermo.cases.selectors import get_case, get_owned_case, require_group
from palermo.cases.views import add_service_errors, registry_required, require_edit
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.codes import ShareGroup


class LimitedMemoryUploadHandler(FileUploadHandler):
    """Holds an upload in memory up to ``MAX_BYTES`` and skips it beyond (``too_large`` is set).

    Django's default handler would spill anything over 2.5 MB to a plaintext temporary file.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.too_large = False
        self._buffer = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > attachment_store.MAX_BYTES:
            self.too_large = True
            self._buffer = io.BytesIO()
            raise SkipFile
        self._buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        self._buffer.seek(0)
        return InMemoryUploadedFile(
            file=self._buffer, field_name=self.field_name, name=self.file_name,
            content_type=self.content_type, size=file_size, charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


# The upload handlers must be replaced before anything reads the body, and the CSRF middleware
# reads it: so the view is exempt from the middleware and checks CSRF itself, inside.
@csrf_exempt
@registry_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    get_owned_case(request.user, pk)  # an outsider or a receiver gets 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    handler = LimitedMemoryUploadHandler(request)
    request.upload_handlers = [handler]
    return _upload(request, pk, handler)


@csrf_protect
def _upload(request: HttpRequest, pk: int, handler: LimitedMemoryUploadHandler) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    user = require_edit(request)
    form = AttachmentForm(request.POST, request.FILES)
    if handler.too_large:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", _("The file is larger than 20 MB."))
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_attachment(
                user=user, case=case, filename=upload.name or "file",
                content_type=(upload.content_type or "application/octet-stream")[:100],
                content=upload.read(), description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("File uploaded."))
            return redirect("cases:case_attachments", pk=case.pk)
    return attachments_tab(request, case, form, status=400)


@registry_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case = get_case(request.user, pk)
    require_group(request.user, case, ShareGroup.ATTACHMENTS)
    # Through the case: a receiver sees the files of this shared case, never another case's.
    attachment: Attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    audit.record(actor=request.user, action=AuditAction.EXPORT, object_type="cases.Case",
                 objects=[case], detail={"attachment": attachment.pk})
    response = HttpResponse(attachment_store.read(attachment),
                            content_type=attachment.content_type or "application/octet-stream")
    response["Content-Disposition"] = _disposition(attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one (RFC 6266 / 5987)."""
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=filename or "file") or (
        "attachment"
    )
