"""Triage: the queue and a complaint for the receiving organisation's intake officers; 404 for
another organisation, 403 for roles that do not triage, the sign-in page for anonymous."""

from __future__ import annotations

import pytest
from django.test import Client

from palermo.complaints import receipts, services
from palermo.complaints.codes import Category, Status
from palermo.complaints.models import Complaint
from palermo.core.models import AuditEvent
from tests.complaints.conftest import make_complaint

OBJECT_PAGES = ["", "convert/", "files/1/"]
OBJECT_POSTS = ["assign/", "triage/", "reply/", "merge/", "spam/", "convert/"]


def test_intake_officer_sees_the_queue_urgent_first(receiving, intake_officer, client_for):
    normal, _ = make_complaint(receiving)
    urgent, _ = make_complaint(receiving, urgent=True)
    html = client_for(intake_officer).get("/complaints/").content.decode()
    assert html.index(urgent.reference) < html.index(normal.reference)
    event = AuditEvent.objects.filter(object_type="complaints.Complaint", action="view").last()
    assert event is not None and set(event.object_ids) == {str(normal.pk), str(urgent.pk)}


def test_queue_filters_by_category_and_facility(receiving, ik7, intake_officer, client_for):
    prison, _ = make_complaint(receiving, facility=ik7)
    army, _ = make_complaint(receiving, Category.MILITARY_RECRUITMENT)
    client = client_for(intake_officer)
    html = client.get("/complaints/", {"category": "military_recruitment"}).content.decode()
    assert army.reference in html and f">{prison.reference}<" not in html
    html = client.get("/complaints/", {"facility": ik7.pk}).content.decode()
    assert prison.reference in html and f">{army.reference}<" not in html


def test_queue_query_count_does_not_grow_with_the_queue(receiving, ik7, intake_officer,
                                                        client_for, django_assert_max_num_queries):
    client = client_for(intake_officer)
    for _ in range(3):
        make_complaint(receiving, facility=ik7)
    client.get("/complaints/")
    with django_assert_max_num_queries(20) as few:
        client.get("/complaints/")
    for _ in range(10):
        make_complaint(receiving, facility=ik7)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/complaints/")


def test_detail_shows_answers_flags_and_the_c29_result(complaint, intake_officer, client_for):
    html = client_for(intake_officer).get(f"/complaints/{complaint.pk}/").content.decode()
    assert "Шьют форму по 12 часов" in html
    assert "72 hours a week (the limit is 40)." in html
    assert "Paid 1.3% of the minimum wage (22 440 roubles a month since 2025-01-01)." in html
    assert "Forced labour under C29" in html
    assert AuditEvent.objects.filter(object_type="complaints.Complaint", action="view",
                                     object_ids=[str(complaint.pk)]).exists()


