"""The exports page and downloads: who may see and download what, no small count anywhere."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from palermo.accounts.models import User
from palermo.analytics.ctdc_anonymise import QUASI_IDENTIFIERS
from palermo.core.models import AuditEvent

PAGE = "/analytics/exports/"
ROUTES = (PAGE, f"{PAGE}glotip.csv?year=2025", f"{PAGE}ctdc.zip")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["caseworker", "lawyer", "intake_officer", "org_admin",
                                     "outsider", "admin_b"])
def test_roles_without_aggregates_or_exports_get_403(
        persona: str, request: pytest.FixtureRequest,
        client_for: Callable[[User], Client]) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in ROUTES:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    for url in ROUTES:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_an_analyst_sees_the_tables_with_no_small_count(
        registry: Any, analyst: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(analyst).get(PAGE, {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Presumed victims" in page and "Download CTDC export" in page
    assert "No justice records for this year." in page
    cells = [c for c in _cells(page) if c.isdigit()]
    assert cells and all(int(c) == 0 or int(c) >= 5 for c in cells)
    assert "–" in page
    assert AuditEvent.objects.filter(object_type="analytics.Glotip", action="view").exists()


def _cells(page: str) -> list[str]:
    return [part.split("</td>")[0] for part in page.split("<td>")[1:]]


@pytest.mark.django_db
def test_a_bad_year_is_refused(analyst: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(analyst)
    assert client.get(PAGE, {"year": "soon"}).status_code == 400
    assert client.get(f"{PAGE}glotip.csv", {"year": "1066"}).status_code == 400
    assert client.get(f"{PAGE}ctdc.zip", {"k": "1"}).status_code == 400


@pytest.mark.django_db
def test_the_glotip_csv_has_no_cell_below_the_threshold(
        registry: Any, coordinator: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(coordinator).get(f"{PAGE}glotip.csv", {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="glotip-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert rows and all(r[11] == "<5" or int(r[11]) == 0 or int(r[11]) >= 5 for r in rows)
    event = AuditEvent.objects.get(object_type="analytics.Glotip", action="export")
    assert event.detail["rows"] == len(rows)


@pytest.mark.django_db
def test_the_ctdc_archive_is_k_anonymous_with_its_report(
        registry: Any, analyst: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(analyst).get(f"{PAGE}ctdc.zip", {"k": 5})
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    (data,) = [n for n in bundle.namelist() if n.endswith(".csv")]
    rows = list(csv.DictReader(io.StringIO(bundle.read(data).decode())))
    report = json.loads(bundle.read("report.json"))
    assert report["k"] == 5 and report["rows_out"] == len(rows)
    classes = Counter(tuple(r[c] for c in QUASI_IDENTIFIERS) for r in rows)
    assert all(n >= 5 for n in classes.values())
    event = AuditEvent.objects.get(object_type="analytics.Ctdc")
    assert event.detail["rows_out"] == len(rows) and event.actor_id == analyst.pk
