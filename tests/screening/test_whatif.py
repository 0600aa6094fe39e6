"""The registry-wide what-if: counts by latest screening, the cases behind each cell, scoping."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from palermo.accounts.models import User
from palermo.cases import services as case_services
from palermo.cases.models import Case, Person
from palermo.screening.models import Screening

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]

TABLE = reverse("whatif:table")
CELLS = reverse("whatif:cases")

CONSENTING_ADULT = (
    {
        "un_palermo": True,
        "ilo_c29": True,
        "ru_cc_127_1": False,
        "ru_cc_127_2": False,
        "ru_cc_127_1_proposed": True,
    },
    ["consent_exonerates", "amendment_would_qualify", "forced_labour_not_slave_labour"],
)
NO_MEANS_ADULT = (
    {
        "un_palermo": False,
        "ilo_c29": None,
        "ru_cc_127_1": True,
        "ru_cc_127_2": None,
        "ru_cc_127_1_proposed": False,
    },
    ["no_means_element", "amendment_would_not_qualify"],
)
UNKNOWN: tuple[dict[str, Any], list[str]] = ({fid: None for fid in CONSENTING_ADULT[0]}, [])


def _case(user: User, person: Person, day: int) -> Case:
    return case_services.create_case(
        user=user,
        persons=[person],
        case_type="ForcedLabour",
        exploitation=["ForcedLabour"],
        opened_on=datetime.date(2026, 1, day),
    )


def _screen(case: Case, user: User, result: tuple[dict[str, Any], list[str]]) -> Screening:
    summary, gaps = result
    return Screening.objects.create(
        case=case,
        organisation=case.organisation,
        created_by=user,
        questionnaire_version="test",
        result_summary=summary,
        gap_codes=gaps,
    )


@pytest.fixture
def registry(caseworker: User, person_a: Person) -> dict[str, Case]:
    """Four cases of organisation A: two consenting adults (one screened twice, first as
    unknown), an adult without means, and one never screened."""
    cases = {
        name: _case(caseworker, person_a, day)
        for day, name in enumerate(["first", "second", "no_means", "unscreened"], 1)
    }
    _screen(cases["first"], caseworker, CONSENTING_ADULT)
    _screen(cases["second"], caseworker, UNKNOWN)
    _screen(cases["second"], caseworker, CONSENTING_ADULT)  # the latest one counts
    _screen(cases["no_means"], caseworker, NO_MEANS_ADULT)
    return cases


def _codes(response: Any) -> set[str]:
    return {case.code for case in response.context["page"].object_list}


def test_counts_each_case_once_by_its_latest_screening(
    client_for: ClientFor, caseworker: User, registry: dict[str, Case]
) -> None:
    response = client_for(caseworker).get(TABLE)
    assert response.status_code == 200
    table = response.context["table"]
    assert (table.cases, table.screened, table.unscreened) == (4, 3, 1)
    rows = {row["id"]: dict(row["cells"]) for row in response.context["rows"]}
    assert rows["un_palermo"] == {"yes": 2, "no": 1, "undetermined": 0}
    assert rows["ru_cc_127_1"] == {"yes": 1, "no": 2, "undetermined": 0}
    assert rows["ilo_c29"] == {"yes": 2, "no": 0, "undetermined": 1}
    assert response.context["would_qualify"] == 2
    assert response.context["would_not_qualify"] == 1
    gaps = {row["code"]: row["count"] for row in response.context["gap_rows"]}
    assert gaps["consent_exonerates"] == 2 and gaps["no_means_element"] == 1
    assert gaps["offender_exemption"] == 0


def test_each_cell_lists_the_cases_behind_it(
    client_for: ClientFor, caseworker: User, registry: dict[str, Case]
) -> None:
    client = client_for(caseworker)
    today_no = client.get(CELLS, {"today": "no", "amended": "yes"})
    assert _codes(today_no) == {registry["first"].code, registry["second"].code}
    framework = client.get(CELLS, {"framework": "ru_cc_127_1", "answer": "yes"})
    assert _codes(framework) == {registry["no_means"].code}
    gap = client.get(CELLS, {"gap": "no_means_element"})
    assert _codes(gap) == {registry["no_means"].code}
    unscreened = client.get(CELLS, {"unscreened": "1"})
    assert _codes(unscreened) == {registry["unscreened"].code}
    assert registry["first"].code in today_no.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"framework": "nope", "answer": "yes"},
        {"framework": "un_palermo", "answer": "maybe"},
        {"today": "yes"},
        {"gap": "made_up"},
        {"unscreened": "yes"},
    ],
)
def test_a_link_naming_no_cell_gets_a_clear_message(
    client_for: ClientFor, caseworker: User, query: dict[str, str]
) -> None:
    response = client_for(caseworker).get(CELLS, query)
    assert response.status_code == 400
    assert "does not name a cell" in response.content.decode()


def test_outsiders_count_and_list_none_of_organisation_a(
    client_for: ClientFor, outsider: User, registry: dict[str, Case]
) -> None:
    client = client_for(outsider)
    table = client.get(TABLE).context["table"]
    assert (table.cases, table.screened) == (0, 0)
    for query in (
        {"today": "no", "amended": "yes"},
        {"unscreened": "1"},
        {"gap": "consent_exonerates"},
    ):
        response = client.get(CELLS, query)
        assert response.status_code == 200 and _codes(response) == set()
        assert registry["first"].code not in response.content.decode()


def test_roles_without_case_access_are_refused(
    client_for: ClientFor, analyst: User, org_admin: User
) -> None:
    for user in (analyst, org_admin):
        client = client_for(user)
        assert client.get(TABLE).status_code == 403
        assert client.get(CELLS, {"unscreened": "1"}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    for url in (TABLE, CELLS):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_csv_download_holds_the_same_counts(
    client_for: ClientFor, caseworker: User, registry: dict[str, Case]
) -> None:
    response = client_for(caseworker).get(TABLE, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["framework", "yes", "no", "undetermined", "unscreened"]
    assert ["ru_cc_127_1_proposed", "2", "1", "0", "1"] in rows
    assert ["consent_exonerates", "2"] in rows


def test_the_page_speaks_russian(
    client_for: ClientFor, caseworker: User, registry: dict[str, Case]
) -> None:
    client = client_for(caseworker)
    client.post(reverse("set_language"), {"language": "ru"})
    page = client.get(TABLE).content.decode()
    assert "Палермский" in page and "УК РФ ст. 127.1" in page
    assert "does not name a cell" not in page
