"""Field-level sharing on the pages: a receiving organisation sees the summary and exactly the
groups the referral shares, can change nothing, and a tab it may not open is not even listed."""

from __future__ import annotations

import pytest

from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.referrals.codes import ShareGroup
from tests.cases.conftest import case_a, person_a
from tests.referrals.sharing_fixtures import (
    ALL,
    SECRETS,
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

#: The tab (or panel) where each group's values appear, and which group opens each URL.
TAB_OF = {
    ShareGroup.EVENTS: ShareGroup.EVENTS, ShareGroup.PERPETRATORS: ShareGroup.PERPETRATORS,
    ShareGroup.NOTES: ShareGroup.NOTES, ShareGroup.ATTACHMENTS: ShareGroup.ATTACHMENTS,
    ShareGroup.SCREENING: ShareGroup.SCREENING, "download": ShareGroup.ATTACHMENTS,
    "screening_detail": ShareGroup.SCREENING,
}


def _everything_readable(client, case: Case) -> tuple[str, dict[str, int]]:
    """The HTML of every page of the case the client can open (identity panel included), and
    the status of each URL."""
    html, statuses = [], {}
    for name, url in case_urls(case).items():
        response = client.get(url)
        statuses[name] = response.status_code
        if response.status_code == 200:
            html.append(b"".join(response.streaming_content).decode(errors="replace")
                        if response.streaming else response.content.decode())
    identity = client.post(f"/cases/{case.pk}/persons/identity/")
    statuses["identity"] = identity.status_code
    if identity.status_code == 200:
        html.append(identity.content.decode())
    return "\n".join(html), statuses


@pytest.mark.parametrize("group", ALL)
def test_a_receiver_sees_the_shared_group_and_no_other(client_for, receiver_cw, rich_case,
                                                       share, group):
    share([group])
    html, statuses = _everything_readable(client_for(receiver_cw), rich_case)
    for value in SECRETS[group]:
        assert value in html, (group, value)
    for other, values in SECRETS.items():
        if other != group:
            for value in values:
                assert value not in html, (group, other, value)
    # The summary always; a group's own pages only with it; the history never.
    assert statuses["summary"] == statuses["persons"] == 200
    assert statuses["history"] == 404
    for name, needed in TAB_OF.items():
        assert statuses[name] == (200 if needed == group else 404), (group, name)
    shows_panel = group in (ShareGroup.IDENTITY, ShareGroup.CONTACT)
    assert statuses["identity"] == (200 if shows_panel else 404)


def test_the_summary_shows_the_summary_fields(client_for, receiver_cw, rich_case, share):
    share([])
    html = client_for(receiver_cw).get(f"/cases/{rich_case.pk}/").content.decode()
    for value in (rich_case.code, "Forced labour", "Moscow", "2026-05-04", "Construction",
                  "Presumed victim"):
        assert value in html, value
    person = rich_case.persons.get()
    persons_html = client_for(receiver_cw).get(f"/cases/{rich_case.pk}/persons/").content
    assert person.code in persons_html.decode() and b"1998" in persons_html
    # The narrative's codes are the narrative's: not in the summary.
    assert "Withholds" not in html and "Means of control" not in html


def test_the_tab_bar_lists_only_what_the_receiver_may_open(client_for, receiver_cw, rich_case,
                                                           share):
    share([ShareGroup.EVENTS, ShareGroup.NOTES])
    html = client_for(receiver_cw).get(f"/cases/{rich_case.pk}/").content.decode()
    urls = case_urls(rich_case)
    for name in ("summary", "persons", ShareGroup.EVENTS, ShareGroup.NOTES):
        assert f'href="{urls[name]}"' in html, name
    for name in (ShareGroup.PERPETRATORS, ShareGroup.ATTACHMENTS, ShareGroup.SCREENING,
                 "history"):
        assert f'href="{urls[name]}"' not in html, name
    assert f'href="/cases/{rich_case.pk}/edit/"' not in html


def test_the_owner_still_sees_every_tab(client_for, caseworker, rich_case, share):
    share([ShareGroup.EVENTS])
    client = client_for(caseworker)
    html = client.get(f"/cases/{rich_case.pk}/").content.decode()
    for url in case_urls(rich_case).values():
        assert client.get(url).status_code == 200, url
    assert f'href="/cases/{rich_case.pk}/history/"' in html
    assert "shared-banner" not in html


def test_a_shared_case_carries_a_banner_naming_the_sender_and_the_groups(
    client_for, receiver_cw, rich_case, share
):
    share([ShareGroup.EVENTS, ShareGroup.NOTES])
    html = client_for(receiver_cw).get(f"/cases/{rich_case.pk}/events/").content.decode()
    assert "Shared with your organisation by Organisation A through a referral" in html
    assert "the case summary; events; notes." in html


def test_notes_and_files_do_not_name_the_owners_staff(client_for, receiver_cw, caseworker,
                                                     rich_case, share):
    share([ShareGroup.NOTES, ShareGroup.ATTACHMENTS])
    client = client_for(receiver_cw)
    for tab in ("notes", "attachments"):
        html = client.get(f"/cases/{rich_case.pk}/{tab}/").content.decode()
        assert caseworker.username not in html and "Organisation A" in html


def test_the_identity_panel_is_audited_with_the_groups_shown(client_for, receiver_cw,
                                                            rich_case, share):
    share([ShareGroup.CONTACT])
    client = client_for(receiver_cw)
    html = client.post(f"/cases/{rich_case.pk}/persons/identity/").content.decode()
    assert "Lenina street 5" in html and "Karimova" not in html
    event = AuditEvent.objects.filter(object_type="cases.Person").latest("seq")
    assert event.actor_id == receiver_cw.pk
    assert event.detail == {"identity": True, "case": rich_case.pk, "shared": ["contact"]}


def test_the_case_list_marks_shared_cases_and_filters_them(client_for, receiver_cw, rich_case,
                                                         share):
    share([])
    client = client_for(receiver_cw)
    html = client.get("/cases/").content.decode()
    assert rich_case.code in html and "shared by Organisation A" in html
    assert rich_case.code in client.get("/cases/?status=Active").content.decode()
    assert rich_case.code not in client.get("/cases/?status=Closed").content.decode()
    assert rich_case.code in client.get(f"/cases/?q={rich_case.code}").content.decode()


def test_a_name_finds_no_shared_person_even_with_the_identity_shared(
    client_for, receiver_cw, caseworker, rich_case, share
):
    share(ALL)
    for text in ("Dilnoza Karimova", "Каримова Дилноза", "FA 1234567"):
        assert rich_case.code not in client_for(receiver_cw).get(
            "/cases/", {"q": text}).content.decode(), text
        assert rich_case.code in client_for(caseworker).get(
            "/cases/", {"q": text}).content.decode(), text


def test_the_what_if_counts_only_owned_cases(client_for, receiver_cw, rich_case, share):
    from palermo.screening.whatif import what_if

    share(ALL)
    assert what_if(receiver_cw).cases == 0
    html = client_for(receiver_cw).get("/cases/what-if/?unscreened=1").content.decode()
    assert rich_case.code not in html
