"""Indicator pages: reading (every member of staff), editing (owning organisation's editors),
the CSV, and live indicators whose values cannot be typed in."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from palermo.accounts.models import User
from palermo.monitoring.models import Indicator, IndicatorValue
from tests.monitoring.m2_helpers import indicator, value

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_anonymous_visitor_is_sent_to_sign_in(lawyer: User) -> None:
    gsi = indicator(lawyer)
    for url in ("/monitoring/indicators/", f"/monitoring/indicators/{gsi.pk}/",
                f"/monitoring/indicators/{gsi.pk}/values.csv",
                f"/monitoring/indicators/{gsi.pk}/edit/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_member_of_staff_reads_list_detail_and_csv(
        lawyer: User, outsider: User, client_for: ClientFor) -> None:
    gsi = indicator(lawyer, name="GSI estimate")
    value(gsi, datetime.date(2018, 7, 19), "794000", source="GSI 2018", verified=True)
    value(gsi, datetime.date(2023, 5, 24), "1899000", low="1800000", high="2000000")
    client = client_for(outsider)
    listing = client.get("/monitoring/indicators/")
    assert listing.status_code == 200
    assert "GSI estimate" in listing.text
    assert "1,899,000 (1,800,000–2,000,000) persons" in listing.text
    assert "<polyline" in listing.text
    detail = client.get(f"/monitoring/indicators/{gsi.pk}/")
    assert detail.status_code == 200 and "<svg" in detail.text
    assert detail.text.count(">verified<") == 1 and detail.text.count(">not verified<") == 1
    assert f"/monitoring/indicators/{gsi.pk}/edit/" not in detail.text
    csv = client.get(f"/monitoring/indicators/{gsi.pk}/values.csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("indicator,unit,date,value,low,high")
    assert lines[1].startswith("GSI estimate,persons,2018-07-19,794000.0000,,,GSI 2018")
    assert lines[2].split(",")[4:6] == ["1800000.0000", "2000000.0000"]



def test_csv_cells_never_start_a_formula(lawyer: User, client_for: ClientFor) -> None:
    risky = indicator(lawyer, name="=HYPERLINK(1)", unit="+1")
    value(risky, datetime.date(2020, 1, 1), "-3", source="@source", note="-note")
    text = client_for(lawyer).get(f"/monitoring/indicators/{risky.pk}/values.csv").text
    assert text.splitlines()[1] == "'=HYPERLINK(1),'+1,2020-01-01,-3.0000,,,'@source,,'-note"


def test_editor_creates_an_indicator_and_adds_edits_and_deletes_values(
        lawyer: User, client_for: ClientFor) -> None:
    client = client_for(lawyer)
    response = client.post("/monitoring/indicators/new/", {
        "name": "Prison labour wage", "unit": "RUB per month", "source": "FSIN"})
    made = Indicator.objects.get(name="Prison labour wage")
    assert made.organisation_id == lawyer.organisation_id
    assert response["Location"] == f"/monitoring/indicators/{made.pk}/"
    client.post(f"/monitoring/indicators/{made.pk}/values/new/",
                {"date": "2022-12-31", "value": "4500", "note": "average"})
    stored = IndicatorValue.objects.get(indicator=made)
    assert stored.value == 4500
    client.post(f"/monitoring/indicators/{made.pk}/values/{stored.pk}/edit/",
                {"date": "2022-12-31", "value": "4600"})
    stored.refresh_from_db()
    assert stored.value == 4600
    client.post(f"/monitoring/indicators/{made.pk}/values/{stored.pk}/delete/")
    assert not IndicatorValue.objects.filter(indicator=made).exists()


def test_bad_values_are_refused_with_a_message_and_nothing_saved(
        lawyer: User, client_for: ClientFor) -> None:
    gsi = indicator(lawyer)
    value(gsi, datetime.date(2023, 1, 1), "10")
    client = client_for(lawyer)
    base = f"/monitoring/indicators/{gsi.pk}/values/new/"
    inverted = client.post(base, {"date": "2024-01-01", "value": "5", "low": "6", "high": "9"})
    assert inverted.status_code == 400 and "lower bound cannot be above" in inverted.text
    twice = client.post(base, {"date": "2023-01-01", "value": "5"})
    assert twice.status_code == 400
    not_a_number = client.post(base, {"date": "2024-01-01", "value": "many"})
    assert not_a_number.status_code == 400
    assert IndicatorValue.objects.filter(indicator=gsi).count() == 1


def test_live_indicator_values_cannot_be_typed_in(lawyer: User, client_for: ClientFor) -> None:
    client = client_for(lawyer)
    client.post("/monitoring/indicators/new/", {
        "name": "Officials trained", "live_key": "trainings:officials"})
    trained = Indicator.objects.get(name="Officials trained")
    assert trained.live_key == "trainings:officials"
    response = client.post(f"/monitoring/indicators/{trained.pk}/values/new/",
                           {"date": "2024-01-01", "value": "5"})
    assert response.status_code == 302
    assert not IndicatorValue.objects.filter(indicator=trained).exists()
    page = client.get(f"/monitoring/indicators/{trained.pk}/")
    assert "/values/new/" not in page.text and "computed from palermo" in page.text


def test_an_unknown_live_key_is_refused(lawyer: User, client_for: ClientFor) -> None:
    response = client_for(lawyer).post("/monitoring/indicators/new/", {
        "name": "Bogus", "live_key": "estimate:999999"})
    assert response.status_code == 400
    assert not Indicator.objects.filter(name="Bogus").exists()


def test_caseworker_reads_but_may_not_edit(
        lawyer: User, caseworker: User, client_for: ClientFor) -> None:
    gsi = indicator(lawyer)
    client = client_for(caseworker)
    assert client.get(f"/monitoring/indicators/{gsi.pk}/").status_code == 200
    assert client.get("/monitoring/indicators/new/").status_code == 403
    assert client.get(f"/monitoring/indicators/{gsi.pk}/edit/").status_code == 403
    assert client.post(f"/monitoring/indicators/{gsi.pk}/values/new/",
                       {"date": "2024-01-01", "value": "1"}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_another_organisation_cannot_edit(
        lawyer: User, outsider: User, admin_b: User, client_for: ClientFor) -> None:
    gsi = indicator(lawyer)
    kept = value(gsi, datetime.date(2023, 1, 1), "10")
    for user in (outsider, admin_b):
        client = client_for(user)
        assert client.get(f"/monitoring/indicators/{gsi.pk}/edit/").status_code == 404
        assert client.post(f"/monitoring/indicators/{gsi.pk}/values/new/",
                           {"date": "2024-01-01", "value": "1"}).status_code == 404
        assert client.post(
            f"/monitoring/indicators/{gsi.pk}/values/{kept.pk}/delete/").status_code == 404
    assert IndicatorValue.objects.filter(pk=kept.pk).exists()


def test_list_queries_do_not_grow_with_typed_in_indicators(
        lawyer: User, client_for: ClientFor) -> None:
    client = client_for(lawyer)
    for n in range(6):
        made = indicator(lawyer, name=f"Indicator {n}")
        value(made, datetime.date(2020 + n, 1, 1), str(n))
    with CaptureQueriesContext(connection) as few:
        client.get("/monitoring/indicators/")
    for n in range(6, 12):
        made = indicator(lawyer, name=f"Indicator {n}")
        value(made, datetime.date(2000 + n, 1, 1), str(n))
    with CaptureQueriesContext(connection) as many:
        client.get("/monitoring/indicators/")
    assert len(many) == len(few)
