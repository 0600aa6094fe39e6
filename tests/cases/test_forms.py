"""Create and edit forms for persons and cases, and uploads: valid input is saved through the
services; bad input gets a clear message, keeps what was typed, and writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palermo.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from palermo.cases import attachments as attachment_store
from palermo.cases.forms import DocumentsField
from palermo.cases.models import Attachment, Case, Person
from palermo.core.models import AuditEvent

PERSON = {
    "family_name": "Каримова", "given_name": "Дилноза", "patronymic": "",
    "family_name_latin": "Karimova", "given_name_latin": "Dilnoza", "patronymic_latin": "",
    "aliases": "Dilya\nDilnoza K.", "birth_date": "1998-03-14", "birth_year": "",
    "gender": "Feminine", "citizenship": "UZ", "second_citizenship": "",
    "languages": ["uz", "ru"],
    "documents": "passport (UZ): FA 1234567\nmigration card: 45 001122",
    "contacts": "+998 90 123 45 67", "addresses": "",
}


def _case_data(person: Person, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "persons": person.code, "case_type": "ForcedLabour", "status": "Active",
        "opened_on": "2026-03-01", "closed_on": "", "trafficking_status":
        "PossibleVictimOfTrafficking", "status_decided_by": "",
        "exploitation": ["ForcedLabour"], "industry": "F_Construction",
        "means_of_control": ["DebtBondage", "WithholdsDocuments"], "recruitment": [],
        "sex_exploitation": [], "relationship": "", "age_when_trafficked": "24",
        "recruitment_country": "UZ", "recruitment_region": "Samarkand",
        "exploitation_country": "RU", "exploitation_region": "Moscow",
        "exploitation_started_on": "", "exploitation_ended_on": "",
        "narrative": "Promised work on a building site.",
    }
    data.update(changes)
    return data


def _writes() -> list[str]:
    return [e.action for e in AuditEvent.objects.exclude(action__in=["view", "login"])]


def test_new_case_flow_person_then_case(client_for, caseworker):
    client = client_for(caseworker)
    response = client.post("/cases/persons/new/", PERSON)
    assert response.status_code == 302
    person = Person.objects.get()
    assert response["Location"] == f"/cases/new/?persons={person.code}"
    assert person.birth_year == 1998  # from the date of birth
    assert person.citizenships == ["UZ"]
    assert person.aliases == ["Dilya", "Dilnoza K."]
    assert person.documents == [
        {"type": "passport", "number": "FA 1234567", "country": "UZ"},
        {"type": "migration card", "number": "45 001122"},
    ]
    form_page = client.get(response["Location"]).content.decode()
    assert f'value="{person.code}"' in form_page

    response = client.post("/cases/new/", _case_data(person))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert list(case.persons.all()) == [person]
    assert case.means_of_control == ["DebtBondage", "WithholdsDocuments"]
    assert case.narrative == "Promised work on a building site."


def test_person_form_refuses_bad_input_keeps_it_and_writes_nothing(client_for, caseworker):
    client = client_for(caseworker)
    bad = dict(PERSON, given_name="", family_name="", given_name_latin="Dilnoza",
               birth_date="14.03.98x", birth_year="1850", gender="Wizard",
               languages=["xx"], citizenship="ZZ", documents="passport (QQ): 123")
    response = client.post("/cases/persons/new/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a valid date." in html
    assert "Enter a year between 1900 and this year." in html
    assert html.count("Select a valid choice") >= 3
    assert "“QQ” is not a country code" in html
    assert 'value="Dilnoza"' in html  # what was typed stays
    assert Person.objects.count() == 0 and _writes() == []


def test_person_needs_a_name_and_consistent_birth_data(client_for, caseworker):
    client = client_for(caseworker)
    nameless = {k: "" for k in PERSON} | {"gender": "Feminine"}
    html = client.post("/cases/persons/new/", nameless).content.decode()
    assert "Enter at least a given or family name" in html
    html = client.post("/cases/persons/new/",
                       dict(PERSON, birth_year="1997")).content.decode()
    assert "The year of birth differs from the date of birth." in html
    html = client.post("/cases/persons/new/",
                       dict(PERSON, birth_date="2999-01-01")).content.decode()
    assert "cannot be in the future" in html
    assert Person.objects.count() == 0


def test_case_form_refuses_unknown_codes_missing_fields_and_strangers(client_for, caseworker,
                                                                     outsider, person_a):
    from palermo.cases import services

    stranger = services.create_person(user=outsider, given_name="Other")
    client = client_for(caseworker)
    bad = _case_data(person_a, persons=f"{person_a.code}, {stranger.code}", case_type="",
                     exploitation=["Teleportation"], opened_on="someday",
                     age_when_trafficked="old", recruitment_country="Atlantis")
    html = client.post("/cases/new/", bad).content.decode()
    assert f"No person with the code {stranger.code} in your organisation." in html
    assert "This field is required." in html
    assert "Teleportation is not one of the available choices" in html
    assert "Enter a valid date." in html and "Enter a whole number." in html
    assert 'value="Samarkand"' in html
    html = client.post("/cases/new/", _case_data(person_a, persons="Karimova")).content.decode()
    assert "Enter person codes such as P-2026-000123" in html
    html = client.post("/cases/new/", _case_data(
        person_a, closed_on="2026-01-01", exploitation_started_on="2025-05-01",
        exploitation_ended_on="2025-04-01")).content.decode()
    assert "The case cannot close before it was opened." in html
    assert "Exploitation cannot end before it began." in html
    assert Case.objects.count() == 0


def test_editing_a_case_keeps_values_and_records_the_change(client_for, caseworker, case_a,
                                                            person_a):
    client = client_for(caseworker)
    page = client.get(f"/cases/{case_a.pk}/edit/").content.decode()
    assert f'value="{person_a.code}"' in page and 'value="2026-05-04"' in page
    assert 'value="DebtBondage" id="id_means_of_control_' in page and "checked" in page
    response = client.post(f"/cases/{case_a.pk}/edit/", _case_data(
        person_a, status="FollowUp", opened_on="2026-05-04"))
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "FollowUp"
    update = AuditEvent.objects.filter(action="update").last()
    assert update is not None and "status" in update.detail["fields"]


def test_bad_edit_changes_nothing(client_for, caseworker, case_a, person_a):
    client = client_for(caseworker)
    response = client.post(f"/cases/{case_a.pk}/edit/", _case_data(
        person_a, status="Archived", opened_on="2026-05-04"))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.status == "Active"


def test_editing_a_person_shows_and_saves_the_identity(client_for, caseworker, person_a,
                                                       case_a):
    client = client_for(caseworker)
    back = f"/cases/{case_a.pk}/persons/"
    page = client.get(f"/cases/persons/{person_a.pk}/edit/?next={back}").content.decode()
    assert 'value="Дилноза"' in page and "passport (UZ): FA 1234567" in page
    viewed = AuditEvent.objects.filter(object_type="cases.Person", action="view").last()
    assert viewed is not None and viewed.detail.get("identity") is True
    data = dict(PERSON, given_name="Дильноза", birth_date="1998-03-14", next=back)
    response = client.post(f"/cases/persons/{person_a.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == back
    person_a.refresh_from_db()
    assert person_a.given_name == "Дильноза"


def test_person_edit_ignores_an_offsite_next(client_for, caseworker, person_a):
    data = dict(PERSON, next="https://evil.example/")
    response = client_for(caseworker).post(f"/cases/persons/{person_a.pk}/edit/", data)
    assert response.status_code == 302 and response["Location"] == "/cases/"


def test_upload_and_download_an_attachment(client_for, caseworker, case_a):
    client = client_for(caseworker)
    upload = SimpleUploadedFile("заявление.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(f"/cases/{case_a.pk}/attachments/upload/",
                           {"file": upload, "description": "Statement"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == 13 and attachment.content_type == "application/pdf"
    assert b"%PDF" not in attachment_store.path_of(attachment).read_bytes()  # encrypted at rest
    response = client.get(f"/cases/{case_a.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 test"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    exported = AuditEvent.objects.filter(action="export").last()
    assert exported is not None and exported.detail == {"attachment": attachment.pk}


def test_upload_refuses_empty_missing_and_oversize_files(client_for, caseworker, case_a):
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/attachments/upload/"
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = client.post(url, {"file": empty})
    assert response.status_code == 400 and "The file is empty." in response.content.decode()
    response = client.post(url, {"description": "nothing"})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    big = SimpleUploadedFile("big.bin", b"x" * (attachment_store.MAX_BYTES + 1))
    response = client.post(url, {"file": big})
    assert response.status_code == 400
    assert "The file is larger than 20 MB." in response.content.decode()
    assert Attachment.objects.count() == 0 and _writes() == ["create", "create"]


def test_upload_still_checks_csrf(client_for, caseworker, case_a):
    from django.test import Client

    client = client_for(caseworker)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    upload = SimpleUploadedFile("a.txt", b"hello", content_type="text/plain")
    response = strict.post(f"/cases/{case_a.pk}/attachments/upload/", {"file": upload})
    assert response.status_code == 403
    assert Attachment.objects.count() == 0


def test_a_role_that_may_look_but_not_edit_gets_403(client_for, caseworker, case_a, person_a,
                                                    monkeypatch):
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.CASEWORKER,
                        frozenset({Capability.SEE_IDENTITIES}))
    client = client_for(caseworker)
    assert client.get(f"/cases/{case_a.pk}/").status_code == 200
    for url in ("/cases/new/", "/cases/persons/new/", f"/cases/{case_a.pk}/edit/",
                f"/cases/persons/{person_a.pk}/edit/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/cases/{case_a.pk}/notes/", {"text": "x"}).status_code == 403
    assert "Add a note" not in client.get(f"/cases/{case_a.pk}/notes/").content.decode()


@pytest.mark.parametrize("line, expected", [
    ("passport: AB 123", {"type": "passport", "number": "AB 123"}),
    ("AB 123", {"type": "", "number": "AB 123"}),
    ("ID card (kg): 77", {"type": "ID card", "number": "77", "country": "KG"}),
])
def test_document_lines_are_parsed(line, expected):
    assert DocumentsField().clean(line) == [expected]


def test_today_is_the_default_opening_date(client_for, caseworker, person_a):
    page = client_for(caseworker).get("/cases/new/").content.decode()
    assert f'value="{datetime.date.today().isoformat()}"' in page  # noqa: DTZ011
