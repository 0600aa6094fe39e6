"""The facilities registry: pages, who may edit, and the all-or-nothing import."""

from __future__ import annotations

import datetime

import pytest

from palermo.complaints.models import Facility
from palermo.core.models import AuditEvent
from tests.complaints.conftest import make_complaint

GOOD = (
    "name,type,region,operator,companies\n"
    "IK-14,penal_colony,Mordovia,FSIN,Vostok-Servis\n"
    "IK-7,Penal colony,Karelia,FSIN,\n"
)


def _import(client, text: str, name: str = "facilities.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/complaints/facilities/import/",
                       {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_import_adds_and_updates_facilities(ik7, intake_officer, client_for):
    response = _import(client_for(intake_officer), GOOD)
    assert response.status_code == 302
    assert Facility.objects.count() == 2
    assert Facility.objects.get(name="IK-14").companies == "Vostok-Servis"
    assert Facility.objects.get(pk=ik7.pk).operator == "FSIN"
    assert AuditEvent.objects.filter(object_type="complaints.Facility",
                                     detail__created=1, detail__updated=1).exists()


@pytest.mark.parametrize(("text", "messages"), [
    ("name,type,region\nIK-1,prison camp,Perm\nIK-2,prison,\n",
     ["Row 2: type “prison camp” is not one of", "Row 3: region: This field cannot be blank."]),
    ("name,type\nIK-1,prison\n", ["Row 1: the header lacks the columns region."]),
    ("name,type,region,colour\nIK-1,prison,Perm,red\n", ["Row 1: unknown columns colour"]),
    ("name,type,region\n=HYPERLINK(1),prison,Perm\n", ["Row 2: a value starts with"]),
    ("name,type,region\nIK-1,prison,Perm\nik-1,prison,perm\n",
     ["Row 3: the same name and region as row 2."]),
    ("name,type,region\n", ["The file has a header but no facilities."]),
    ("", ["The submitted file is empty."]),
])
def test_bad_files_import_nothing_and_name_every_bad_row(intake_officer, client_for, text,
                                                         messages):
    response = _import(client_for(intake_officer), text)
    html = response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert response.status_code == 400
    for message in messages:
        assert message in html
    assert not Facility.objects.exists()


def test_non_utf8_files_are_refused(intake_officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(intake_officer).post("/complaints/facilities/import/", {
        "file": SimpleUploadedFile("f.csv", "name,type,region\nИК,prison,Пермь\n".encode("cp1251"))
    })
    assert response.status_code == 400 and "not UTF-8" in response.content.decode()
    assert not Facility.objects.exists()


def test_facility_form_refuses_bad_input(intake_officer, client_for):
    response = client_for(intake_officer).post("/complaints/facilities/new/",
                                               {"name": "", "facility_type": "castle"})
    assert response.status_code == 400
    assert not Facility.objects.exists()
    ok = client_for(intake_officer).post("/complaints/facilities/new/", {
        "name": "IK-2", "facility_type": "penal_colony", "region": "Perm"})
    assert ok.status_code == 302 and Facility.objects.get().name == "IK-2"


@pytest.mark.parametrize("role", ["caseworker", "outsider", "org_admin"])
def test_roles_without_business_get_403(role, request, ik7, client_for):
    client = client_for(request.getfixturevalue(role))
    for url in ["/complaints/facilities/", f"/complaints/facilities/{ik7.pk}/",
                "/complaints/facilities/new/", f"/complaints/facilities/{ik7.pk}/edit/",
                "/complaints/facilities/import/", "/complaints/monitoring/",
                "/complaints/monitoring/category.csv"]:
        assert client.get(url).status_code == 403, url


def test_analyst_reads_but_does_not_edit(ik7, analyst, client_for):
    client = client_for(analyst)
    assert client.get(f"/complaints/facilities/{ik7.pk}/").status_code == 200
    assert client.get(f"/complaints/facilities/{ik7.pk}/edit/").status_code == 403
    assert _import(client, GOOD).status_code == 403


def test_facility_page_shows_suppressed_and_published_statistics(receiving, ik7, analyst,
                                                                 client_for):
    day = datetime.date(2025, 6, 1)
    for hours in (12, 12, 14, 16, 12, 10):
        make_complaint(receiving, facility=ik7, hours_per_day=hours, received_on=day)
    make_complaint(receiving, "military_recruitment", facility=ik7)
    html = client_for(analyst).get(f"/complaints/facilities/{ik7.pk}/").content.decode()
    assert "<td>6</td>" in html  # prison labour: published
    assert "<td>1</td>" not in html  # one recruitment report: suppressed
    assert "Median hours a week" in html and "72.0" in html
    assert "1.3% of the minimum wage" in html
