"""CSV import and export of recommendations (UHRI and UPR Info layouts): bad files give errors
by row and column and write nothing; an export imports back to the same data."""

from __future__ import annotations

from datetime import date

import pytest

from palermo.monitoring import csv_formats
from palermo.monitoring.csv_formats import FORMATS, import_file, split_trailing_states
from palermo.monitoring.models import Recommendation
from tests.monitoring.recommendation_helpers import recommendation

pytestmark = pytest.mark.django_db


def _recs(**filters: object) -> list[Recommendation]:
    return [r for r in Recommendation.objects.filter(**filters).order_by("external_id")
            if isinstance(r, Recommendation)]

UPR_INFO_HEADER = ("ID,State under Review,Recommending State,Recommendation,Cycle,Session,"
                   "Document,Paragraph,Response,Issues,Action Category,SDGs\r\n")
UHRI_HEADER = ("AnnotationId,Symbol,Paragraph,Text,Body,Countries,PublicationDate,Cycle,Session,"
               "Position,SourceOfPosition,Themes,AffectedPersons,Sdgs\r\n")
GOOD_ROW = ('u1,Russian Federation,Poland,"Strengthen the legal framework to combat human '
            'trafficking",3,30,A/HRC/39/13,147.10,Accepted,"Prohibition of slavery, '
            'trafficking; legal_framework",5,8.7\r\n')


def _import(user, key, text, write=True):
    return import_file(actor=user, fmt=FORMATS[key], data=text.encode("utf-8"), write=write)


def test_a_upr_info_file_is_imported(lawyer):
    result = _import(lawyer, "upr-info", UPR_INFO_HEADER + GOOD_ROW)
    assert result.errors == []
    rec = Recommendation.objects.get()
    assert rec.organisation_id == lawyer.organisation_id
    assert str(rec.state_under_review) == "RU"
    assert [str(c) for c in rec.recommending_states] == ["PL"]
    assert rec.response == "supported" and rec.cycle == 3 and rec.paragraph == "147.10"
    assert rec.themes == ["slavery_trafficking", "legal_framework"]
    assert rec.action_category == 5 and rec.sdg_targets == ["8.7"]


def test_joint_recommendations_and_responses_in_uhri(lawyer):
    row = ('a-1,A/HRC/39/13,147.5,"Adopt a law on trafficking (France) (Lithuania);",UPR,'
           'Russian Federation,2018-09-21,3,30,Partially supported,A/HRC/39/13/Add.1,'
           'Prohibition of slavery, trafficking,Victims of trafficking,16.2\r\n')
    result = _import(lawyer, "uhri", UHRI_HEADER + row.replace(
        "Prohibition of slavery, trafficking", '"Prohibition of slavery, trafficking"'))
    assert result.errors == []
    rec = Recommendation.objects.get()
    assert rec.text == "Adopt a law on trafficking"
    assert [str(c) for c in rec.recommending_states] == ["FR", "LT"]
    assert rec.response == "partially_supported"
    assert rec.affected_persons == ["victims_of_trafficking"]
    assert rec.adopted_on == date(2018, 9, 21)


def test_trailing_states_with_parentheses_in_names():
    text, states = split_trailing_states(
        "Ratify the Protocol (Bolivia (Plurinational State of)) (Armenia);")
    assert text == "Ratify the Protocol" and states == ["BO", "AM"]
    assert split_trailing_states("Report to CEDAW (in 2025)") == ("Report to CEDAW (in 2025)", [])


def test_treaty_body_rows_in_uhri(lawyer):
    row = ',CEDAW/C/RUS/CO/8,24,"Establish a coordinating body",CEDAW,RU,,,,,,,,\r\n'
    assert _import(lawyer, "uhri", UHRI_HEADER + row).errors == []
    rec = Recommendation.objects.get()
    assert rec.mechanism == "treaty_body" and rec.body == "CEDAW"
    assert rec.recommending_states == []


