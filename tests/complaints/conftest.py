"""Fixtures for the complaint channel: organisation A receives it; facilities; complaints."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from palermo.accounts.models import Organisation
from palermo.complaints import submission
from palermo.complaints.codes import Answer, Category, FacilityType
from palermo.complaints.models import Complaint, Facility

# What a browser on a phone would send; none of it may be kept anywhere.
CLIENT_ADDRESS = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J530F-ZZTOP) Probe/7.7"


@pytest.fixture(autouse=True)
def receiving(settings: Any, org_a: Organisation) -> Organisation:
    settings.PALERMO_COMPLAINTS_ORGANISATION = org_a.name
    return org_a


@pytest.fixture(autouse=True)
def attachments_dir(settings: Any, tmp_path: Path) -> Path:
    settings.PALERMO_ATTACHMENTS_DIR = tmp_path / "attachments"
    return settings.PALERMO_ATTACHMENTS_DIR


@pytest.fixture
def public() -> Client:
    """An anonymous visitor whose requests carry an address and a user agent."""
    return Client(REMOTE_ADDR=CLIENT_ADDRESS, HTTP_USER_AGENT=USER_AGENT)


@pytest.fixture
def ik7(db: None) -> Facility:
    return Facility.objects.create(
        name="IK-7", facility_type=FacilityType.PENAL_COLONY, region="Karelia",
        operator="FSIN", companies="Severnaya Shveya LLC",
    )


def prison_answers(**overrides: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "reporter": "relative", "hours_per_day": 12, "days_per_week": 6,
        "monthly_pay": Decimal("300"), "penalised_for_refusing": Answer.YES,
        "punished_for_complaining": Answer.YES, "private_company": Answer.YES,
        "company_name": "Severnaya Shveya", "text": "Шьют форму по 12 часов, платят 300 рублей.",
    }
    answers.update(overrides)
    return answers


def make_complaint(organisation: Organisation, category: str = Category.PRISON_LABOUR,
                   **answers: Any) -> tuple[Complaint, str]:
    received = answers.pop("received_on", None)
    data = prison_answers(**answers) if category == Category.PRISON_LABOUR else {
        "reporter": "self", "text": "Забрали из колонии в ЧВК.", **answers}
    complaint, code = submission.submit_complaint(
        organisation=organisation, category=category, language="ru", answers=data, files=[],
    )
    if received is not None:
        Complaint.objects.filter(pk=complaint.pk).update(received_on=received)
        complaint.received_on = received
    return complaint, code


@pytest.fixture
def complaint(org_a: Organisation, ik7: Facility) -> Complaint:
    return make_complaint(org_a, facility=ik7, received_on=datetime.date(2025, 3, 10))[0]
