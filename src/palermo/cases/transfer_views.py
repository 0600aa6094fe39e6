"""Pages to import cases from a file and export the organisation's own (HTCDS columns).

Exports hold only the cases the user's organisation owns: a case shared with it through a
referral is read on its pages, within what the referral shares, and never re-exported."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from palermo.accounts.roles import Capability, has_capability
from palermo.accounts.selectors import signed_in_user
from palermo.cases import codes, exporter, htcds, import_files, importer
from palermo.cases.selectors import CaseFilters, filter_cases
from palermo.core import audit
from palermo.core.models import AuditAction


class CappedMemoryUpload(FileUploadHandler):
    """Keeps an upload in memory (never in a temporary file on disk) and drops any file over
    ``import_files.MAX_BYTES``, remembering that it did."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.too_large = False
        self.buffer = io.BytesIO()
        self.size = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        if self.size > import_files.MAX_BYTES:
            self.too_large = True
            self.buffer = io.BytesIO()
        else:
            self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        if self.size > import_files.MAX_BYTES:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name or "", self.content_type,
            self.size, self.charset, self.content_type_extra,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8) or XLSX, one row per person and case, HTCDS "
                               "column names in the first row; at most 10 MB and 1,000 rows "
                               "(larger files: ask your administrator to run palermo "
                               "import-cases)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file (write nothing)"), required=False
    )


def _require_editor(request: HttpRequest) -> None:
    if not has_capability(request.user, Capability.EDIT_CASES):
        raise PermissionDenied


@csrf_exempt  # the upload handler must be set before CSRF reads the body; checked below
@login_required
def import_cases(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    handler = CappedMemoryUpload(request)
    request.upload_handlers = [handler]
    return _import_page(request, handler)


@csrf_protect
def _import_page(request: HttpRequest, handler: CappedMemoryUpload) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if handler.too_large:
            form = ImportForm(request.POST)
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", import_files.size_message())
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            result = importer.import_cases(
                user=signed_in_user(request), content=upload.read(), filename=upload.name,
                dry_run=form.cleaned_data["dry_run"], max_rows=importer.PAGE_MAX_ROWS,
            )
            if result.ok and not result.dry_run:
                count = len(result.cases)
                messages.success(request, ngettext(
                    "%(count)d case imported (%(first)s to %(last)s).",
                    "%(count)d cases imported (%(first)s to %(last)s).", count,
                ) % {"count": count, "first": result.cases[0].code,
                     "last": result.cases[-1].code})
                return redirect("transfer:import")
    return render(request, "cases/import.html", {
        "form": form, "result": result, "columns": htcds.COLUMNS,
        "max_rows": importer.PAGE_MAX_ROWS,
    })


class ExportFilterForm(forms.Form):
    """The case list's filters, minus the search text: a name must never travel in a URL."""

    status = forms.ChoiceField(choices=[("", ""), *codes.CaseStatus.choices], required=False)
    case_type = forms.ChoiceField(choices=[("", ""), *codes.CaseType.choices], required=False)
    exploitation = forms.ChoiceField(choices=[("", ""), *codes.Exploitation.choices],
                                     required=False)
    region = forms.CharField(max_length=100, required=False)
    opened_from = forms.DateField(required=False)
    opened_to = forms.DateField(required=False)
    organisation = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(
        choices=[(key, key) for key in ("opened", "-opened", "code", "-code", "status",
                                        "updated", "-updated")],
        required=False,
    )


def _exported_ids(request: HttpRequest, file_format: str) -> list[int] | HttpResponse:
    if not has_capability(request.user, Capability.SEE_IDENTITIES):
        raise PermissionDenied
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The export filters are not valid."),
                                      content_type="text/plain; charset=utf-8")
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    filters = CaseFilters(**data)
    ids = list(filter_cases(request.user, filters, owned_only=True)
               .values_list("pk", flat=True).distinct())
    # One row naming every exported case, written before any of it leaves the server.
    audit.record(actor=request.user, action=AuditAction.EXPORT, object_type="cases.Case",
                 objects=ids, detail={"format": file_format, "count": len(ids)})
    return ids


def _filename(extension: str) -> str:
    return f"palermo-cases-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponseBase:
    ids = _exported_ids(request, "csv")
    if isinstance(ids, HttpResponse):
        return ids
    response = StreamingHttpResponse(
        exporter.csv_chunks(exporter.cases_in_chunks(ids)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    ids = _exported_ids(request, "xlsx")
    if isinstance(ids, HttpResponse):
        return ids
    response = HttpResponse(
        exporter.xlsx_bytes(exporter.cases_in_chunks(ids)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
