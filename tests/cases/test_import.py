"""Importing persons and cases from CSV and XLSX files in HTCDS columns: all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook

from palermo.accounts.models import User
from palermo.cases import importer, selectors
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

    row = list(ROW_1)
    row[5] = datetime.datetime(1994, 7, 2)
    row[13] = datetime.date(2026, 2, 10)
    row[18] = 29
    response = upload(xlsx_bytes([HEADER, row, ROW_2]), "cases.xlsx")
    assert response.status_code == 302
    assert Case.objects.count() == 2
    assert selectors.find_persons(caseworker, "Nguyen Thi").count() == 1
    case = Case.objects.get(persons__in=selectors.find_persons(caseworker, "Фаррух Рахимов"))
    assert case.opened_on == datetime.date(2026, 2, 10)
