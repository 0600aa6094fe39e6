"""Importing persons and cases from CSV and XLSX files in HTCDS columns: all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook

from palermo.accounts.models import User
from palermo.cases import import_files, importer, selectors
from palermo.cases.models import Case, Person
from palermo.core.models import AuditEvent

HEADER = [
    "prs_FirstName", "prs_SecondName", "prs_MiddleName", "prs_FirstNameLatin",
    "prs_SecondNameLatin", "prs_Birthdate", "prs_Gender", "prs_Citizenship",
    "prs_PrimaryLanguage", "prs_SecondaryLanguage", "prs_IdentityNumber", "cas_Type",
    "cas_Status", "cas_OpenedDate", "vic_TraffickingStatus", "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry", "vic_MethodsOfControl", "vic_AgeWhenTrafficked",
    "vic_LocationOfRecruitment", "vic_LocationOfExploitation",
    "vic_LocationOfExploitationRegion",
]
ROW_1 = [
    "Фаррух", "Рахимов", "Бахромович", "Farrukh", "Rakhimov", "1994-07-02", "Masculine",
    "UZ", "uz", "ru;tg", "AB 7654321", "ForcedLabour", "Active", "2026-02-10",
    "PossibleVictimOfTrafficking", "ForcedLabour;Servitude", "F_Construction",
    "WithholdsDocuments;DebtBondage", "29", "UZ", "RU", "Moscow",
]
ROW_2 = [
    "Нгуен", "Тхи", "", "Nguyen", "Thi", "", "Feminine", "VN", "vi", "", "", "Trafficking",
    "", "2026-03-01", "", "SexualExploitation", "", "", "", "VN", "RU", "Saint Petersburg",
]


def csv_bytes(rows: list[list[str]], *, bom: bool = False, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    import csv

    csv.writer(out).writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Case.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def upload(client_for: Callable[[User], Client], caseworker: User) -> Callable[..., Any]:
    client = client_for(caseworker)

    def post(content: bytes, name: str = "cases.csv", **data: Any) -> Any:
        file = io.BytesIO(content)
        file.name = name
        return client.post("/cases/transfer/import/", {"file": file, **data})

    return post


def test_a_good_csv_creates_every_person_and_case(upload, caseworker):
    response = upload(csv_bytes([HEADER, ROW_1, ROW_2], bom=True))
    assert response.status_code == 302
    assert Case.objects.count() == 2 and Person.objects.count() == 2
    case = Case.objects.get(persons__in=selectors.find_persons(caseworker, "Farrukh Rakhimov"))
    assert case.exploitation == ["ForcedLabour", "Servitude"]
    assert case.industry == "F_Construction"
    assert case.age_when_trafficked == 29
    assert case.exploitation_region == "Moscow"
    person = case.persons.get()
    assert person.languages == ["uz", "ru", "tg"]
    assert person.birth_year == 1994
    assert [c.code for c in person.citizenships] == ["UZ"]
    assert selectors.find_persons(caseworker, "Рахимов Фаррух").get() == person
    assert selectors.find_persons(caseworker, "AB 7654321").get() == person


def test_a_good_xlsx_creates_the_records_with_real_dates_and_numbers(upload, caseworker):
    import datetime

    row: list[Any] = list(ROW_1)
    row[5] = datetime.datetime(1994, 7, 2)  # noqa: DTZ001 (spreadsheet dates are naive)
    row[13] = datetime.date(2026, 2, 10)
    row[18] = 29
    response = upload(xlsx_bytes([HEADER, row, ROW_2]), "cases.xlsx")
    assert response.status_code == 302
    assert Case.objects.count() == 2
    assert selectors.find_persons(caseworker, "Nguyen Thi").count() == 1
    case = Case.objects.get(persons__in=selectors.find_persons(caseworker, "Фаррух Рахимов"))
    assert case.opened_on == datetime.date(2026, 2, 10)


def _replace(row: list[str], column: str, value: str) -> list[str]:
    changed = list(row)
    changed[HEADER.index(column)] = value
    return changed


def _refused(upload: Callable[..., Any], content: bytes, name: str = "cases.csv") -> str:
    """Upload ``content``; assert that nothing was written; return the page."""
    before = counts()
    response = upload(content, name)
    assert response.status_code == 200
    assert counts() == before, "a refused file wrote something"
    page: str = response.content.decode()
    assert "nothing was imported" in page or "is larger than" in page
    return page


@pytest.mark.parametrize(("column", "value", "message"), [
    ("vic_AgeWhenTrafficked", "twenty", "Not a whole number."),
    ("vic_AgeWhenTrafficked", "200", "Must be between 0 and 120."),
    ("prs_Gender", "Male", "Unknown code. Allowed codes: Feminine, Masculine,"),
    ("vic_TypeOfExploitation", "ForcedLabour;Slavery", "Unknown code. Allowed codes:"),
    ("prs_Citizenship", "UZB", "Not an ISO 3166 two-letter country code"),
    ("cas_OpenedDate", "10.02.2026", "Not a date in the form YYYY-MM-DD"),
    ("cas_OpenedDate", "2026-02-30", "This date does not exist."),
    ("cas_Type", "", "A value is required."),
])
def test_a_wrong_value_is_reported_by_row_and_column_and_nothing_is_written(
    upload, column, value, message
):
    page = _refused(upload, csv_bytes([HEADER, ROW_2, _replace(ROW_1, column, value)]))
    assert message in page
    assert f"<td>3</td>\n      <td>{column}</td>" in page


def test_a_missing_required_column_is_reported(upload):
    index = HEADER.index("cas_OpenedDate")
    rows = [[c for i, c in enumerate(row) if i != index] for row in (HEADER, ROW_1)]
    page = _refused(upload, csv_bytes(rows))
    assert "cas_OpenedDate" in page and "This required column is missing." in page


def test_unknown_and_duplicate_columns_are_reported(upload):
    header = [*HEADER, "prs_Nickname", "prs_gender", "cas_Status"]
    page = _refused(upload, csv_bytes([header, [*ROW_1, "", "", ""]]))
    assert "prs_Nickname" in page and "Unknown column." in page
    assert "Did you mean prs_Gender?" in page
    assert "This column appears more than once." in page


def test_a_file_without_its_header_row_never_shows_the_names_in_it(upload):
    page = _refused(upload, csv_bytes([ROW_1, ROW_2]))
    assert "The first row must hold the column names." in page
    for name in ("Фаррух", "Рахимов", "Farrukh", "Nguyen", "AB 7654321"):
        assert name not in page


def test_the_report_hides_values_of_name_and_identity_columns(upload):
    rows = [HEADER,
            _replace(ROW_1, "prs_FirstName", "=HYPERLINK(\"http://x\",\"Фаррух\")"),
            _replace(ROW_2, "prs_Birthdate", "Nguyen Thi 1990"),
            _replace(ROW_1, "prs_IdentityNumber", "@AB 7654321")]
    page = _refused(upload, csv_bytes(rows))
    assert page.count("value hidden") == 3
    for secret in ("HYPERLINK", "Фаррух\"", "Nguyen Thi 1990", "@AB"):
        assert secret not in page


def test_a_long_bad_value_is_shown_truncated(upload):
    page = _refused(upload, csv_bytes([HEADER, _replace(ROW_1, "cas_Status", "X" * 300)]))
    assert "X" * 40 + "…" in page and "X" * 41 not in page


@pytest.mark.parametrize("value", [
    "=CMD(\"/C calc\")!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "  =1+1",
])
@pytest.mark.parametrize("column", ["prs_SecondName", "cas_Status", "vic_AgeWhenTrafficked",
                                    "vic_LocationOfExploitationRegion"])
def test_formula_cells_are_refused_in_every_column(upload, column, value):
    page = _refused(upload, csv_bytes([HEADER, _replace(ROW_1, column, value)]))
    assert "looks like a spreadsheet formula" in page


def test_a_formula_in_an_xlsx_cell_is_refused_not_evaluated(upload):
    row: list[Any] = list(ROW_1)
    row[HEADER.index("vic_LocationOfExploitationRegion")] = "=1+1"
    page = _refused(upload, xlsx_bytes([HEADER, row]), "cases.xlsx")
    assert "looks like a spreadsheet formula" in page


@pytest.mark.parametrize("encoding", ["cp1251", "latin-1", "utf-16"])
def test_a_file_that_is_not_utf8_is_refused_naming_utf8(upload, encoding):
    rows = [HEADER, ROW_1]  # Cyrillic names: cp1251 and UTF-16 encode them
    if encoding == "latin-1":
        latin = _replace(_replace(ROW_1, "prs_FirstName", "Jérôme"), "prs_SecondName", "Müller")
        rows = [HEADER, _replace(latin, "prs_MiddleName", "")]
    page = _refused(upload, csv_bytes(rows, encoding=encoding))
    assert "not UTF-8" in page and "CSV UTF-8" in page
    assert "Фаррух" not in page and "Müller" not in page


def test_a_file_over_the_size_limit_is_refused(upload):
    content = csv_bytes([HEADER, ROW_1]) + b"#" * import_files.MAX_BYTES
    page = _refused(upload, content)
    assert "larger than 10 MB" in page


def test_a_file_with_too_many_rows_for_the_page_is_refused(upload):
    page = _refused(upload, csv_bytes([HEADER] + [ROW_2] * (importer.PAGE_MAX_ROWS + 1)))
    assert "more than 1000 rows" in page


def test_a_file_with_too_many_rows_for_the_command_is_refused(caseworker):
    before = counts()
    result = importer.import_cases(
        user=caseworker, filename="cases.csv",
        content=csv_bytes([HEADER] + [ROW_2] * (importer.MAX_ROWS + 1)),
    )
    assert counts() == before
    assert [p.message for p in result.problems] == [
        "The file has more than 5000 rows of cases. Split it into smaller files."
    ]


@pytest.mark.parametrize("content", [
    b"PK\x03\x04 this is not a zip", b"not a workbook at all", xlsx_bytes([["x"]])[:300],
])
def test_a_broken_xlsx_is_refused(upload, content):
    page = _refused(upload, content, "cases.xlsx")
    assert "not a valid XLSX workbook" in page


def test_an_xlsx_named_csv_is_refused_with_advice(upload):
    page = _refused(upload, xlsx_bytes([HEADER, ROW_1]), "cases.csv")
    assert "spreadsheet workbook, not CSV text" in page


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The submitted file is empty."),  # Django's own check, before palermo reads it
    (b"\xef\xbb\xbf\r\n\r\n", "The file is empty."),
    (csv_bytes([HEADER]), "The file has column names but no rows."),
])
def test_an_empty_file_is_refused(upload, content, message):
    before = counts()
    response = upload(content)
    assert response.status_code == 200
    assert counts() == before
    page = response.content.decode()
    assert message in page


def test_other_file_types_are_refused(upload):
    page = _refused(upload, b"%PDF-1.7", "cases.pdf")
    assert "Choose a .csv (UTF-8) or .xlsx file." in page


def test_one_bad_row_among_good_ones_writes_nothing(upload):
    rows = [HEADER] + [ROW_1] * 20 + [_replace(ROW_2, "prs_Gender", "F")]
    page = _refused(upload, csv_bytes(rows))
    assert "<td>22</td>" in page


def test_a_failure_while_writing_rolls_back_every_row(upload, monkeypatch):
    from django.core.exceptions import ValidationError

    from palermo.cases import services

    real = services.create_case
    calls = {"n": 0}

    def fail_on_third(**kwargs: Any) -> Case:
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError("database rule")
        return real(**kwargs)

    monkeypatch.setattr(services, "create_case", fail_on_third)
    page = _refused(upload, csv_bytes([HEADER, ROW_1, ROW_2, ROW_1, ROW_2]))
    assert "could not be saved" in page


def test_check_only_writes_nothing_and_says_the_file_is_valid(upload):
    before = counts()
    response = upload(csv_bytes([HEADER, ROW_1, ROW_2]), dry_run="on")
    assert response.status_code == 200
    assert counts() == before
    assert "The file is valid: 2 rows can be imported." in response.content.decode()


def test_the_import_page_shows_the_columns(client_for, caseworker):
    response = client_for(caseworker).get("/cases/transfer/import/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "vic_MethodsOfControl" in page and "WithholdsDocuments" in page


@pytest.mark.parametrize("persona", ["analyst", "org_admin", "intake_officer"])
def test_roles_that_may_not_edit_cases_cannot_import(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/cases/transfer/import/").status_code == 403
    file = io.BytesIO(csv_bytes([HEADER, ROW_1]))
    file.name = "cases.csv"
    before = counts()
    assert client.post("/cases/transfer/import/", {"file": file}).status_code == 403
    assert counts() == before


def test_an_import_belongs_to_the_importers_organisation(upload, caseworker, outsider):
    upload(csv_bytes([HEADER, ROW_1]))
    case = Case.objects.get()
    assert case.organisation_id == caseworker.organisation_id
    assert not selectors.find_persons(outsider, "Farrukh Rakhimov").exists()
