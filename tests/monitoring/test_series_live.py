"""Series: typed-in values and live series equal the data they are computed from."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from palermo.accounts.models import User
from palermo.estimates.models import SavedEstimate
from palermo.justice.models import PublishedFigure
from palermo.monitoring import live
from palermo.monitoring.models import Attendee
from palermo.monitoring.series import latest, series
from palermo.screening.models import TrainingAttempt, TrainingScenario
from tests.monitoring.m2_helpers import course, indicator, org, session, value

pytestmark = pytest.mark.django_db


def _figure(user: User, year: int, value: int, *, year_to: int | None = None,
            source: str = "Judicial Department", article: str = "127.1") -> PublishedFigure:
    return PublishedFigure.objects.create(
        source=source, source_url="https://stat.example.org/", year=year,
        year_to=year if year_to is None else year_to, jurisdiction="Russian Federation",
        article=article, measure="persons_convicted", value=value, created_by=user)


def test_typed_in_values_in_date_order_with_the_series_source_as_default(lawyer: User) -> None:
    gsi = indicator(lawyer, source_url="https://walkfree.org/")
    value(gsi, datetime.date(2023, 5, 24), "1899000", low=Decimal("1800000"),
          high=Decimal("2000000"))
    value(gsi, datetime.date(2018, 7, 19), "794000", source="GSI 2018")
    points = series(gsi)
    assert [p.date.year for p in points] == [2018, 2023]
    assert points[0].source == "GSI 2018"
    assert points[1].source == "Walk Free" and points[1].source_url == "https://walkfree.org/"
    assert points[1].low == Decimal("1800000") and points[1].high == Decimal("2000000")
    assert latest(gsi) == points[1]


def test_empty_series_has_no_latest(lawyer: User) -> None:
    assert latest(indicator(lawyer)) is None


def test_convictions_per_year_equal_the_official_figures(lawyer: User) -> None:
    _figure(lawyer, 2019, 21)
    _figure(lawyer, 2019, 99, source="Another source")  # same year: the first entered counts
    _figure(lawyer, 2020, 14)
    _figure(lawyer, 2018, 16, year_to=2022)  # overlaps years with their own figures: not used
    _figure(lawyer, 2023, 7, article="127.2")  # another article
    convictions = indicator(lawyer, name="Convictions",
                            live_key="official:persons_convicted:127.1")
    points = series(convictions)
    assert [(p.date, p.value) for p in points] == [
        (datetime.date(2019, 12, 31), Decimal(21)), (datetime.date(2020, 12, 31), Decimal(14))]
    assert {p.source for p in points} == {"Judicial Department"}


def test_a_period_figure_is_one_point_noted_as_an_average(lawyer: User) -> None:
    _figure(lawyer, 2018, 16, year_to=2022)
    points = series(indicator(lawyer, live_key="official:persons_convicted:127.1"))
    assert len(points) == 1
    assert points[0].date == datetime.date(2022, 12, 31) and points[0].value == 16
    assert "2018–2022" in points[0].note


def test_a_figure_without_address_cites_its_palermo_page(lawyer: User) -> None:
    PublishedFigure.objects.create(source="Report", year=2021, year_to=2021,
                                   jurisdiction="RF", article="127.1",
                                   measure="persons_prosecuted", value=5)
    points = series(indicator(lawyer, live_key="official:persons_prosecuted:127.1"))
    assert points[0].source_url == "/official-statistics/persons_prosecuted/127.1/"


def test_officials_trained_per_year_add_attendees_and_screening_accounts(
        lawyer: User, caseworker: User, outsider: User) -> None:
    first = session(course(lawyer), datetime.date(2023, 4, 1))
    later = session(course(outsider), datetime.date(2024, 2, 1))
    Attendee.objects.create(session=first, agency="police")
    Attendee.objects.create(session=first, agency="judiciary")
    Attendee.objects.create(session=later, agency="police")
    scenario, _created = TrainingScenario.objects.get_or_create(
        slug="m2-test", defaults={"title_en": "t", "title_ru": "t", "narrative_en": "n",
                                  "narrative_ru": "n", "expected_identification": "victim"})
    for user in (caseworker, caseworker, outsider):
        attempt = TrainingAttempt.objects.create(user=user, scenario=scenario, score=50,
                                                 identification="not_trafficking")
        TrainingAttempt.objects.filter(pk=attempt.pk).update(
            created_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
    trained = indicator(lawyer, live_key="trainings:officials")
    assert [(p.date.year, p.value) for p in series(trained)] == [(2023, 2), (2024, 1 + 2)]
    attendees = indicator(lawyer, name="a", live_key="trainings:attendees")
    assert [(p.date.year, p.value) for p in series(attendees)] == [(2023, 2), (2024, 1)]
    screening = indicator(lawyer, name="s", live_key="trainings:screening")
    assert [(p.date.year, p.value) for p in series(screening)] == [(2024, 2)]
    assert series(trained)[0].source_url == "/monitoring/trainings/statistics/"


def _estimate(user: User, title: str, estimate: float, ci: list[float]) -> SavedEstimate:
    return SavedEstimate.objects.create(
        organisation=org(user), title=title, source="upload", lists=["A", "B"],
        histories=[[[1, 0], 5]], options={}, result={"estimate": estimate, "ci": ci},
        engine_version="test", created_by=user)


def test_saved_estimates_of_one_title_form_a_series_with_their_intervals(
        lawyer: User, outsider: User) -> None:
    old = _estimate(lawyer, "Victims in Moscow", 1200.0, [900.0, 1700.0])
    SavedEstimate.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400))
    new = _estimate(lawyer, "Victims in Moscow", 1500.5, [1100.0, 2100.0])
    _estimate(lawyer, "Another population", 10.0, [5.0, 20.0])
    estimates = indicator(lawyer, live_key=f"estimate:{new.pk}")
    points = series(estimates)
    assert [p.value for p in points] == [Decimal("1200.0"), Decimal("1500.5")]
    assert (points[1].low, points[1].high) == (Decimal("1100.0"), Decimal("2100.0"))
    assert points[1].source_url == f"/estimates/{new.pk}/"
    # Another organisation's indicator cannot name this organisation's estimate.
    assert live.find(f"estimate:{new.pk}", outsider.organisation_id) is None
    keys = {s.key for s in live.available(lawyer.organisation_id)}
    assert f"estimate:{new.pk}" in keys and f"estimate:{old.pk}" not in keys


def test_an_unknown_live_key_gives_no_points(lawyer: User) -> None:
    assert series(indicator(lawyer, live_key="official:nonsense:127.1")) == []
    assert series(indicator(lawyer, name="x", live_key="nothing")) == []