@pytest.mark.parametrize("role", ["caseworker", "lawyer", "org_admin", "analyst"])
def test_roles_that_do_not_triage_get_403(role, request, complaint, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/complaints/").status_code == 403
    if role != "analyst":  # the analyst's organisation does not own it: 404 (below)
        for page in OBJECT_PAGES[:2]:
            assert client.get(f"/complaints/{complaint.pk}/{page}").status_code == 403, page
        for action in OBJECT_POSTS:
            response = client.post(f"/complaints/{complaint.pk}/{action}", {"text": "x"})
            assert response.status_code == 403, action
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW


@pytest.mark.parametrize("who", ["outsider", "admin_b", "coordinator", "analyst"])
def test_other_organisations_get_404_on_every_complaint_url(who, request, complaint,
                                                            client_for):
    client = client_for(request.getfixturevalue(who))
    for page in OBJECT_PAGES:
        assert client.get(f"/complaints/{complaint.pk}/{page}").status_code == 404, page
    for action in OBJECT_POSTS:
        response = client.post(f"/complaints/{complaint.pk}/{action}",
                               {"text": "x", "into": "R-1", "urgency": "urgent"})
        assert response.status_code == 404, action
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW and not complaint.messages.exists()


def test_anonymous_staff_pages_go_to_sign_in(complaint):
    client = Client()
    for page in ["/complaints/", f"/complaints/{complaint.pk}/", "/complaints/facilities/",
                 "/complaints/monitoring/"]:
        response = client.get(page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_reply_is_read_with_the_receipt_code(receiving, intake_officer, client_for, public):
    complaint, code = make_complaint(receiving)
    client = client_for(intake_officer)
    response = client.post(f"/complaints/{complaint.pk}/reply/",
                           {"text": "Мы написали в прокуратуру."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    html = public.post("/report/follow-up/", {"code": receipts.display(code)}).content.decode()
    assert "Мы написали в прокуратуру." in html
    event = AuditEvent.objects.filter(object_type="complaints.Complaint").last()
    assert event is not None and "Мы" not in str(event.detail)


def test_empty_reply_is_refused(complaint, intake_officer, client_for):
    response = client_for(intake_officer).post(f"/complaints/{complaint.pk}/reply/", {"text": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not complaint.messages.exists()


def test_assign_to_an_intake_officer_only(complaint, intake_officer, caseworker, client_for):
    client = client_for(intake_officer)
    refused = client.post(f"/complaints/{complaint.pk}/assign/", {"assignee": caseworker.pk})
    assert refused.status_code == 400
    assert client.post(f"/complaints/{complaint.pk}/assign/",
                       {"assignee": intake_officer.pk}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.assigned_to == intake_officer and complaint.status == Status.IN_PROGRESS


def test_merge_duplicates_and_refuse_bad_targets(receiving, complaint, intake_officer, org_b,
                                                 client_for):
    other, _ = make_complaint(receiving)
    foreign, _ = make_complaint(org_b)
    client = client_for(intake_officer)
    for target, message in [(complaint.reference, "cannot be merged into itself"),
                            (f"R-{foreign.pk}", "No complaint of your organisation"),
                            ("twelve", "Enter a complaint reference")]:
        response = client.post(f"/complaints/{complaint.pk}/merge/", {"into": target})
        assert response.status_code == 400 and message in response.content.decode()
    assert client.post(f"/complaints/{complaint.pk}/merge/",
                       {"into": other.reference}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.duplicate_of == other and complaint.status == Status.MERGED
    assert AuditEvent.objects.filter(object_ids=[str(other.pk)],
                                     detail__duplicate_added=complaint.pk).exists()


def test_mark_as_spam(complaint, intake_officer, client_for):
    client_for(intake_officer).post(f"/complaints/{complaint.pk}/spam/")
    complaint.refresh_from_db()
    assert complaint.status == Status.SPAM


def test_conversion_keeps_the_link_and_the_audit_trail_on_both(complaint, intake_officer,
                                                               client_for):
    client = client_for(intake_officer)
    assert client.get(f"/complaints/{complaint.pk}/convert/").status_code == 200
    assert client.post(f"/complaints/{complaint.pk}/convert/").status_code == 302
    complaint.refresh_from_db()
    case = complaint.case
    assert case is not None and complaint.status == Status.CONVERTED
    assert list(case.complaints.all()) == [complaint]
    assert case.case_type == "PrisonLabour" and case.exploitation_region == "Karelia"
    assert "Шьют форму" in case.narrative and complaint.reference in case.narrative
    assert case.organisation_id == complaint.organisation_id
    assert AuditEvent.objects.filter(object_type="complaints.Complaint",
                                     object_ids=[str(complaint.pk)],
                                     detail__converted_to_case=case.pk).exists()
    assert AuditEvent.objects.filter(object_type="cases.Case", object_ids=[str(case.pk)],
                                     detail__from_complaint=complaint.pk).exists()
    assert AuditEvent.objects.filter(object_type="cases.Case", object_ids=[str(case.pk)],
                                     action="create").exists()
    again = client.post(f"/complaints/{complaint.pk}/convert/", follow=True)
    assert "This complaint is closed" in again.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).case == case


def test_conversion_needs_the_capability(complaint, coordinator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.convert(user=coordinator, complaint=complaint)
