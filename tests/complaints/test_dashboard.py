"""The monitoring dashboard: aggregates only, small cells suppressed through analytics'
disclosure control, each table with its CSV."""

from __future__ import annotations

import datetime

from django.utils import timezone

from palermo.complaints.codes import Category, RecruiterType
from tests.complaints.conftest import make_complaint


def test_small_cells_are_suppressed_on_the_page_and_in_the_csv(receiving, ik7, analyst,
                                                               client_for):
    today = timezone.localdate()
    for _ in range(7):
        make_complaint(receiving, facility=ik7, received_on=today)
    for _ in range(2):
        make_complaint(receiving, Category.MILITARY_RECRUITMENT,
                       recruiter_type=RecruiterType.PRIVATE_MILITARY, received_on=today)
    for _ in range(6):
        make_complaint(receiving, Category.FORCED_LABOUR, received_on=today)
    client = client_for(analyst)
    html = client.get("/complaints/monitoring/").content.decode()
    assert "<td>7</td>" in html
    assert "<td>2</td>" not in html and "<td>–</td>" in html
    rows = client.get("/complaints/monitoring/category.csv").content.decode().splitlines()
    assert "Forced labour in prison,7" in rows
    assert "Forced military recruitment or mobilisation,–" in rows
    # 6 is hidden too, or 15 - 7 - 6 would give the small cell away
    assert "Trafficking or forced labour elsewhere,–" in rows and "total,15" in rows
    recruiters = client.get("/complaints/monitoring/recruiter.csv").content.decode()
    assert "A private military company,–" in recruiters and ",2" not in recruiters
    months = client.get("/complaints/monitoring/month.csv").content.decode()
    assert f"{today:%Y-%m}" in months and ",2," not in months


def test_medians_need_enough_reports(receiving, ik7, coordinator, client_for):
    day = datetime.date(2025, 5, 5)
    for _ in range(4):
        make_complaint(receiving, facility=ik7, received_on=day)
    client = client_for(coordinator)
    assert "72.0" not in client.get("/complaints/monitoring/").content.decode()
    make_complaint(receiving, facility=ik7, received_on=day)
    assert "72.0" in client.get("/complaints/monitoring/").content.decode()


def test_spam_and_merged_complaints_do_not_count(receiving, intake_officer, client_for):
    from palermo.complaints.codes import Status
    from palermo.complaints.models import Complaint

    for _ in range(5):
        make_complaint(receiving)
    Complaint.objects.filter(pk=Complaint.objects.earliest("pk").pk).update(status=Status.SPAM)
    csv = client_for(intake_officer).get("/complaints/monitoring/category.csv").content.decode()
    assert "Forced labour in prison,–" in csv


def test_unknown_csv_section_is_404(intake_officer, client_for):
    assert client_for(intake_officer).get("/complaints/monitoring/names.csv").status_code == 404
