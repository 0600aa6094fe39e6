"""Trainings: attendees from the table or a CSV file (all-or-nothing, errors by row), the
statistics per region, year and agency, and who may use the pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from palermo.accounts.models import User
from palermo.monitoring import trainings
from palermo.monitoring.models import Attendee, Course, TrainingSession
from tests.monitoring.m2_helpers import course, session

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]

GOOD = (b"name,agency,position,pre_score,post_score\n"
        b"Ivan Petrov,police,Inspector,40,80\n"
        b"Anna Smirnova,Labour inspection,,55.5,70\n")


def _url(of: TrainingSession, tail: str = "") -> str:
    return f"/monitoring/trainings/{of.course_id}/sessions/{of.pk}/{tail}"


def _upload(client: Client, of: TrainingSession, content: bytes) -> Any:
    return client.post(_url(of, "attendees/import/"),
                       {"file": SimpleUploadedFile("a.csv", content, "text/csv")})


def test_good_csv_adds_every_attendee_with_the_name_encrypted(
        lawyer: User, client_for: ClientFor) -> None:
    held = session(course(lawyer))
    response = _upload(client_for(lawyer), held, GOOD)
    assert response.status_code == 302
    rows = list(Attendee.objects.filter(session=held).order_by("pk"))
    assert [(a.name, a.agency, a.pre_score, a.post_score) for a in rows] == [
        ("Ivan Petrov", "police", Decimal("40.0"), Decimal("80.0")),
        ("Anna Smirnova", "labour_inspection", Decimal("55.5"), Decimal("70.0"))]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM monitoring_attendee")
        stored = [row[0] for row in cursor.fetchall()]
    assert not any("Ivan" in str(value) for value in stored)


@pytest.mark.parametrize(("content", "words"), [
    (GOOD + b"Boris,navy,,10,20\n", "Line 4: Unknown agency"),
    (GOOD + b"Boris,police,,ten,20\n", "Line 4: pre_score is not a number"),
    (GOOD + b"Boris,police,,10,120\n", "Line 4: post_score must be between 0 and 100"),
    (b"name,position\nBoris,Judge\n", "Line 1: The first line must name the columns"),
    (b"name,agency,mood\nBoris,police,ok\n", "Line 1: Unknown columns: mood"),
    ("name,agency\nБорис,police\n".encode("utf-16"), "not UTF-8"),
    (b"name,agency\n", "holds no attendees"),
])
def test_bad_csv_names_each_row_and_writes_nothing(
        lawyer: User, client_for: ClientFor, content: bytes, words: str) -> None:
    held = session(course(lawyer))
    response = _upload(client_for(lawyer), held, content)
    assert response.status_code == 400
    assert words in response.text
    assert "nothing was saved" in response.text
    assert not Attendee.objects.exists()


def test_every_bad_row_is_reported_at_once() -> None:
    rows, errors = trainings.parse_csv(b"agency,pre_score\nnavy,5\npolice,x\npolice,5\n")
    assert [error.line for error in errors] == [2, 3]
    assert len(rows) == 1


def test_table_entry_adds_filled_rows_and_refuses_a_row_without_agency(
        lawyer: User, client_for: ClientFor) -> None:
    held = session(course(lawyer))
    client = client_for(lawyer)
    form = {"rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "0",
            "rows-0-name": "Olga", "rows-0-agency": "judiciary", "rows-0-pre_score": "30",
            "rows-0-post_score": "90", "rows-1-name": "Pavel", "rows-1-agency": ""}
    refused = client.post(_url(held, "attendees/"), form)
    assert refused.status_code == 400 and "Choose the attendee" in refused.text
    assert not Attendee.objects.exists()
    form["rows-1-agency"] = "police"
    assert client.post(_url(held, "attendees/"), form).status_code == 302
    assert sorted(Attendee.objects.values_list("agency", flat=True)) == ["judiciary", "police"]


def test_statistics_per_region_year_agency_and_score_gain(
        lawyer: User, outsider: User, client_for: ClientFor) -> None:
    moscow_2023 = session(course(lawyer), datetime.date(2023, 5, 1), region="Moscow")
    moscow_2024 = session(course(lawyer, title="B"), datetime.date(2024, 5, 1), region="Moscow")
    kazan_2024 = session(course(outsider, title="C"), datetime.date(2024, 9, 1),
                         region="Kazan")
    for held, agency, pre, post in [(moscow_2023, "police", 40, 80),
                                    (moscow_2023, "police", None, 70),
                                    (moscow_2024, "judiciary", 60, 70),
                                    (kazan_2024, "police", 50, 60)]:
        Attendee.objects.create(session=held, agency=agency, pre_score=pre, post_score=post)
    table = trainings.by_region_and_year()
    assert table.years == [2023, 2024]
    assert table.rows == [("Kazan", [0, 1], 1), ("Moscow", [2, 1], 3)]
    assert table.totals == [2, 2]
    assert trainings.by_agency() == [("Police", 3), ("Judiciary", 1)]
    gain = trainings.score_gain()
    assert gain.scored == 3 and gain.pre == Decimal("50.0") and gain.post == Decimal("70.0")
    assert gain.gain == Decimal("20.0")
    page = client_for(outsider).get("/monitoring/trainings/statistics/")
    assert page.status_code == 200 and "Kazan" in page.text and "<svg" in page.text
    rows = client_for(outsider).get("/monitoring/trainings/statistics.csv").content.decode()
    assert rows.splitlines()[:4] == ["table,group,year,count", "region,Kazan,2023,0",
                                     "region,Kazan,2024,1", "region,Moscow,2023,2"]
    assert "agency,Police,,3" in rows.splitlines()


def test_names_are_shown_only_to_the_organisation_that_ran_the_training(
        lawyer: User, outsider: User, client_for: ClientFor) -> None:
    held = session(course(lawyer))
    Attendee.objects.create(session=held, name="Ivan Petrov", agency="police")
    assert "Ivan Petrov" in client_for(lawyer).get(_url(held)).text
    other = client_for(outsider).get(_url(held))
    assert other.status_code == 200 and "Ivan Petrov" not in other.text


def test_who_may_edit_trainings(lawyer: User, caseworker: User, outsider: User, admin_b: User,
                                client_for: ClientFor) -> None:
    held = session(course(lawyer))
    attendee = Attendee.objects.create(session=held, agency="police")
    edit_urls = [f"/monitoring/trainings/{held.course_id}/edit/",
                 f"/monitoring/trainings/{held.course_id}/sessions/new/", _url(held, "edit/")]
    post_urls = [_url(held, "attendees/"), _url(held, "attendees/import/"),
                 _url(held, f"attendees/{attendee.pk}/delete/")]
    for url in [*edit_urls, *post_urls, "/monitoring/trainings/", _url(held)]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    own_caseworker = client_for(caseworker)
    assert own_caseworker.get("/monitoring/trainings/new/").status_code == 403
    for url in edit_urls:
        assert own_caseworker.get(url).status_code == 403, url
    for url in post_urls:
        assert own_caseworker.post(url).status_code == 403, url
    for user in (outsider, admin_b):
        client = client_for(user)
        for url in edit_urls:
            assert client.get(url).status_code == 404, url
        for url in post_urls:
            assert client.post(url).status_code == 404, url
    assert Attendee.objects.filter(pk=attendee.pk).exists()


def test_editor_creates_a_course_and_a_session(lawyer: User, client_for: ClientFor) -> None:
    client = client_for(lawyer)
    client.post("/monitoring/trainings/new/", {"title": "Indicators of forced labour",
                                               "hours": "6"})
    made = Course.objects.get(title="Indicators of forced labour")
    assert made.organisation_id == lawyer.organisation_id
    response = client.post(f"/monitoring/trainings/{made.pk}/sessions/new/", {
        "held_on": "2024-10-01", "region": "Tver", "audience_agency": "labour_inspection"})
    held = made.sessions.get()
    assert response["Location"] == _url(held)
    bad = client.post(f"/monitoring/trainings/{made.pk}/sessions/new/", {"held_on": "soon"})
    assert bad.status_code == 400 and made.sessions.count() == 1
