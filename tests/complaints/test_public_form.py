"""The public form: each category, each language, no account; bad input refused, nothing kept."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from palermo.complaints import receipts
from palermo.complaints.models import Attachment, Complaint
from palermo.complaints.public_forms import FORMS
from palermo.core.models import AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


def _upload(name: str, content: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _code_in(html: str) -> str:
    match = re.search(r'class="receipt"><strong>([0-9A-Z-]+)</strong>', html)
    assert match, "no receipt code on the page"
    return match.group(1)


def _attachment_files():
    folder = settings.PALERMO_ATTACHMENTS_DIR / "complaints"
    return sorted(folder.glob("*")) if folder.exists() else []


def test_start_page_lists_every_category_and_needs_no_account(db, public):
    response = public.get("/report/")
    assert response.status_code == 200
    html = response.content.decode()
    for category in FORMS:
        assert f'href="/report/{category.replace("_", "-")}/"' in html
    assert "palermo.js" not in html and "htmx" not in html and "<script" not in html
    assert "main-nav" not in html  # not the staff shell


def test_a_prison_labour_report_is_stored_encrypted_with_a_receipt_code(db, public, ik7):
    response = public.post("/report/prison-labour/", {
        "reporter": "relative", "facility": ik7.pk, "hours_per_day": "14",
        "days_per_week": "7", "monthly_pay": "250", "penalised_for_refusing": "yes",
        "private_company": "yes", "company_name": "Vostok", "text": "Работают без выходных.",
        "files": [_upload("photo.png", PNG), _upload("letter.pdf", PDF, "application/pdf")],
    })
    assert response.status_code == 200
    code = _code_in(response.content.decode())
    assert len(receipts.normalise(code)) == receipts.LENGTH
    complaint = Complaint.objects.get()
    assert complaint.receipt_mac == receipts.mac_of(code)
    assert code.replace("-", "") not in str(Complaint.objects.values_list().get())
    assert complaint.category == "prison_labour" and complaint.facility == ik7
    assert (complaint.hours_per_day, complaint.days_per_week) == (14, 7)
    assert complaint.text == "Работают без выходных."
    assert [a.content_type for a in Attachment.objects.all()] == ["image/png", "application/pdf"]
    assert len(_attachment_files()) == 2
    assert b"PNG" not in _attachment_files()[0].read_bytes()
    event = AuditEvent.objects.get(object_type="complaints.Complaint")
    assert event.actor_id is None and event.detail == {"channel": "public", "files": 2}


@pytest.mark.parametrize("category", list(FORMS))
def test_every_category_accepts_a_minimal_report(db, public, category):
    response = public.post(f"/report/{category.replace('_', '-')}/",
                           {"reporter": "self", "text": "Помогите."})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert Complaint.objects.get().category == category


@pytest.mark.parametrize(("data", "message"), [
    ({"reporter": "self", "hours_per_day": "30"},
     "Ensure this value is less than or equal to 24."),
    ({"reporter": "self", "days_per_week": "many"}, "Enter a whole number."),
    ({"reporter": "self", "monthly_pay": "-5"}, "Ensure this value is greater than or equal to 0."),
    ({"reporter": "nobody"}, "Select a valid choice."),
    ({}, "This field is required."),
    ({"reporter": "self", "facility": "99999"}, "Select a valid choice."),
    ({"reporter": "self", "text": "x" * 10_001}, "Ensure this value has at most 10000"),
])
def test_malformed_reports_are_refused_with_a_clear_message(db, public, data, message):
    response = public.post("/report/prison-labour/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Complaint.objects.exists() and not AuditEvent.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_kept(db, public):
    response = public.post("/report/other/", {
        "reporter": "self", "text": "x",
        "files": [_upload("photo.png", b"MZ\x90\x00 not a picture", "image/png")],
    })
    assert response.status_code == 400
    assert "“photo.png” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document." in (
        response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”"))
    assert not Complaint.objects.exists() and not Attachment.objects.exists()
    assert _attachment_files() == []


def test_an_oversize_file_is_refused_and_nothing_is_kept(db, public, settings):
    settings.PALERMO_COMPLAINT_FILE_MAX_BYTES = 2048
    response = public.post("/report/other/", {
        "reporter": "self", "text": "x", "files": [_upload("big.png", PNG + b"\x00" * 4096)],
    })
    assert response.status_code == 400
    assert "A file is too large: a file may be at most" in response.content.decode()
    assert not Complaint.objects.exists() and _attachment_files() == []


def test_too_many_files_are_refused(db, public, settings):
    settings.PALERMO_COMPLAINT_FILES_MAX = 1
    response = public.post("/report/other/", {
        "reporter": "self", "text": "x", "files": [_upload("a.png", PNG), _upload("b.png", PNG)],
    })
    assert response.status_code == 400
    assert "Send at most 1 files." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_form_is_closed_when_no_organisation_receives_it(db, public, settings):
    settings.PALERMO_COMPLAINTS_ORGANISATION = ""
    assert "Reports cannot be sent here now" in public.get("/report/").content.decode()
    response = public.post("/report/other/", {"reporter": "self", "text": "x"})
    assert response.status_code == 503
    assert not Complaint.objects.exists()


def test_the_form_needs_its_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/report/other/", {"reporter": "self", "text": "x"}).status_code == 403
    page = strict.get("/report/other/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    response = strict.post("/report/other/", {"reporter": "self", "text": "x",
                                              "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 200
    assert Complaint.objects.count() == 1


def test_public_pages_set_no_session(db, public):
    public.get("/report/")
    public.post("/report/other/", {"reporter": "self", "text": "x"})
    assert settings.SESSION_COOKIE_NAME not in public.cookies
