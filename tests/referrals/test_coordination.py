"""The coordination view: who may open it, what each table counts (open referrals by age,
declined by reason, unmet needs, time to first assistance), filters, CSV, and a query count
that does not grow with the data. (The SVG charts: tests/analytics/test_charts.py.)"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Case
from palermo.referrals import coordination
from palermo.referrals.codes import DeclineReason, ReferralStatus, ServiceType
from palermo.referrals.coordination import Filters
from palermo.referrals.models import Assistance, Referral, Service
from palermo.screening.models import IdentificationDecision
from tests.cases.conftest import case_a, person_a

__all__ = ["case_a", "person_a"]

ClientFor = Callable[[User], Client]
NOW = timezone.now()
TODAY = timezone.localdate()


@pytest.fixture
def services(org_b: Organisation, org_c: Organisation) -> dict[str, Service]:
    return {
        "shelter": Service.objects.create(organisation=org_b, service_type=ServiceType.SHELTER,
                                          name="Shelter", region="Kazan"),
        "clinic": Service.objects.create(organisation=org_c, service_type=ServiceType.MEDICAL,
                                         name="Clinic", region="St Petersburg"),
    }


def _refer(case: Case, service: Service, user: User, *, status: str, days_ago: int,
           reason: str = "") -> Referral:
    return Referral.objects.create(
        case=case, sender=case.organisation, receiver=service.organisation, service=service,
        status=status, decline_reason=reason, sent_by=user,
        sent_at=NOW - datetime.timedelta(days=days_ago, hours=1))


@pytest.fixture
def mechanism(case_a: Case, caseworker: User, services: dict[str, Service]) -> None:
    shelter, clinic = services["shelter"], services["clinic"]
    for days in (0, 2, 3, 7, 8, 30, 31, 400):
        _refer(case_a, shelter, caseworker, status=ReferralStatus.SENT, days_ago=days)
    _refer(case_a, clinic, caseworker, status=ReferralStatus.IN_PROGRESS, days_ago=5)
    _refer(case_a, clinic, caseworker, status=ReferralStatus.COMPLETED, days_ago=5)
    for reason in (DeclineReason.NO_CAPACITY, DeclineReason.NO_CAPACITY,
                   DeclineReason.NOT_ELIGIBLE):
        _refer(case_a, shelter, caseworker, status=ReferralStatus.DECLINED, days_ago=1,
               reason=reason)
    _refer(case_a, clinic, caseworker, status=ReferralStatus.DECLINED, days_ago=1,
           reason=DeclineReason.NO_CAPACITY)


def test_open_referrals_by_organisation_and_age(mechanism: None) -> None:
    table = coordination.open_referrals(Filters())
    assert table.headers[1:] == ["0–2 days", "3–7 days", "8–30 days", "over 30 days", "Total"]
    assert table.rows == [["Organisation B", 2, 2, 2, 2, 8], ["Organisation C", 0, 1, 0, 0, 1]]


def test_declined_by_reason_and_unmet_needs(mechanism: None) -> None:
    declined = coordination.declined_referrals(Filters())
    assert declined.by_organisation.rows == [["Organisation B", 2, 1, 0, 0, 3],
                                             ["Organisation C", 1, 0, 0, 0, 1]]
    assert declined.unmet.rows == [["Shelter", "Kazan", 2], ["Medical care", "St Petersburg", 1]]


def test_region_and_period_filters(mechanism: None) -> None:
    kazan = coordination.open_referrals(Filters(region="kazan"))
    assert [row[0] for row in kazan.rows] == ["Organisation B"]
    # Open referrals are today's state: the period does not hide the oldest.
    recent = Filters(date_from=TODAY - datetime.timedelta(days=1))
    assert coordination.open_referrals(recent) == coordination.open_referrals(Filters())
    declined = coordination.declined_referrals(recent).by_organisation
    assert [row[-1] for row in declined.rows] == [3, 1]
    before = Filters(date_to=TODAY - datetime.timedelta(days=2))
    assert coordination.declined_referrals(before).by_organisation.rows == []


def test_time_to_first_assistance(case_a: Case, caseworker: User, lawyer: User) -> None:
    case_a.opened_on = TODAY - datetime.timedelta(days=30)
    case_a.save()
    # No decision: counted from the day the case was opened; the earliest assistance counts.
    for days_ago in (10, 20):
        Assistance.objects.create(case=case_a, provider=case_a.organisation,
                                  service_type="shelter", recorded_by=caseworker,
                                  delivered_on=TODAY - datetime.timedelta(days=days_ago))
    assert coordination.time_to_assistance(Filters()).rows == [["Moscow", 1, 10, 10]]
    # With a presumed-victim decision 25 days ago, the clock starts there.
    IdentificationDecision.objects.create(
        case=case_a, decision="PossibleVictimOfTrafficking", deciding_org="NGO",
        reasons="r", decided_by=lawyer, signed_at=NOW - datetime.timedelta(days=25))
    assert coordination.time_to_assistance(Filters()).rows == [["Moscow", 1, 5, 5]]
    assert coordination.time_to_assistance(Filters(region="Kazan")).rows == []
    # The period picks the cases first assisted in it.
    assert coordination.time_to_assistance(
        Filters(date_from=TODAY - datetime.timedelta(days=15))).rows == []
    assert coordination.time_to_assistance(
        Filters(date_from=TODAY - datetime.timedelta(days=21),
                date_to=TODAY - datetime.timedelta(days=19))).rows == [["Moscow", 1, 5, 5]]


def test_percentile_is_nearest_rank() -> None:
    histogram = {1: 5, 2: 3, 10: 1, 40: 1}
    assert coordination.percentile(histogram, 0.5) == 1
    assert coordination.percentile(histogram, 0.9) == 10
    assert coordination.percentile({}, 0.5) is None


# --- The page --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_aggregate_roles_see_tables_and_charts(client_for: ClientFor, mechanism: None,
                                               persona: str,
                                               request: pytest.FixtureRequest) -> None:
    response = client_for(request.getfixturevalue(persona)).get("/coordination/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 3  # open, declined, unmet: no assistance recorded yet
    assert "Organisation B" in page and "No free capacity" in page
    assert "Karimova" not in page and "Каримова" not in page
    main = page.split("<main", 1)[1]
    assert "<script" not in main and "style=" not in main


@pytest.mark.parametrize("persona", ["caseworker", "lawyer", "intake_officer", "org_admin",
                                     "outsider"])
def test_other_roles_get_403(client_for: ClientFor, persona: str,
                             request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/coordination/").status_code == 403
    assert client.get("/coordination/open.csv").status_code == 403


def test_anonymous_goes_to_sign_in(client: Client, db: None) -> None:
    for url in ("/coordination/", "/coordination/unmet.csv", "/coordination/reflection/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_csv_matches_the_table(client_for: ClientFor, coordinator: User,
                               mechanism: None) -> None:
    response = client_for(coordinator).get("/coordination/declined.csv?region=Kazan")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="coordination-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Receiving organisation"
    assert rows[1:] == [["Organisation B", "2", "1", "0", "0", "3"]]


def test_csv_cells_never_run_as_formulas(client_for: ClientFor, coordinator: User,
                                         case_a: Case, caseworker: User,
                                         org_c: Organisation) -> None:
    org_c.name = "=HYPERLINK(1)"
    org_c.save()
    service = Service.objects.create(organisation=org_c, service_type="legal_aid", name="L",
                                     region="X")
    _refer(case_a, service, caseworker, status=ReferralStatus.SENT, days_ago=1)
    text = client_for(coordinator).get("/coordination/open.csv").content.decode()
    assert "'=HYPERLINK(1)" in text


def test_bad_filters_say_why_and_are_left_out(client_for: ClientFor, coordinator: User,
                                              mechanism: None) -> None:
    response = client_for(coordinator).get(
        "/coordination/?region=Atlantis&date_from=2026-05-01&date_to=2026-01-01")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The end of the period is before its start." in page
    assert "Select a valid choice" in page
    assert "Organisation B" in page  # the tables, unfiltered


def test_query_count_does_not_grow_with_the_data(client_for: ClientFor, coordinator: User,
                                                 mechanism: None, case_a: Case,
                                                 caseworker: User,
                                                 services: dict[str, Service]) -> None:
    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as before:
        assert client.get("/coordination/").status_code == 200
    for org_number in range(5):
        org = Organisation.objects.create(name=f"Extra {org_number}", org_type="NGO",
                                          country="RU", region=f"R{org_number}")
        service = Service.objects.create(organisation=org, service_type="shelter", name="S",
                                         region=f"R{org_number}")
        for status in (ReferralStatus.SENT, ReferralStatus.DECLINED):
            _refer(case_a, service, caseworker, status=status, days_ago=org_number * 9,
                   reason=DeclineReason.NO_CAPACITY if status == "declined" else "")
        Assistance.objects.create(case=case_a, provider=org, service_type="shelter",
                                  delivered_on=TODAY, quantity=Decimal(1), unit="night",
                                  recorded_by=caseworker)
    with CaptureQueriesContext(connection) as after:
        assert client.get("/coordination/").status_code == 200
    assert len(after) == len(before)
    assert len(after) <= 16
