"""Exporting the visible cases in HTCDS columns: identities only for roles that see them,
formula cells neutralised, one audit row, and the file imports back."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from palermo.cases import htcds, importer, selectors, services
from palermo.cases.models import Case
from palermo.core.models import AuditAction, AuditEvent


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response: Any) -> list[dict[str, str]]:
    text = _body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_caseworker_exports_their_cases_as_csv(client_for, caseworker, case_a):
    response = client_for(caseworker).get("/cases/transfer/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="palermo-cases-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = _csv_rows(response)
    assert list(row) == htcds.NAMES
    assert row["cas_CaseCode"] == case_a.code
    assert row["prs_FirstName"] == "Дилноза" and row["prs_SecondNameLatin"] == "Karimova"
    assert row["vic_TypeOfExploitation"] == "ForcedLabour;Servitude"
    assert row["prs_PrimaryLanguage"] == "uz" and row["prs_SecondaryLanguage"] == "ru"
    assert row["prs_IdentityNumber"] == "FA 1234567"
    assert row["cas_OpenedDate"] == "2026-05-04"


def test_the_xlsx_export_has_the_same_columns_and_real_dates(client_for, caseworker, case_a):
    response = client_for(caseworker).get("/cases/transfer/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == htcds.NAMES
    values = dict(zip(header, row, strict=True))
    assert values["cas_CaseCode"] == case_a.code
    assert values["cas_OpenedDate"].date().isoformat() == "2026-05-04"


def test_an_export_writes_one_audit_row_naming_the_cases(client_for, caseworker, case_a):
    client = client_for(caseworker)
    before = AuditEvent.objects.count()
    _body(client.get("/cases/transfer/export.csv"))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == AuditAction.EXPORT and event.object_type == "cases.Case"
    assert event.object_ids == [str(case_a.pk)]
    assert event.detail == {"format": "csv", "count": 1}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_imports_back_into_the_same_records(client_for, caseworker, case_a,
                                                       extension):
    client = client_for(caseworker)
    content = _body(client.get(f"/cases/transfer/export.{extension}"))
    result = importer.import_cases(user=caseworker, content=content,
                                   filename=f"cases.{extension}")
    assert result.ok, result.problems
    [copy] = result.cases
    fields = [f for f in services.CASE_FIELDS]
    assert {f: getattr(copy, f) for f in fields} == {f: getattr(case_a, f) for f in fields}
    original, imported = case_a.persons.get(), copy.persons.get()
    for name in ("given_name", "family_name", "patronymic", "given_name_latin",
                 "family_name_latin", "aliases", "birth_date", "gender", "birth_year",
                 "citizenships", "languages"):
        assert getattr(imported, name) == getattr(original, name), name
    assert imported.documents == [{"number": "FA 1234567"}]
    assert selectors.find_persons(caseworker, "Dilnoza Karimova").count() == 2


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_neutralises_formula_cells_and_imports_them_back_as_text(
    client_for, caseworker, person_a, extension
):
    import datetime

    services.create_case(
        user=caseworker, persons=[person_a], case_type="Other",
        exploitation_region="=CMD(\"/C calc\")!A0", recruitment_region="@SUM(A1)",
        narrative="- taken at the border\n+ then moved", opened_on=datetime.date(2026, 1, 5),
    )
    content = _body(client_for(caseworker).get(f"/cases/transfer/export.{extension}"))
    if extension == "csv":
        [row] = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    else:
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        header, cells = list(sheet.iter_rows(values_only=True))
        row = dict(zip(header, cells, strict=True))
        assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert row["vic_LocationOfExploitationRegion"] == "'=CMD(\"/C calc\")!A0"
    assert row["vic_LocationOfRecruitmentRegion"] == "'@SUM(A1)"
    assert row["cas_Narrative"] == "'- taken at the border\n+ then moved"
    result = importer.import_cases(user=caseworker, content=content,
                                   filename=f"cases.{extension}")
    assert result.ok, result.problems
    assert result.cases[0].exploitation_region == "=CMD(\"/C calc\")!A0"
    assert result.cases[0].narrative == "- taken at the border\n+ then moved"


def test_export_follows_the_list_filters(client_for, caseworker, case_a):
    client = client_for(caseworker)
    assert _csv_rows(client.get("/cases/transfer/export.csv?status=Closed")) == []
    assert len(_csv_rows(client.get("/cases/transfer/export.csv?status=Active"
                                    "&exploitation=ForcedLabour&opened_from=2026-05-01"))) == 1


def test_invalid_export_filters_are_refused(client_for, caseworker, case_a):
    client = client_for(caseworker)
    before = AuditEvent.objects.count()
    response = client.get("/cases/transfer/export.csv?opened_from=yesterday")
    assert response.status_code == 400
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["analyst", "org_admin", "intake_officer"])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_roles_that_do_not_see_identities_cannot_export(request, client_for, case_a, persona,
                                                        extension):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/cases/transfer/export.{extension}").status_code == 403


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_outsider_exports_nothing_of_organisation_a(client_for, outsider, case_a,
                                                      extension):
    response = client_for(outsider).get(f"/cases/transfer/export.{extension}")
    assert response.status_code == 200
    body = _body(response)
    if extension == "xlsx":
        rows = list(load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True))
        assert len(rows) == 1
        body = repr(rows).encode()
    for secret in (case_a.code, "Karimova", "Каримова", "FA 1234567"):
        assert secret.encode() not in body
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.object_ids == []


def test_a_large_export_reads_cases_in_chunks(client_for, caseworker, person_a,
                                              django_assert_max_num_queries, monkeypatch):
    import datetime

    from palermo.cases import exporter

    monkeypatch.setattr(exporter, "CHUNK_SIZE", 5)
    for day in range(1, 13):
        services.create_case(user=caseworker, persons=[person_a], case_type="Other",
                             opened_on=datetime.date(2026, 1, day))
    client = client_for(caseworker)
    # 3 chunks of cases, each with one query for their persons, whatever the case count.
    response = client.get("/cases/transfer/export.csv")
    with django_assert_max_num_queries(6):
        rows = _csv_rows(response)
    assert len(rows) == 12
    assert Case.objects.count() == 12