@pytest.mark.parametrize(("text", "row", "column", "words"), [
    (UPR_INFO_HEADER + GOOD_ROW.replace("Accepted", "Maybe"), 2, "Response", "Unknown response"),
    (UPR_INFO_HEADER + GOOD_ROW.replace("Poland", "Atlantis"), 2, "Recommending State",
     "Unknown country “Atlantis”"),
    (UPR_INFO_HEADER + GOOD_ROW.replace("Russian Federation", "Narnia"), 2,
     "State under Review", "Unknown country"),
    (UPR_INFO_HEADER + GOOD_ROW.replace("legal_framework", "Happiness"), 2, "Issues",
     "Unknown issue “Happiness”"),
    (UPR_INFO_HEADER + GOOD_ROW.replace('"Strengthen', '"=HYPERLINK(1)Strengthen'), 2,
     "Recommendation", "formula"),
    (UPR_INFO_HEADER + GOOD_ROW.replace(",3,30,", ",three,30,"), 2, "Cycle", "whole number"),
    (UPR_INFO_HEADER + GOOD_ROW + GOOD_ROW.replace("u1", "u2").replace(",5,8.7", ",9,8.7"), 3,
     "Action Category", "1 to 5"),
    (UPR_INFO_HEADER + GOOD_ROW + GOOD_ROW, 3, "ID", "also on row 2"),
    (UPR_INFO_HEADER + "u1,Russia,Poland\r\n", 2, "", "3 cells"),
])
def test_bad_rows_are_reported_and_nothing_is_written(lawyer, text, row, column, words):
    result = _import(lawyer, "upr-info", text)
    assert not Recommendation.objects.exists()
    assert result.errors, "expected an error"
    error = result.errors[0]
    assert (error.row, error.column) == (row, column)
    assert words in error.message
    assert str(error).startswith(f"Row {row}")


def test_one_bad_row_stops_the_good_ones(lawyer):
    bad = GOOD_ROW.replace("u1", "u2").replace("Accepted", "Perhaps")
    result = _import(lawyer, "upr-info", UPR_INFO_HEADER + GOOD_ROW + bad + GOOD_ROW.replace(
        "u1", "u3"))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Response")]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(("data", "words"), [
    (b"Text,Body\r\nx,UPR\r\n", "required column is missing"),
    ((UPR_INFO_HEADER.replace("SDGs", "Mood") + GOOD_ROW).encode(), "Unknown column"),
    ((UPR_INFO_HEADER + GOOD_ROW).encode("utf-16"), "not UTF-8"),
    ((UPR_INFO_HEADER + GOOD_ROW.replace("Poland", "Pologne é")).encode("latin-1"), "not UTF-8"),
    (b"", "empty"),
])
def test_bad_files_are_refused_whole(lawyer, data, words):
    result = import_file(actor=lawyer, fmt=FORMATS["upr-info"], data=data)
    assert any(words in error.message for error in result.errors), result.errors
    assert not Recommendation.objects.exists()


def test_too_big_and_too_long_files_are_refused(lawyer, monkeypatch):
    monkeypatch.setattr(csv_formats, "MAX_BYTES", 500)
    result = _import(lawyer, "upr-info", UPR_INFO_HEADER + GOOD_ROW * 10)
    assert "larger than" in result.errors[0].message
    monkeypatch.setattr(csv_formats, "MAX_BYTES", 10**6)
    monkeypatch.setattr(csv_formats, "MAX_ROWS", 3)
    rows = "".join(GOOD_ROW.replace("u1", f"u{n}") for n in range(5))
    result = _import(lawyer, "upr-info", UPR_INFO_HEADER + rows)
    assert "more than 3 rows" in result.errors[0].message
    assert not Recommendation.objects.exists()


