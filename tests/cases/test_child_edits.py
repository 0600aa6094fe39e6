"""Correcting a case's events, perpetrators and notes: edit and delete, audited, reached only
through the case; a note only by its author."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from palermo.accounts.models import User
from palermo.cases import services
from palermo.cases.models import Case, Event, Note, Perpetrator
from palermo.core.models import AuditAction, AuditEvent

EVENT_FORM = {"event_type": "Transit", "date": "2026-03-02", "country": "KZ",
              "region": "Almaty", "place": "Bus station", "description": "Changed buses."}
PERPETRATOR_FORM = {"roles": ["Transporter"], "name": "Timur", "gender": "Masculine",
                    "citizenship": "KZ", "details": "Drove the van."}


@pytest.fixture
def event(caseworker: User, case_a: Case) -> Event:
    return services.add_event(user=caseworker, case=case_a, event_type="Recruitment",
                              country="UZ", place="Tashkent market",
                              date=datetime.date(2026, 2, 1))


@pytest.fixture
def perpetrator(caseworker: User, case_a: Case) -> Perpetrator:
    return services.add_perpetrator(user=caseworker, case=case_a,
                                    roles=["RecruiterOrIntermediary"], name="Aziz")


@pytest.fixture
def note(caseworker: User, case_a: Case) -> Note:
    return services.add_note(user=caseworker, case=case_a, text="First meeting at the shelter.")


def _last_audit(case: Case) -> AuditEvent:
    row = AuditEvent.objects.order_by("-seq").first()
    assert row is not None and row.object_ids == [str(case.pk)]
    assert row.action == AuditAction.UPDATE and row.object_type == "cases.Case"
    return row


# --- Events ----------------------------------------------------------------------------------


def test_edit_form_shows_the_event_as_stored(client_for, caseworker, case_a, event):
    response = client_for(caseworker).get(f"/cases/{case_a.pk}/events/{event.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tashkent market" in html and "2026-02-01" in html


def test_caseworker_edits_an_event_and_the_change_is_audited(client_for, caseworker, case_a,
                                                             event):
    response = client_for(caseworker).post(
        f"/cases/{case_a.pk}/events/{event.pk}/edit/", EVENT_FORM
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case_a.pk}/events/"
    event.refresh_from_db()
    assert event.event_type == "Transit" and event.place == "Bus station"
    assert event.date == datetime.date(2026, 3, 2) and event.country == "KZ"
    detail = _last_audit(case_a).detail
    assert detail == {"event_updated": event.pk, "fields": [
        "country", "date", "description", "event_type", "place", "region"]}


def test_bad_event_input_keeps_what_was_typed_and_changes_nothing(client_for, caseworker,
                                                                  case_a, event):
    before = AuditEvent.objects.filter(action=AuditAction.UPDATE).count()
    response = client_for(caseworker).post(
        f"/cases/{case_a.pk}/events/{event.pk}/edit/",
        {**EVENT_FORM, "event_type": "Teleport", "place": "Typed place"},
    )
    assert response.status_code == 400
    assert "Typed place" in response.content.decode()
    event.refresh_from_db()
    assert event.event_type == "Recruitment" and event.place == "Tashkent market"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == before


def test_delete_asks_first_then_deletes_the_event_and_audits_it(client_for, caseworker, case_a,
                                                                event):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/events/{event.pk}/delete/"
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert Event.objects.filter(pk=event.pk).exists()
    assert 'method="post"' in confirmation.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert _last_audit(case_a).detail == {"event_deleted": event.pk}


def test_events_tab_links_to_edit_and_delete(client_for, caseworker, case_a, event):
    html = client_for(caseworker).get(f"/cases/{case_a.pk}/events/").content.decode()
    assert f"/cases/{case_a.pk}/events/{event.pk}/edit/" in html
    assert f'action="/cases/{case_a.pk}/events/{event.pk}/delete/"' in html


def test_an_event_is_not_reachable_through_another_case(client_for, caseworker, case_a,
                                                        person_a, event):
    other = services.create_case(user=caseworker, persons=[person_a], case_type="Other",
                                 opened_on=datetime.date(2026, 1, 1))
    client = client_for(caseworker)
    assert client.get(f"/cases/{other.pk}/events/{event.pk}/edit/").status_code == 404
    assert client.post(f"/cases/{other.pk}/events/{event.pk}/delete/").status_code == 404
    assert Event.objects.filter(pk=event.pk).exists()


# --- Perpetrators ----------------------------------------------------------------------------


def test_caseworker_edits_a_perpetrator_and_the_change_is_audited(client_for, caseworker,
                                                                  case_a, perpetrator):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/perpetrators/{perpetrator.pk}/edit/"
    assert "Aziz" in client.get(url).content.decode()
    assert client.post(url, PERPETRATOR_FORM).status_code == 302
    perpetrator.refresh_from_db()
    assert perpetrator.roles == ["Transporter"] and perpetrator.name == "Timur"
    assert _last_audit(case_a).detail == {"perpetrator_updated": perpetrator.pk, "fields": [
        "citizenship", "details", "gender", "name", "roles"]}


def test_bad_perpetrator_input_keeps_what_was_typed_and_changes_nothing(client_for, caseworker,
                                                                        case_a, perpetrator):
    response = client_for(caseworker).post(
        f"/cases/{case_a.pk}/perpetrators/{perpetrator.pk}/edit/",
        {**PERPETRATOR_FORM, "roles": [], "name": "Typed name"},
    )
    assert response.status_code == 400
    assert "Typed name" in response.content.decode()
    perpetrator.refresh_from_db()
    assert perpetrator.name == "Aziz" and perpetrator.roles == ["RecruiterOrIntermediary"]


def test_caseworker_deletes_a_perpetrator_and_it_is_audited(client_for, caseworker, case_a,
                                                            perpetrator):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/perpetrators/{perpetrator.pk}/delete/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Perpetrator.objects.filter(pk=perpetrator.pk).exists()
    assert _last_audit(case_a).detail == {"perpetrator_deleted": perpetrator.pk}


# --- Notes -----------------------------------------------------------------------------------


def test_author_edits_a_note_and_the_change_is_audited(client_for, caseworker, case_a, note):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/notes/{note.pk}/edit/"
    assert "First meeting at the shelter." in client.get(url).content.decode()
    assert client.post(url, {"text": "First meeting at the shelter, with an interpreter."}
                       ).status_code == 302
    note.refresh_from_db()
    assert note.text == "First meeting at the shelter, with an interpreter."
    assert _last_audit(case_a).detail == {"note_updated": note.pk, "fields": ["text"]}


def test_an_empty_note_is_refused_and_the_note_kept(client_for, caseworker, case_a, note):
    response = client_for(caseworker).post(f"/cases/{case_a.pk}/notes/{note.pk}/edit/",
                                           {"text": ""})
    assert response.status_code == 400
    note.refresh_from_db()
    assert note.text == "First meeting at the shelter."


def test_author_deletes_a_note_and_it_is_audited(client_for, caseworker, case_a, note):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/notes/{note.pk}/delete/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()
    assert _last_audit(case_a).detail == {"note_deleted": note.pk}


def test_another_author_cannot_edit_or_delete_a_note(client_for, lawyer, case_a, note):
    client = client_for(lawyer)
    base = f"/cases/{case_a.pk}/notes/{note.pk}"
    assert client.get(f"{base}/edit/").status_code == 403
    assert client.post(f"{base}/edit/", {"text": "Rewritten."}).status_code == 403
    assert client.get(f"{base}/delete/").status_code == 403
    assert client.post(f"{base}/delete/").status_code == 403
    note.refresh_from_db()
    assert note.text == "First meeting at the shelter."
    html = client.get(f"/cases/{case_a.pk}/notes/").content.decode()
    assert f"{base}/edit/" not in html


def test_services_refuse_another_authors_note(lawyer, note):
    with pytest.raises(PermissionDenied):
        services.update_note(user=lawyer, note=note, text="Rewritten.")
    with pytest.raises(PermissionDenied):
        services.delete_note(user=lawyer, note=note)
    assert Note.objects.get(pk=note.pk).text == "First meeting at the shelter."


# --- Who else ------------------------------------------------------------------------------


def _child_urls(case: Case, event: Event, perpetrator: Perpetrator, note: Note) -> list[str]:
    return [
        f"/cases/{case.pk}/events/{event.pk}/edit/",
        f"/cases/{case.pk}/events/{event.pk}/delete/",
        f"/cases/{case.pk}/perpetrators/{perpetrator.pk}/edit/",
        f"/cases/{case.pk}/perpetrators/{perpetrator.pk}/delete/",
        f"/cases/{case.pk}/notes/{note.pk}/edit/",
        f"/cases/{case.pk}/notes/{note.pk}/delete/",
    ]


def test_outsider_gets_404_and_changes_nothing(client_for, outsider, case_a, event, perpetrator,
                                               note):
    client = client_for(outsider)
    for url in _child_urls(case_a, event, perpetrator, note):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**EVENT_FORM, **PERPETRATOR_FORM, "text": "x"}
                           ).status_code == 404, url
    assert Event.objects.get(pk=event.pk).event_type == "Recruitment"
    assert Perpetrator.objects.get(pk=perpetrator.pk).name == "Aziz"
    assert Note.objects.get(pk=note.pk).text == "First meeting at the shelter."


def test_anonymous_visitor_is_sent_to_sign_in(client, case_a, event, perpetrator, note):
    for url in _child_urls(case_a, event, perpetrator, note):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    assert Event.objects.filter(pk=event.pk).exists() and Note.objects.filter(pk=note.pk).exists()


def test_history_names_the_corrections(client_for, caseworker, case_a, event, note):
    client = client_for(caseworker)
    client.post(f"/cases/{case_a.pk}/events/{event.pk}/edit/", EVENT_FORM)
    client.post(f"/cases/{case_a.pk}/notes/{note.pk}/delete/")
    html = client.get(f"/cases/{case_a.pk}/history/").content.decode()
    assert "event changed: " in html and "note deleted" in html
    assert "Bus station" not in html
