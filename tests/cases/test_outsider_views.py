"""The outsider (a caseworker of organisation B) gets 404 on every page of organisation A's records.

The test walks the URL configuration: a route under /cases/ that takes an object id and is not
listed in OBJECT_IDS below fails it, so no page ships without this check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from palermo.accounts.models import User
from palermo.cases import services
from palermo.cases.models import Case, Person

Records = dict[str, Any]

# route -> the ids of organisation A's records to put in it.
OBJECT_IDS: dict[str, Callable[[Records], dict[str, int]]] = {
    "cases/<int:pk>/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/edit/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/persons/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/persons/identity/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/events/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/perpetrators/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/notes/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/events/<int:event_pk>/edit/": lambda r: {
        "pk": r["case"].pk, "event_pk": r["event"].pk
    },
    "cases/<int:pk>/events/<int:event_pk>/delete/": lambda r: {
        "pk": r["case"].pk, "event_pk": r["event"].pk
    },
    "cases/<int:pk>/perpetrators/<int:perpetrator_pk>/edit/": lambda r: {
        "pk": r["case"].pk, "perpetrator_pk": r["perpetrator"].pk
    },
    "cases/<int:pk>/perpetrators/<int:perpetrator_pk>/delete/": lambda r: {
        "pk": r["case"].pk, "perpetrator_pk": r["perpetrator"].pk
    },
    "cases/<int:pk>/notes/<int:note_pk>/edit/": lambda r: {
        "pk": r["case"].pk, "note_pk": r["note"].pk
    },
    "cases/<int:pk>/notes/<int:note_pk>/delete/": lambda r: {
        "pk": r["case"].pk, "note_pk": r["note"].pk
    },
    "cases/<int:pk>/attachments/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/attachments/upload/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/attachments/<int:attachment_pk>/": lambda r: {
        "pk": r["case"].pk, "attachment_pk": r["attachment"].pk
    },
    "cases/<int:pk>/history/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/assistance/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/assistance/plan/": lambda r: {"pk": r["case"].pk},
    "cases/persons/<int:pk>/edit/": lambda r: {"pk": r["person"].pk},
}


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _object_routes() -> set[str]:
    # Screening pages under a case are walked by tests/screening/test_outsider_views.py, the
    # Referrals tab's by tests/referrals/test_referrals_outsider.py, the Justice tab's by
    # tests/justice/test_views.py.
    return {r for r in _routes(get_resolver())
            if r.startswith("cases/") and "<" in r and "/screening/" not in r
            and "/referrals/" not in r and "/justice/" not in r}


def _url(route: str, ids: dict[str, int]) -> str:
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: str(ids[str(m.group(1))]), route)


@pytest.fixture
def records(caseworker: User, case_a: Case, person_a: Person) -> Records:
    attachment = services.add_attachment(
        user=caseworker, case=case_a, filename="statement.pdf",
        content_type="application/pdf", content=b"%PDF-1.4 statement",
    )
    event = services.add_event(user=caseworker, case=case_a, event_type="Recruitment",
                               country="UZ")
    perpetrator = services.add_perpetrator(user=caseworker, case=case_a,
                                           roles=["RecruiterOrIntermediary"])
    note = services.add_note(user=caseworker, case=case_a, text="First meeting.")
    return {"case": case_a, "person": person_a, "attachment": attachment, "event": event,
            "perpetrator": perpetrator, "note": note}


def test_every_case_route_with_an_object_id_is_covered():
    assert _object_routes() == set(OBJECT_IDS), (
        "add the new route to OBJECT_IDS in tests/cases/test_outsider_views.py"
    )


def test_outsider_gets_404_on_every_page_of_another_organisations_records(
    client_for, outsider, records
):
    client = client_for(outsider)
    for route in sorted(_object_routes()):
        url = _url(route, OBJECT_IDS[route](records))
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"text": "x", "event_type": "Transit"}).status_code == 404, url


def test_the_same_pages_open_for_the_owner(client_for, caseworker, records):
    """So the 404s above come from scoping, not from wrong ids."""
    client = client_for(caseworker)
    for route in sorted(_object_routes()):
        url = _url(route, OBJECT_IDS[route](records))
        assert client.get(url).status_code in {200, 405}, url


def test_outsider_posts_change_nothing(client_for, outsider, records):
    case = records["case"]
    client = client_for(outsider)
    client.post(f"/cases/{case.pk}/notes/", {"text": "planted"})
    client.post(f"/cases/{case.pk}/edit/", {"status": "Closed"})
    client.post(f"/cases/{case.pk}/notes/{records['note'].pk}/delete/")
    client.post(f"/cases/{case.pk}/events/{records['event'].pk}/delete/")
    case.refresh_from_db()
    assert list(case.notes.all()) == [records["note"]] and case.status == "Active"
    assert list(case.events.all()) == [records["event"]]


def test_an_attachment_is_not_reachable_through_another_case(client_for, caseworker, records,
                                                            person_a):
    other = services.create_case(user=caseworker, persons=[person_a], case_type="Other",
                                 opened_on=case_opened(records))
    url = f"/cases/{other.pk}/attachments/{records['attachment'].pk}/"
    assert client_for(caseworker).get(url).status_code == 404


def case_opened(records: Records) -> Any:
    return records["case"].opened_on
