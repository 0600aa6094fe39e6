"""The public read-only recommendations page: off by default (404); when on, recommendations
and the latest published status only, never internal notes, unpublished assessments or who
assessed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.monitoring.recommendation_helpers import NOTE, assessment, recommendation

pytestmark = pytest.mark.django_db


def test_off_by_default(client, lawyer):
    rec = recommendation(lawyer)
    assert client.get("/public/recommendations/").status_code == 404
    assert client.get(f"/public/recommendations/{rec.pk}/").status_code == 404


def test_on_it_shows_recommendations_and_published_status_only(client, settings, lawyer):
    settings.PALERMO_PUBLIC_MONITORING = True
    lawyer.first_name, lawyer.last_name = "Irina", "Assessorova"
    lawyer.save()
    rec = recommendation(lawyer)
    assessment(lawyer, rec, status="partially", evidence="Published evidence",
               published=True, assessed_on=date(2023, 1, 1))
    assessment(lawyer, rec, status="regressed", evidence="Secret draft evidence",
               published=False, assessed_on=date(2024, 1, 1))
    listing = client.get("/public/recommendations/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Enhance efforts to provide assistance" in page
    assert "Partially implemented" in page
    assert "Regressed</td>" not in page and "2024-01-01" not in page
    detail = client.get(f"/public/recommendations/{rec.pk}/").content.decode()
    assert "Published evidence" in detail
    for secret in (NOTE, "Secret draft evidence", "Assessorova", lawyer.username,
                   "Organisation A"):
        assert secret not in page
        assert secret not in detail


def test_the_public_filter_uses_published_status(client, settings, lawyer):
    settings.PALERMO_PUBLIC_MONITORING = True
    rec = recommendation(lawyer)
    assessment(lawyer, rec, status="implemented", published=False)
    assert "Enhance efforts" not in client.get(
        "/public/recommendations/?status=implemented").content.decode()
    assert "Enhance efforts" in client.get(
        "/public/recommendations/?status=none").content.decode()


def test_an_unknown_recommendation_is_404(client, settings):
    settings.PALERMO_PUBLIC_MONITORING = True
    assert client.get("/public/recommendations/999/").status_code == 404
