"""An organisation that never was party to a referral gets 404 on every page of it, and of the
case's Referrals tab; the receiver gets 404 on the owner's consent pages.

Walks the URL configuration: a route of the ``referrals`` namespace with an object id that is
not listed in OBJECT_IDS fails the first test, so no page ships without this check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from palermo.referrals.codes import ReferralStatus
from palermo.referrals.models import Consent, Referral

Records = dict[str, Any]

OBJECT_IDS: dict[str, Callable[[Records], dict[str, int]]] = {
    "referrals/<int:pk>/": lambda r: {"pk": r["referral"].pk},
    "referrals/<int:pk>/transition/": lambda r: {"pk": r["referral"].pk},
    "cases/<int:pk>/referrals/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/referrals/new/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/referrals/consents/new/": lambda r: {"pk": r["case"].pk},
    "cases/<int:pk>/referrals/consents/<int:consent_pk>/withdraw/": lambda r: {
        "pk": r["case"].pk, "consent_pk": r["consent"].pk},
    # Services are the shared directory: read by everyone, changed only by their
    # organisation (tests/referrals/test_directory.py).
    "referrals/services/<int:pk>/": None,  # type: ignore[dict-item]
    "referrals/services/<int:pk>/edit/": None,  # type: ignore[dict-item]
    "referrals/services/<int:pk>/places/": None,  # type: ignore[dict-item]
}
#: Pages about the case itself, which the receiver may open while the case is shared.
CASE_PAGES = {"cases/<int:pk>/referrals/"}


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _object_routes() -> set[str]:
    # The API's routes are walked by tests/referrals/test_api.py.
    return {r for r in _routes(get_resolver()) if "<" in r and not r.startswith("api/")
            and (r.startswith("referrals/") or "/referrals/" in r)}


def _walked() -> list[str]:
    return sorted(r for r in _object_routes() if OBJECT_IDS.get(r) is not None)


def _url(route: str, ids: dict[str, int]) -> str:
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: str(ids[str(m.group(1))]), route)


@pytest.fixture
def records(make_referral, case_a, consent_c) -> Records:
    return {"referral": make_referral(ReferralStatus.ACCEPTED), "case": case_a,
            "consent": consent_c}


def _state() -> list[Any]:
    return [list(Referral.objects.values_list("status", flat=True)),
            list(Consent.objects.values_list("withdrawn_at", flat=True)),
            Referral.objects.count()]


def test_every_referral_route_with_an_object_id_is_covered():
    assert _object_routes() == set(OBJECT_IDS), (
        "add the new route to OBJECT_IDS in tests/referrals/test_referrals_outsider.py")


def test_an_organisation_never_party_gets_404_everywhere(client_for, outsider, records):
    before = _state()
    client = client_for(outsider)
    for route in _walked():
        url = _url(route, OBJECT_IDS[route](records))
        assert client.get(url).status_code == 404, url
        data = {"action": "revoke", "service": 1, "recipient": 1, "given_on": "2026-01-01"}
        assert client.post(url, data).status_code == 404, url
    assert _state() == before


def test_the_same_pages_open_for_the_sender(client_for, caseworker, records):
    """So the 404s above come from scoping, not from wrong ids."""
    client = client_for(caseworker)
    for route in _walked():
        url = _url(route, OBJECT_IDS[route](records))
        assert client.get(url).status_code in {200, 302, 405}, url


def test_the_receiver_never_reaches_the_owners_consent_and_send_pages(
    client_for, receiver, records
):
    before = _state()
    client = client_for(receiver)
    for route in _walked():
        if route.startswith("referrals/") or route in CASE_PAGES:
            continue
        url = _url(route, OBJECT_IDS[route](records))
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert _state() == before


def test_the_receiver_sees_the_referrals_tab_without_consents(client_for, receiver, records):
    page = client_for(receiver).get(f"/cases/{records['case'].pk}/referrals/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Clinic for migrants" in text
    assert "The person's consent to share" not in text and "Record consent" not in text
    assert "withdraw" not in text.lower()


def test_once_revoked_the_receiver_gets_404_on_the_case_tab(client_for, caseworker, receiver,
                                                           records):
    from palermo.referrals import services

    services.transition(user=caseworker, referral=records["referral"], action="revoke")
    client = client_for(receiver)
    assert client.get(f"/cases/{records['case'].pk}/referrals/").status_code == 404
    # The referral itself stays readable to both parties, without the case.
    page = client.get(f"/referrals/{records['referral'].pk}/")
    assert page.status_code == 200 and "Case summary" not in page.content.decode()