def test_check_only_writes_nothing(lawyer):
    result = _import(lawyer, "upr-info", UPR_INFO_HEADER + GOOD_ROW, write=False)
    assert result.errors == [] and result.rows == 1
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("key", ["uhri", "upr-info"])
def test_export_then_import_gives_the_same_recommendations(lawyer, admin_b, key):
    recommendation(lawyer, external_id="x1", recommending_states=["FR", "LT"],
                   text="=Adopt a law; then report", themes=["slavery_trafficking", "migrants"],
                   sdg_targets=["8.7", "16.2"], response="noted", action_category=4)
    recommendation(lawyer, external_id="x2", response="", recommending_states=["BO"],
                   affected_persons=["victims_of_trafficking"])
    fields = ["text", "cycle", "session", "document_symbol", "paragraph", "response",
              "themes", "sdg_targets", "external_id", "mechanism"]
    if key == "uhri":
        fields += ["affected_persons"]
    else:
        fields += ["action_category"]
    before = [[getattr(r, f) for f in fields] + [[str(c) for c in r.recommending_states]]
              for r in _recs()]
    exported = csv_formats.export(FORMATS[key], _recs())
    assert "'=Adopt" in exported  # a formula-like text is neutralised for spreadsheets
    result = import_file(actor=admin_b, fmt=FORMATS[key], data=exported.encode())
    assert result.errors == [] and len(result.created) == 2
    after = [[getattr(r, f) for f in fields] + [[str(c) for c in r.recommending_states]]
             for r in _recs(organisation=admin_b.organisation)]
    assert after == before


def test_reimporting_updates_by_identifier(lawyer):
    _import(lawyer, "upr-info", UPR_INFO_HEADER + GOOD_ROW)
    result = _import(lawyer, "upr-info", UPR_INFO_HEADER + GOOD_ROW.replace("Accepted", "Noted"))
    assert result.errors == [] and len(result.updated) == 1
    assert Recommendation.objects.get().response == "noted"


def test_the_import_page_shows_errors_and_writes_nothing(client_for, lawyer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("recs.csv", (UPR_INFO_HEADER + GOOD_ROW.replace(
        "Accepted", "Maybe")).encode(), content_type="text/csv")
    response = client_for(lawyer).post("/monitoring/recommendations/import/",
                                       {"format": "upr-info", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing was imported" in page and "Unknown response" in page
    assert not Recommendation.objects.exists()
    upload = SimpleUploadedFile("recs.csv", (UPR_INFO_HEADER + GOOD_ROW).encode())
    response = client_for(lawyer).post("/monitoring/recommendations/import/",
                                       {"format": "upr-info", "file": upload})
    assert response.status_code == 302
    assert Recommendation.objects.count() == 1


def test_the_export_page_follows_the_filters(client_for, lawyer, caseworker):
    recommendation(lawyer, text="Alpha")
    recommendation(lawyer, text="Beta", response="noted")
    response = client_for(caseworker).get(
        "/monitoring/recommendations/export/upr-info/?response=noted")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert body.startswith("ID,State under Review") and "Beta" in body and "Alpha" not in body
    assert client_for(caseworker).get(
        "/monitoring/recommendations/export/excel/").status_code == 404


def test_the_import_page_refuses_an_oversized_upload(client_for, lawyer, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(csv_formats, "MAX_BYTES", 100)
    upload = SimpleUploadedFile("recs.csv", (UPR_INFO_HEADER + GOOD_ROW).encode())
    response = client_for(lawyer).post("/monitoring/recommendations/import/",
                                       {"format": "upr-info", "file": upload})
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_treaty_bodies_by_full_name_and_special_procedures(lawyer):
    rows = (',,,"Criminalise torture",Committee against Torture,RU,,,,,,,,\r\n'
            ',,,"Visit the country",Special Rapporteur on trafficking in persons,RU,,,,,,,,\r\n')
    assert _import(lawyer, "uhri", UHRI_HEADER + rows).errors == []
    bodies = sorted(Recommendation.objects.values_list("mechanism", "body"))
    assert bodies == [("special_procedure", "Special Rapporteur on trafficking in persons"),
                      ("treaty_body", "CAT")]
