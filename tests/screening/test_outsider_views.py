"""Every screening page of a case: the outsider gets 404, anonymous visitors go to sign in.

Walks the URL configuration like tests/cases/test_outsider_views.py: a route under
/cases/<pk>/screening/ that is not listed in OBJECT_IDS fails the first test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from palermo.accounts.models import User
from palermo.cases.models import Case
from palermo.screening.models import IdentificationDecision, Screening
from tests.conftest import PASSWORD

Records = dict[str, Any]

OBJECT_IDS: dict[str, Callable[[Records], dict[str, int]]] = {
    "cases/<int:pk>/screening/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/screening/new/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/screening/<int:screening_pk>/": lambda r: {
        "pk": r["case"].pk, "screening_pk": r["screening"].pk},
    "cases/<int:pk>/screening/<int:screening_pk>/edit/": lambda r: {
        "pk": r["case"].pk, "screening_pk": r["screening"].pk},
    "cases/<int:pk>/screening/decision/": lambda r: {"pk": r["case"].pk},
}


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _screening_routes() -> set[str]:
    return {r for r in _routes(get_resolver()) if r.startswith("cases/") and "/screening/" in r}


def _url(route: str, ids: dict[str, int]) -> str:
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: str(ids[str(m.group(1))]), route)


@pytest.fixture
def records(case_a: Case, screening_a: Screening) -> Records:
    return {"case": case_a, "screening": screening_a}


def _urls(records: Records) -> list[str]:
    return [_url(route, OBJECT_IDS[route](records)) for route in sorted(_screening_routes())]


def test_every_screening_route_is_covered():
    assert _screening_routes() == set(OBJECT_IDS), (
        "add the new route to OBJECT_IDS in tests/screening/test_outsider_views.py"
    )


def test_outsider_gets_404_on_every_screening_page(client_for, outsider, records):
    client = client_for(outsider)
    for url in _urls(records):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"decision": "NotAVictimOfTrafficking", "deciding_org": "NGO",
                                 "reasons": "x", "password": PASSWORD,
                                 "ilo_deception": "no"}).status_code == 404, url


def test_outsider_posts_change_nothing(client_for, outsider, records):
    client = client_for(outsider)
    for url in _urls(records):
        client.post(url, {"decision": "NotAVictimOfTrafficking", "deciding_org": "NGO",
                          "reasons": "x", "password": PASSWORD, "ilo_deception": "no"})
    case = Case.objects.get(pk=records["case"].pk)
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    assert Screening.objects.count() == 1
    assert Screening.objects.get().answers["ilo_deception"] == "yes"
    assert not IdentificationDecision.objects.exists()


def test_the_same_pages_open_for_the_lawyer_of_the_case(client_for, lawyer, records):
    """So the 404s above come from scoping, not from wrong ids."""
    client = client_for(lawyer)
    for url in _urls(records):
        assert client.get(url).status_code == 200, url


def test_a_screening_is_not_reachable_through_another_case(client_for, caseworker, records,
                                                           person_a):
    from palermo.cases import services as case_services

    other = case_services.create_case(user=caseworker, persons=[person_a], case_type="Other",
                                      opened_on=records["case"].opened_on)
    client = client_for(caseworker)
    assert client.get(f"/cases/{other.pk}/screening/{records['screening'].pk}/").status_code \
        == 404


@pytest.mark.parametrize("role_user", ["analyst", "org_admin", "intake_officer"])
def test_roles_without_the_registry_get_403(request, client_for, records, role_user):
    user: User = request.getfixturevalue(role_user)
    client = client_for(user)
    for url in _urls(records):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(records):
    client = Client()
    for url in _urls(records):
        for response in (client.get(url), client.post(url, {"ilo_deception": "no"})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
    assert Screening.objects.get().answers["ilo_deception"] == "yes"
