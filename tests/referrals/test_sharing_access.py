"""When a shared case is seen at all: only while the referral is accepted, in progress or
completed, within its and its consent's end dates, and the consent not withdrawn; never by an
organisation without a referral; and the receiver changes nothing, on any route."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from palermo.accounts.models import Organisation, OrganisationType
from palermo.accounts.roles import Role
from palermo.cases.models import Case
from palermo.referrals.codes import ReferralStatus
from tests.cases.conftest import case_a, person_a
from tests.conftest import _make_user
from tests.referrals.sharing_fixtures import (
    ALL,
    case_urls,
    org_r,
    receiver_cw,
    receiver_lawyer,
    rich_case,
    rich_person,
    service_r,
    share,
)

__all__ = ["case_a", "org_r", "person_a", "receiver_cw", "receiver_lawyer", "rich_case",
           "rich_person", "service_r", "share"]

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _all_urls(case: Case) -> list[str]:
    person = case.persons.get()
    return [*case_urls(case).values(), f"/api/v1/cases/{case.pk}", f"/api/v1/persons/{person.pk}"]


def _assert_nothing_visible(client, case: Case) -> None:
    for url in _all_urls(case):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cases/{case.pk}/persons/identity/").status_code == 404
    assert case.code not in client.get("/cases/").content.decode()
    assert client.get("/api/v1/cases").json()["count"] == 0
    assert client.get("/api/v1/persons").json()["count"] == 0


def _assert_all_visible(client, case: Case) -> None:
    for url in _all_urls(case):
        if "/history/" not in url:
            assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/cases").json()["count"] == 1


@pytest.mark.parametrize("status", [ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS,
                                    ReferralStatus.COMPLETED])
def test_a_live_referral_shares(client_for, receiver_cw, rich_case, share, status):
    share(ALL, status=status)
    _assert_all_visible(client_for(receiver_cw), rich_case)


@pytest.mark.parametrize("status", [ReferralStatus.SENT, ReferralStatus.DECLINED,
                                    ReferralStatus.REVOKED])
def test_a_referral_not_accepted_shares_nothing(client_for, receiver_cw, rich_case, share,
                                                status):
    share(ALL, status=status)
    _assert_nothing_visible(client_for(receiver_cw), rich_case)


def test_revocation_cuts_access_on_the_very_next_request(client_for, receiver_cw, rich_case,
                                                         share):
    referral = share(ALL)
    client = client_for(receiver_cw)
    _assert_all_visible(client, rich_case)
    referral.status = ReferralStatus.REVOKED
    referral.closed_at = timezone.now()
    referral.save()
    _assert_nothing_visible(client, rich_case)


def test_withdrawing_the_consent_cuts_access_on_the_very_next_request(
    client_for, receiver_cw, caseworker, rich_case, share
):
    referral = share(ALL)
    client = client_for(receiver_cw)
    _assert_all_visible(client, rich_case)
    consent = referral.consent
    assert consent is not None
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = caseworker
    consent.save()
    _assert_nothing_visible(client, rich_case)


def test_an_expired_consent_shares_nothing(client_for, receiver_cw, rich_case, share):
    share(ALL, consent_until=YESTERDAY)
    _assert_nothing_visible(client_for(receiver_cw), rich_case)


def test_an_expired_referral_shares_nothing(client_for, receiver_cw, rich_case, share):
    share(ALL, until=YESTERDAY)
    _assert_nothing_visible(client_for(receiver_cw), rich_case)


def test_a_consent_ending_today_still_shares(client_for, receiver_cw, rich_case, share):
    share(ALL, consent_until=timezone.localdate())
    _assert_all_visible(client_for(receiver_cw), rich_case)


def test_an_organisation_that_never_received_a_referral_sees_nothing(
    client_for, receiver_cw, outsider, rich_case, share
):
    share(ALL)
    third = Organisation.objects.create(name="Organisation T", org_type=OrganisationType.NGO,
                                        country="RU")
    for user in (outsider, _make_user("caseworker_t", third, Role.CASEWORKER)):
        _assert_nothing_visible(client_for(user), rich_case)


# --- Writes ----------------------------------------------------------------------------------

#: Pages that only read (the receiver opens them with every group shared).
READ_ONLY = {"cases:case_detail", "cases:case_persons", "cases:case_identity",
             "cases:attachment_download", "screening:screening_list",
             "screening:screening_detail"}
#: Tabs that read on GET and add on POST.
READ_AND_ADD = {"cases:case_events", "cases:case_perpetrators", "cases:case_notes",
                "cases:case_attachments"}


def _object_routes() -> dict[str, str]:
    """Every route of the registry and screening apps under a case or person id, by name."""
    found: dict[str, str] = {}
    for prefix, namespace in (("cases/", "cases"), ("cases/<int:pk>/screening/", "screening")):
        resolver = next(r for r in get_resolver().url_patterns
                        if isinstance(r, URLResolver) and r.namespace == namespace)
        for entry in resolver.url_patterns:
            if isinstance(entry, URLPattern) and "<" in prefix + str(entry.pattern):
                found[f"{namespace}:{entry.name}"] = prefix + str(entry.pattern)
    return found


def _ids(case: Case) -> dict[str, int]:
    person = case.persons.get()
    return {
        "pk": case.pk, "event_pk": case.events.get().pk,
        "perpetrator_pk": case.perpetrators.get().pk, "note_pk": case.notes.get().pk,
        "attachment_pk": case.attachments.get().pk,
        "screening_pk": case.screenings.get().pk, "person": person.pk,
    }


def _url(name: str, route: str, ids: dict[str, int]) -> str:
    if name == "cases:person_edit":
        return f"/cases/persons/{ids['person']}/edit/"
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: str(ids[str(m.group(1))]), route)


def test_every_write_route_is_404_for_a_receiver_with_everything_shared(
    client_for, receiver_cw, receiver_lawyer, rich_case, share
):
    share(ALL)
    routes, ids = _object_routes(), _ids(rich_case)
    writes = set(routes) - READ_ONLY - READ_AND_ADD
    assert {"cases:case_edit", "cases:event_delete", "cases:person_edit",
            "screening:decision_create", "cases:case_history"} <= writes
    before = (rich_case.updated_at, rich_case.events.count(), rich_case.notes.count(),
              rich_case.perpetrators.count(), rich_case.attachments.count(),
              rich_case.screenings.count(), rich_case.decisions.count())
    post = {"text": "planted", "event_type": "Transit", "roles": ["Transporter"],
            "status": "Closed", "decision": "NotAVictimOfTrafficking"}
    for user in (receiver_cw, receiver_lawyer):
        client = client_for(user)
        for name in sorted(writes):
            url = _url(name, routes[name], ids)
            assert client.get(url).status_code in {404, 405}, url
            assert client.post(url, post).status_code == 404, url
        for name in sorted(READ_AND_ADD):
            url = _url(name, routes[name], ids)
            assert client.get(url).status_code == 200, url
            assert client.post(url, post).status_code == 404, url
    rich_case.refresh_from_db()
    assert before == (rich_case.updated_at, rich_case.events.count(), rich_case.notes.count(),
                      rich_case.perpetrators.count(), rich_case.attachments.count(),
                      rich_case.screenings.count(), rich_case.decisions.count())


def test_the_receiver_sees_no_edit_controls(client_for, receiver_lawyer, rich_case, share):
    share(ALL)
    client = client_for(receiver_lawyer)
    for url in case_urls(rich_case).values():
        response = client.get(url)
        if response.status_code == 200 and not response.streaming:
            html = response.content.decode()
            assert "/edit/" not in html and "/delete/" not in html, url
            assert "/screening/new/" not in html and "/decision/" not in html, url
