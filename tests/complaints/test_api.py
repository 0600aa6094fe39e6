"""The triage API: the pages' rules in JSON (the outsider's 404 is in tests/api)."""

from __future__ import annotations

import pytest

from palermo.complaints import receipts
from palermo.complaints.codes import Status
from palermo.complaints.models import Complaint
from tests.api.conftest import send
from tests.complaints.conftest import make_complaint


def test_intake_officer_lists_reads_replies_assigns_and_converts(receiving, complaint,
                                                                 intake_officer, client_for,
                                                                 public):
    client = client_for(intake_officer)
    listing = client.get("/api/v1/complaints").json()
    assert listing["count"] == 1 and listing["items"][0]["reference"] == complaint.reference
    read = client.get(f"/api/v1/complaints/{complaint.pk}").json()
    assert read["answers"]["hours_per_day"] == 12
    assert set(read["labour_flags"]) == {"pay", "hours"} and read["ilo_c29"] is True
    reply = send(client, "post", f"/api/v1/complaints/{complaint.pk}/reply", {"text": "Ответ."})
    assert reply.status_code == 201
    assigned = send(client, "post", f"/api/v1/complaints/{complaint.pk}/assign",
                    {"assignee": intake_officer.pk})
    assert assigned.json()["assigned_to"] == intake_officer.pk
    converted = send(client, "post", f"/api/v1/complaints/{complaint.pk}/convert", {})
    assert converted.status_code == 201
    complaint.refresh_from_db()
    assert complaint.status == Status.CONVERTED and complaint.case.code == converted.json()["case"]


def test_bad_input_is_422_and_changes_nothing(complaint, intake_officer, caseworker,
                                              client_for):
    client = client_for(intake_officer)
    assert send(client, "post", f"/api/v1/complaints/{complaint.pk}/reply",
                {"text": "  "}).status_code == 422
    assert send(client, "post", f"/api/v1/complaints/{complaint.pk}/reply", {}).status_code == 422
    assert send(client, "post", f"/api/v1/complaints/{complaint.pk}/assign",
                {"assignee": caseworker.pk}).status_code == 422
    complaint.refresh_from_db()
    assert complaint.assigned_to is None and not complaint.messages.exists()


@pytest.mark.parametrize("role", ["caseworker", "lawyer", "org_admin"])
def test_roles_that_do_not_triage_get_403(role, request, complaint, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/api/v1/complaints").status_code == 403
    assert client.get(f"/api/v1/complaints/{complaint.pk}").status_code == 403
    for action in ("reply", "assign", "convert"):
        response = send(client, "post", f"/api/v1/complaints/{complaint.pk}/{action}",
                        {"text": "x", "assignee": None})
        assert response.status_code == 403, action
    assert Complaint.objects.get().status == Status.NEW


def test_the_api_cannot_file_a_complaint(intake_officer, client_for):
    response = send(client_for(intake_officer), "post", "/api/v1/complaints",
                    {"category": "other", "text": "x"})
    assert response.status_code == 405
    assert not Complaint.objects.exists()


def test_receipt_codes_never_appear_in_the_api(receiving, intake_officer, client_for):
    complaint, code = make_complaint(receiving)
    body = client_for(intake_officer).get(f"/api/v1/complaints/{complaint.pk}").content.decode()
    assert code not in body and receipts.display(code) not in body
    assert complaint.receipt_mac not in body
