"""Handing a linkage run to the estimates page: a person recorded by two organisations counts
once with the run and twice without."""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any

import pytest
from django.core import signing

from palermo.estimates.forms import EstimateForm
from palermo.estimates.lists import Grouping, ListSpec, build_table
from palermo.linkage.models import LinkageRun, Mode
from palermo.linkage.selectors import identity_of
from tests.linkage.app_fixtures import END, START, case, finished_run, person

pytestmark = pytest.mark.django_db
REGISTRY = {"source": "registry", "grouping": "organisation", "basis": "opened",
            "start": "2025-01-01", "end": "2025-12-31", "method": "main-effects",
            "threshold": "0.02", "ci": "profile", "bootstrap": "200", "seed": "1234"}


@pytest.fixture
def linked(org_a, org_b, coordination_body, coordinator) -> dict[str, Any]:
    """A: Шерзод Рахимов, two others and Z; B: Sherzod Rakhimov, two others and Z (one Person
    on cases of both). A finished run matched the two Sherzods: 7 person records, 6 people."""
    born = datetime.date(1990, 3, 5)
    a = person(org_a, "Шерзод", "Рахимов", born)
    b = person(org_b, "Sherzod", "Rakhimov", born)
    z = person(org_a, "Зарина", "Назарова", datetime.date(2001, 6, 1), "Feminine")
    others = [person(org, f"P{n}", "Q", None) for n, org in enumerate([org_a, org_a, org_b, org_b])]
    for who in (a, b, *others):
        case(who.organisation, [who])
    case(org_a, [z])
    case(org_b, [z])
    everyone = [a, b, z, *others]
    run = finished_run(coordination_body, coordinator, everyone, [(a, b, 0.97)])
    return {"run": run, "a": a, "b": b}


def _spec() -> ListSpec:
    return ListSpec(Grouping.ORGANISATION, "opened", START, END)


def _both(table: Any) -> int:
    return dict(table.rows()).get((1, 1), 0)


def test_a_person_recorded_by_two_organisations_counts_once_with_the_run(linked):
    without = build_table(_spec())
    with_run = build_table(_spec(), identity=identity_of(linked["run"]))
    assert without.observed == 7 and _both(without) == 1
    assert with_run.observed == 6 and _both(with_run) == 2


def test_the_estimates_form_offers_finished_runs_of_the_users_modes(linked, analyst,
                                                                    coordinator):
    run = linked["run"]
    form = EstimateForm(REGISTRY | {"linkage_run": str(run.pk)}, user=coordinator)
    assert form.is_valid(), form.errors
    assert form.table is not None and form.table.observed == 6
    form = EstimateForm(dict(REGISTRY), user=coordinator)
    assert form.is_valid() and form.table is not None and form.table.observed == 7
    LinkageRun.objects.filter(pk=run.pk).update(mode=Mode.CONSENTED)
    form = EstimateForm(REGISTRY | {"linkage_run": str(run.pk)}, user=analyst)
    assert not form.is_valid() and "linkage_run" in form.errors


def test_the_estimates_page_uses_the_run_and_records_it(client_for, coordinator, linked):
    run = linked["run"]
    client = client_for(coordinator)
    page = client.get(f"/estimates/?linkage_run={run.pk}").content.decode()
    assert re.search(rf'<option value="{run.pk}" selected>', page)
    html = client.post("/estimates/", REGISTRY | {"linkage_run": str(run.pk)}).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', html)
    assert payload is not None, html
    data = signing.loads(unescape(payload.group(1)), salt="palermo.estimates.save")
    assert data["built_from"]["linkage_run"] == run.pk
    assert sum(count for _bits, count in data["histories"]) == 6


def test_a_run_of_another_organisation_cannot_be_chosen(client_for, org_b, linked):
    from tests.conftest import _make_user

    other = _make_user("coordinator_b", org_b, "coordinator")
    form = EstimateForm(REGISTRY | {"linkage_run": str(linked["run"].pk)}, user=other)
    assert not form.is_valid() and "linkage_run" in form.errors
