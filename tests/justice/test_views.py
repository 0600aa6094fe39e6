"""The Justice tab: the owner's pages, bad input refused on the page, and nobody else in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from palermo.justice.models import Investigation, Prosecution

Records = dict[str, Any]

#: route under /cases/<pk>/justice/ -> the ids to put in it.
ROUTES = {
    "": lambda r: {},
    "investigations/new/": lambda r: {},
    "investigations/<int:record_pk>/edit/": lambda r: {"record_pk": r["investigation"].pk},
    "investigations/<int:record_pk>/delete/": lambda r: {"record_pk": r["investigation"].pk},
    "prosecutions/new/": lambda r: {},
    "prosecutions/<int:record_pk>/": lambda r: {"record_pk": r["prosecution"].pk},
    "prosecutions/<int:record_pk>/edit/": lambda r: {"record_pk": r["prosecution"].pk},
    "prosecutions/<int:record_pk>/delete/": lambda r: {"record_pk": r["prosecution"].pk},
    "prosecutions/<int:record_pk>/hearings/<int:child_pk>/delete/": lambda r: {
        "record_pk": r["prosecution"].pk, "child_pk": r["hearing"].pk},
    "prosecutions/<int:record_pk>/defendants/<int:child_pk>/delete/": lambda r: {
        "record_pk": r["prosecution"].pk, "child_pk": r["defendant"].pk},
    "proceedings/new/": lambda r: {},
    "proceedings/<int:record_pk>/edit/": lambda r: {"record_pk": r["proceeding"].pk},
    "proceedings/<int:record_pk>/delete/": lambda r: {"record_pk": r["proceeding"].pk},
}
PREFIX = "cases/<int:pk>/justice/"


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def _urls(records: Records) -> list[str]:
    urls = []
    for route, ids in ROUTES.items():
        values: dict[str, int] = {"pk": records["case"].pk, **ids(records)}
        path = PREFIX + route
        for name, value in values.items():
            path = re.sub(rf"<\w+:{name}>", str(value), path)
        urls.append("/" + path)
    return urls


def test_every_justice_route_is_walked():
    justice = {r[len(PREFIX):] for r in _routes(get_resolver()) if r.startswith(PREFIX)}
    assert justice == set(ROUTES)


def test_outsider_gets_404_on_every_justice_page(client_for, outsider, records):
    client = client_for(outsider)
    for url in _urls(records):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"agency": "x"}).status_code == 404, url
    assert Investigation.objects.count() == 1 and Prosecution.objects.count() == 1


def test_receiver_of_a_shared_case_gets_404_on_justice_pages(client_for, receiver, records,
                                                             make_referral):
    make_referral("accepted")
    client = client_for(receiver)
    assert client.get(f"/cases/{records['case'].pk}/").status_code == 200  # the case is shared
    for url in _urls(records):
        assert client.get(url).status_code == 404, url
    assert "/justice/" not in client.get(f"/cases/{records['case'].pk}/").content.decode()


def test_owner_opens_every_justice_page(client_for, lawyer, records):
    client = client_for(lawyer)
    for url in _urls(records):
        assert client.get(url).status_code in {200, 405}, url


def test_anonymous_goes_to_sign_in(client, records):
    response = client.get(f"/cases/{records['case'].pk}/justice/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_roles_without_case_access_get_403(client_for, analyst, intake_officer, records):
    for user in (analyst, intake_officer):
        assert client_for(user).get(
            f"/cases/{records['case'].pk}/justice/").status_code == 403


def test_the_tab_shows_the_timeline_in_date_order(client_for, lawyer, records):
    page = client_for(lawyer).get(f"/cases/{records['case'].pk}/justice/").content.decode()
    order = ["Proceedings against", "Investigation opened", "Sent to court", "Hearing",
             "Verdict: Convicted"]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Justice" in page


def test_lawyer_adds_an_investigation(client_for, lawyer, case_a):
    response = client_for(lawyer).post(f"/cases/{case_a.pk}/justice/investigations/new/", {
        "agency": "Police", "articles": ["127.2-1"], "opened_on": "2024-03-01",
        "status": "open", "outcome": "pending"})
    assert response.status_code == 302
    assert Investigation.objects.get().articles == ["127.2-1"]


@pytest.mark.parametrize(("data", "message"), [
    ({"opened_on": "2024-03-01", "closed_on": "2024-02-01", "status": "closed"},
     "cannot close before it opened"),
    ({"opened_on": "2024-03-01", "articles": ["127.9"]}, "Select a valid choice"),
    ({"opened_on": "not a date"}, "Enter a valid date"),
])
def test_bad_investigation_input_is_refused_clearly(client_for, lawyer, case_a, data, message):
    form = {"agency": "Police", "articles": ["127.1-1"], "status": "open",
            "outcome": "pending", **data}
    response = client_for(lawyer).post(f"/cases/{case_a.pk}/justice/investigations/new/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Investigation.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"verdict": "convicted", "verdict_on": "2024-01-01"}, "cannot come before the case"),
    ({"verdict": "convicted", "verdict_on": "2024-08-01", "sentence_months": "-1"},
     "greater than or equal to 0"),
    ({"verdict": "acquitted", "verdict_on": "2024-08-01", "sentence": "2 years"},
     "Only a conviction has a sentence"),
])
def test_bad_prosecution_input_is_refused_clearly(client_for, lawyer, case_a, data, message):
    form = {"charges": ["127.1-1"], "court": "Court", "filed_on": "2024-06-01",
            "appeal_status": "none", "victim_role": "witness", **data}
    response = client_for(lawyer).post(f"/cases/{case_a.pk}/justice/prosecutions/new/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Prosecution.objects.exists()


def test_hearing_and_defendant_added_on_the_prosecution_page(client_for, lawyer, records):
    prosecution = records["prosecution"]
    url = f"/cases/{records['case'].pk}/justice/prosecutions/{prosecution.pk}/"
    client = client_for(lawyer)
    assert client.post(url, {"form": "hearing", "hearing-held_on": "2024-11-02"}
                       ).status_code == 302
    assert client.post(url, {"form": "defendant", "defendant-sex": "female",
                             "defendant-age_group": "adult",
                             "defendant-citizenship": "UZ"}).status_code == 302
    assert prosecution.hearings.count() == 2 and prosecution.defendants.count() == 2
    bad = client.post(url, {"form": "hearing", "hearing-held_on": "2000-01-01"})
    assert bad.status_code == 400 and prosecution.hearings.count() == 2


def test_delete_asks_for_post(client_for, lawyer, records):
    url = f"/cases/{records['case'].pk}/justice/investigations/{records['investigation'].pk}/"
    client = client_for(lawyer)
    assert client.get(url + "delete/").status_code == 405
    assert client.post(url + "delete/").status_code == 302
    assert not Investigation.objects.exists()


def test_the_history_tab_names_justice_changes_without_values(client_for, lawyer, records):
    from palermo.justice import services

    services.update_prosecution(user=lawyer, prosecution=records["prosecution"],
                                court="Meshchansky District Court")
    page = client_for(lawyer).get(f"/cases/{records['case'].pk}/history/").content.decode()
    assert "investigation added" in page and "prosecution changed: court" in page
    assert "proceedings against the person added" in page
    assert "Meshchansky" not in page
