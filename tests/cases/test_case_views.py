"""Case pages: the list (filters, search, paging, audit, bounded queries), the detail tabs, the
identity panel and the history."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palermo.accounts.models import User
from palermo.cases import services
from palermo.cases.models import Case, Person
from palermo.core.models import AuditAction, AuditEvent


def _many_cases(user: User, person: Person, count: int) -> list[Case]:
    return [
        services.create_case(
            user=user, persons=[person], case_type="Trafficking",
            exploitation=["SexualExploitation"], opened_on=datetime.date(2025, 1, 1 + n % 28),
        )
        for n in range(count)
    ]


def test_list_shows_codes_and_labels_never_names(client_for, caseworker, case_a, person_a):
    response = client_for(caseworker).get("/cases/")
    html = response.content.decode()
    assert response.status_code == 200
    assert case_a.code in html and person_a.code in html
    assert "Forced labour" in html and "Servitude" in html and "Moscow" in html
    for secret in ("Дилноза", "Каримова", "Dilnoza", "Karimova", "FA 1234567", "1998-03-14"):
        assert secret not in html


def test_list_page_writes_one_audit_row_naming_the_cases_shown(client_for, caseworker, case_a):
    client = client_for(caseworker)
    before = AuditEvent.objects.count()
    client.get("/cases/")
    rows = list(AuditEvent.objects.order_by("seq")[before:])
    assert len(rows) == 1
    assert rows[0].action == AuditAction.VIEW
    assert rows[0].object_type == "cases.Case"
    assert rows[0].object_ids == [str(case_a.pk)]


def test_list_search_finds_a_case_by_latin_name_cyrillic_name_code_and_document(
    client_for, caseworker, case_a, person_a
):
    other = services.create_person(user=caseworker, given_name="Иван", family_name="Петров")
    other_case = services.create_case(user=caseworker, persons=[other], case_type="Other",
                                      opened_on=datetime.date(2026, 1, 1))
    client = client_for(caseworker)
    for query in ("Dilnoza Karimova", "каримова дилноза", person_a.code, case_a.code,
                  "FA1234567", "Karimova Dilnoza"):
        html = client.get("/cases/", {"q": query}).content.decode()
        assert case_a.code in html, query
        assert other_case.code not in html, query
    assert case_a.code not in client.get("/cases/", {"q": "Karimov"}).content.decode()


def test_list_filters_keep_their_values_and_narrow_the_list(client_for, caseworker, case_a,
                                                            person_a):
    closed = services.create_case(user=caseworker, persons=[person_a], case_type="Trafficking",
                                  status="Closed", opened_on=datetime.date(2024, 6, 1),
                                  exploitation_region="Tver")
    client = client_for(caseworker)
    html = client.get("/cases/", {"status": "Closed"}).content.decode()
    assert closed.code in html and case_a.code not in html
    assert '<option value="Closed" selected>' in html
    html = client.get("/cases/", {"exploitation": "Servitude"}).content.decode()
    assert case_a.code in html and closed.code not in html
    html = client.get("/cases/", {"region": "tver"}).content.decode()
    assert closed.code in html and case_a.code not in html
    html = client.get("/cases/", {"opened_from": "2026-01-01"}).content.decode()
    assert case_a.code in html and closed.code not in html
    assert 'value="2026-01-01"' in html
    html = client.get("/cases/", {"case_type": "Trafficking"}).content.decode()
    assert closed.code in html and case_a.code not in html


def test_list_bad_filter_values_are_explained_not_a_crash(client_for, caseworker, case_a):
    response = client_for(caseworker).get(
        "/cases/", {"status": "Nonsense", "opened_from": "yesterday", "per_page": "7"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert case_a.code in html  # the valid part of the query still runs


def test_organisation_filter_is_offered_to_coordinators_only(client_for, caseworker,
                                                             coordinator):
    assert 'name="organisation"' not in client_for(caseworker).get("/cases/").content.decode()
    assert 'name="organisation"' in client_for(coordinator).get("/cases/").content.decode()


def test_list_sorts_and_pages(client_for, caseworker, person_a):
    cases = _many_cases(caseworker, person_a, 30)
    client = client_for(caseworker)
    first = client.get("/cases/", {"sort": "code"}).content.decode()
    assert cases[0].code in first and cases[29].code not in first
    assert "page 1 of 2" in first
    second = client.get("/cases/", {"sort": "code", "page": "2"}).content.decode()
    assert cases[29].code in second and cases[0].code not in second
    assert "sort=code" in second  # the pagination links keep the filters
    assert cases[29].code in client.get("/cases/", {"per_page": "50"}).content.decode()


@pytest.mark.parametrize("per_page", [25, 100])
def test_list_queries_do_not_grow_with_the_page_size(client_for, caseworker, person_a,
                                                     django_assert_max_num_queries, per_page):
    for n in range(per_page):
        extra = services.create_person(user=caseworker, given_name=f"Person {n}")
        services.create_case(user=caseworker, persons=[person_a, extra], case_type="Other",
                             opened_on=datetime.date(2025, 3, 1))
    client = client_for(caseworker)
    with django_assert_max_num_queries(14):
        response = client.get("/cases/", {"per_page": str(per_page)})
    assert response.content.decode().count("<tr>") == per_page + 1


def test_analyst_and_org_admin_may_not_open_the_registry(client_for, analyst, org_admin, case_a):
    for user in (analyst, org_admin):
        client = client_for(user)
        assert client.get("/cases/").status_code == 403
        assert client.get(f"/cases/{case_a.pk}/").status_code == 403


def test_navigation_shows_cases_to_those_who_work_with_them(client_for, caseworker, analyst):
    assert 'href="/cases/"' in client_for(caseworker).get("/").content.decode()
    assert 'href="/cases/"' not in client_for(analyst).get("/").content.decode()


def test_every_tab_opens_and_writes_a_view_row(client_for, caseworker, case_a):
    client = client_for(caseworker)
    for tab in ("", "persons/", "events/", "perpetrators/", "notes/", "attachments/",
                "history/"):
        before = AuditEvent.objects.count()
        response = client.get(f"/cases/{case_a.pk}/{tab}")
        assert response.status_code == 200, tab
        assert 'aria-current="page"' in response.content.decode()
        rows = list(AuditEvent.objects.order_by("seq")[before:])
        assert [(r.action, r.object_ids) for r in rows] == [("view", [str(case_a.pk)])], tab


def test_summary_shows_the_case_but_no_identity(client_for, caseworker, case_a):
    html = client_for(caseworker).get(f"/cases/{case_a.pk}/").content.decode()
    assert "Construction" in html and "Debt bondage" in html
    assert "passport taken" in html  # the narrative is case data, shown to the case's team
    assert "Dilnoza" not in html and "Каримова" not in html


def test_person_tab_hides_identity_until_asked_and_asking_is_audited(client_for, caseworker,
                                                                     case_a, person_a):
    client = client_for(caseworker)
    hidden = client.get(f"/cases/{case_a.pk}/persons/").content.decode()
    assert person_a.code in hidden and "Uzbekistan" in hidden and "1998" in hidden
    for secret in ("Дилноза", "Karimova", "FA 1234567", "1998-03-14"):
        assert secret not in hidden
    assert "Show identity" in hidden

    before = AuditEvent.objects.count()
    shown = client.post(f"/cases/{case_a.pk}/persons/identity/")
    html = shown.content.decode()
    assert shown.status_code == 200
    for secret in ("Дилноза", "Каримова", "Рустамовна", "Karimova", "FA 1234567",
                   "1998-03-14", "Dilnoza Karimova-Usmonova"):
        assert secret in html
    rows = list(AuditEvent.objects.order_by("seq")[before:])
    assert len(rows) == 1
    assert rows[0].object_type == "cases.Person"
    assert rows[0].object_ids == [str(person_a.pk)]
    assert rows[0].detail == {"identity": True, "case": case_a.pk}


def test_identity_panel_is_post_only(client_for, caseworker, case_a):
    assert client_for(caseworker).get(f"/cases/{case_a.pk}/persons/identity/").status_code == 405


def test_history_lists_creation_and_identity_views_with_usernames(client_for, caseworker,
                                                                  lawyer, case_a):
    client_for(lawyer).post(f"/cases/{case_a.pk}/persons/identity/")
    html = client_for(caseworker).get(f"/cases/{case_a.pk}/history/").content.decode()
    assert "Create" in html and "caseworker_a" in html
    assert "lawyer_a" in html and "identity shown" in html


def test_history_resolves_usernames_in_one_query(client_for, caseworker, lawyer, case_a):
    for user in (lawyer, caseworker):
        client_for(user).get(f"/cases/{case_a.pk}/")
    client = client_for(caseworker)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/cases/{case_a.pk}/history/").content.decode()
    assert "lawyer_a" in html
    user_reads = [q["sql"] for q in queries.captured_queries
                  if 'FROM "accounts_user"' in q["sql"]]
    assert len(user_reads) == 2  # the signed-in user, then every actor at once


def test_adding_an_event_perpetrator_and_note(client_for, caseworker, case_a):
    client = client_for(caseworker)
    response = client.post(f"/cases/{case_a.pk}/events/", {
        "event_type": "Exploitation", "date": "2026-02-01", "country": "RU",
        "region": "Moscow Oblast", "place": "Brick works near Kolomna", "description": "",
    })
    assert response.status_code == 302
    assert "Brick works near Kolomna" in client.get(f"/cases/{case_a.pk}/events/").content.decode()
    response = client.post(f"/cases/{case_a.pk}/perpetrators/", {
        "roles": ["RecruiterOrIntermediary", "Exploiter"], "name": "Rustam",
        "gender": "Masculine", "citizenship": "UZ", "details": "",
    })
    assert response.status_code == 302
    html = client.get(f"/cases/{case_a.pk}/perpetrators/").content.decode()
    assert "Recruiter or intermediary, Exploiter" in html
    response = client.post(f"/cases/{case_a.pk}/notes/", {"text": "Called the shelter."})
    assert response.status_code == 302
    assert "Called the shelter." in client.get(f"/cases/{case_a.pk}/notes/").content.decode()


def test_tab_forms_refuse_bad_input_and_write_nothing(client_for, caseworker, case_a):
    client = client_for(caseworker)
    before = AuditEvent.objects.count()
    response = client.post(f"/cases/{case_a.pk}/events/",
                           {"event_type": "Teleport", "date": "32/13/2026", "country": "XX"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in html and "Enter a valid date" in html
    response = client.post(f"/cases/{case_a.pk}/perpetrators/", {"roles": ["Wizard"]})
    assert response.status_code == 400
    response = client.post(f"/cases/{case_a.pk}/perpetrators/", {"gender": "Masculine"})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(f"/cases/{case_a.pk}/notes/", {"text": "   "})
    assert response.status_code == 400
    assert case_a.events.count() == 0 and case_a.perpetrators.count() == 0
    assert case_a.notes.count() == 0
    writes = AuditEvent.objects.order_by("seq")[before:]
    assert {e.action for e in writes} <= {"view"}


def test_case_pages_follow_the_shell_rules(client_for, caseworker, case_a, person_a):
    """No inline script or style (CSP), one h1, labelled controls, no duplicate ids."""
    from collections import Counter

    from tests.test_ui_shell import Page

    client = client_for(caseworker)
    urls = ["/cases/", "/cases/?status=Nonsense", "/cases/new/", "/cases/persons/new/",
            f"/cases/{case_a.pk}/edit/", f"/cases/persons/{person_a.pk}/edit/"]
    urls += [f"/cases/{case_a.pk}/{tab}" for tab in
             ("", "persons/", "events/", "perpetrators/", "notes/", "attachments/", "history/")]
    pages = {url: client.get(url).content.decode() for url in urls}
    pages["identity"] = client.post(f"/cases/{case_a.pk}/persons/identity/").content.decode()
    pages["bad case"] = client.post("/cases/new/", {"persons": "x"}).content.decode()
    for name, html in pages.items():
        page = Page(html)
        assert page.inline_code == [], name
        assert not [a for _, a in page.tags if "style" in a], name
        assert len(page.find("h1")) == 1, name
        assert [i for i, n in Counter(page.ids).items() if n > 1] == [], name
        labelled = {a["for"] for a in page.find("label") if "for" in a}
        for tag, attrs in page.tags:
            if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "submit", "button"
            ):
                assert attrs.get("id") in labelled, (name, attrs)


def test_case_list_decrypts_no_identity_field(caseworker, client_for, case_a, monkeypatch):
    from palermo.core import crypto

    contexts: list[str] = []
    real = crypto.decrypt

    def spy(token: str, *, context: str) -> bytes:
        contexts.append(context)
        return real(token, context=context)

    client = client_for(caseworker)
    monkeypatch.setattr(crypto, "decrypt", spy)
    assert client.get("/cases/").status_code == 200
    assert [c for c in contexts if c.startswith("cases.")] == []
