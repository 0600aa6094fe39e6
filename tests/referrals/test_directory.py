"""The service directory: everyone of a member organisation sees it all and filters it; only an
organisation's own staff (who refer or manage accounts) change its services; bad input is refused
with the field named and nothing changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from palermo.accounts.roles import Role
from palermo.core.models import AuditEvent
from palermo.referrals import services
from palermo.referrals.models import Service
from palermo.referrals.selectors import ServiceFilters, filter_services
from tests.conftest import _make_user


@pytest.fixture
def directory(receiver, outsider, service_c):
    """Organisation C's clinic (fixture) plus shelters of C and B."""
    women = services.create_service(
        user=receiver, service_type="shelter", name="Women's shelter", region="St Petersburg",
        capacity_total=12, capacity_free=0, languages=["ru"], eligible_genders=["Feminine"],
        min_age=18, eligible_nationalities="UZ, tj")
    youth = services.create_service(
        user=outsider, service_type="shelter", name="Youth shelter", region="Kazan",
        capacity_total=6, capacity_free=2, languages=["ru", "tt"], max_age=17)
    return {"clinic": service_c, "women": women, "youth": youth}


def _names(user, **filters) -> list[str]:
    return sorted(s.name for s in filter_services(user, ServiceFilters(**filters)))


def test_every_member_sees_the_whole_directory(directory, caseworker, analyst, org_admin):
    everything = ["Clinic for migrants", "Women's shelter", "Youth shelter"]
    for user in (caseworker, analyst, org_admin):
        assert _names(user) == everything


@pytest.mark.parametrize(("filters", "expected"), [
    ({"service_type": "shelter"}, ["Women's shelter", "Youth shelter"]),
    ({"region": "st petersburg"}, ["Clinic for migrants", "Women's shelter"]),
    ({"language": "tt"}, ["Youth shelter"]),
    ({"free_only": True}, ["Clinic for migrants", "Youth shelter"]),
    ({"age": 16}, ["Clinic for migrants", "Youth shelter"]),
    ({"age": 30, "sex": "Feminine"}, ["Clinic for migrants", "Women's shelter"]),
    ({"sex": "Masculine"}, ["Clinic for migrants", "Youth shelter"]),
    ({"citizenship": "UZ", "sex": "Feminine", "age": 25},
     ["Clinic for migrants", "Women's shelter"]),
    ({"citizenship": "KG", "sex": "Feminine", "age": 25}, ["Clinic for migrants"]),
    ({"citizenship": "tj"}, ["Clinic for migrants", "Women's shelter", "Youth shelter"]),
    ({"q": "SHELTER"}, ["Women's shelter", "Youth shelter"]),
])
def test_filters(directory, caseworker, filters, expected):
    assert _names(caseworker, **filters) == expected


def test_nationalities_are_stored_as_iso_codes(directory):
    assert directory["women"].eligible_nationalities == "UZ,TJ"


def test_the_page_lists_and_filters(client_for, caseworker, directory):
    client = client_for(caseworker)
    page = client.get("/referrals/services/").content.decode()
    women = "Women&#x27;s shelter"
    assert women in page and "Organisation B" in page and "3 services" in page
    page = client.get("/referrals/services/?service_type=shelter&free=on").content.decode()
    assert "Youth shelter" in page and women not in page
    assert "Clinic for migrants" not in page
    page = client.get("/referrals/services/?age=16&sex=Feminine").content.decode()
    assert "Youth shelter" in page and women not in page


def test_bad_filters_are_shown_and_the_rest_still_apply(client_for, caseworker, directory):
    response = client_for(caseworker).get(
        "/referrals/services/?age=200&service_type=shelter&citizenship=XX")
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and "Youth shelter" in text
    assert "Clinic for migrants" not in text


def test_the_directory_page_makes_a_fixed_number_of_queries(
    client_for, caseworker, receiver, directory, django_assert_max_num_queries
):
    for n in range(10):
        services.create_service(user=receiver, service_type="medical", name=f"Clinic {n}",
                                region="Moscow")
    client = client_for(caseworker)
    with django_assert_max_num_queries(14):
        assert client.get("/referrals/services/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(directory):
    client = Client()
    for url in ("/referrals/services/", f"/referrals/services/{directory['clinic'].pk}/",
                "/referrals/services/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_organisation_edits_its_own_services_only(client_for, receiver, admin_c, outsider,
                                                    directory):
    clinic = directory["clinic"]
    for user in (receiver, admin_c):
        assert client_for(user).get(f"/referrals/services/{clinic.pk}/edit/").status_code == 200
    client = client_for(outsider)
    assert client.get(f"/referrals/services/{clinic.pk}/").status_code == 200
    assert client.get(f"/referrals/services/{clinic.pk}/edit/").status_code == 404
    assert client.post(f"/referrals/services/{clinic.pk}/edit/",
                       {"name": "Mine now"}).status_code == 404
    assert client.post(f"/referrals/services/{clinic.pk}/places/",
                       {"capacity_free": 0}).status_code == 404
    clinic.refresh_from_db()
    assert (clinic.name, clinic.capacity_free) == ("Clinic for migrants", 3)
    with pytest.raises(PermissionDenied):
        services.update_service(user=outsider, service=clinic, capacity_free=0)


def test_roles_that_neither_refer_nor_manage_accounts_cannot_edit(client_for, org_c, directory):
    analyst = _make_user("analyst_c", org_c, Role.ANALYST)
    client = client_for(analyst)
    assert client.get("/referrals/services/new/").status_code == 403
    assert client.get(f"/referrals/services/{directory['clinic'].pk}/edit/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.create_service(user=analyst, service_type="medical", name="x", region="y")


def test_a_service_is_created_on_the_page(client_for, admin_c, org_c):
    response = client_for(admin_c).post("/referrals/services/new/", {
        "service_type": "legal_aid", "name": "Legal clinic", "region": "St Petersburg",
        "capacity_total": "", "capacity_free": "", "languages": ["ru", "en"],
        "eligible_genders": [], "min_age": "18", "max_age": "", "eligible_nationalities": "",
        "contact": "+7 812 000-00-00", "opening_hours": "Mon-Fri 10-18", "active": "on"})
    service = Service.objects.get(name="Legal clinic")
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/services/{service.pk}/"
    assert service.organisation == org_c and service.languages == ["ru", "en"]
    assert service.min_age == 18 and service.active
    assert AuditEvent.objects.filter(object_type="referrals.Service", action="create").exists()


VALID = {"service_type": "shelter", "name": "Shelter", "region": "Kazan", "capacity_total": "5",
         "capacity_free": "2", "min_age": "", "max_age": "", "eligible_nationalities": ""}


@pytest.mark.parametrize(("change", "field"), [
    ({"capacity_free": "6"}, "capacity_free"),
    ({"capacity_free": "-1"}, "capacity_free"),
    ({"min_age": "30", "max_age": "18"}, "max_age"),
    ({"max_age": "200"}, "max_age"),
    ({"eligible_nationalities": "UZ, Narnia"}, "eligible_nationalities"),
    ({"service_type": "spa"}, "service_type"),
    ({"name": ""}, "name"),
    ({"region": ""}, "region"),
    ({"languages": ["klingon"]}, "languages"),
    ({"capacity_total": "many"}, "capacity_total"),
])
def test_bad_service_input_is_refused_on_the_page(client_for, receiver, service_c, change,
                                                  field):
    before = Service.objects.values().get(pk=service_c.pk)
    response = client_for(receiver).post(f"/referrals/services/{service_c.pk}/edit/",
                                         {**VALID, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert Service.objects.values().get(pk=service_c.pk) == before


def test_the_services_own_rules_hold_without_the_form(receiver, service_c):
    for values in ({"capacity_free": 11}, {"min_age": 40, "max_age": 20},
                   {"eligible_nationalities": "XX"}, {"service_type": "spa"}):
        with pytest.raises(ValidationError):
            services.update_service(user=receiver, service=service_c, **values)
    service_c.refresh_from_db()
    assert service_c.capacity_free == 3


def test_free_places_are_updated_quickly_from_the_directory(client_for, receiver, service_c):
    client = client_for(receiver)
    page = client.get("/referrals/services/").content.decode()
    assert f'action="/referrals/services/{service_c.pk}/places/"' in page
    response = client.post(f"/referrals/services/{service_c.pk}/places/",
                           {"capacity_free": "0", "next": "/referrals/services/?free=on"})
    assert response.status_code == 302 and response["Location"] == "/referrals/services/?free=on"
    service_c.refresh_from_db()
    assert service_c.capacity_free == 0
    row = AuditEvent.objects.filter(object_type="referrals.Service").latest("seq")
    assert row.detail == {"fields": ["capacity_free"]}


def test_free_places_beyond_capacity_are_refused(client_for, receiver, service_c):
    client = client_for(receiver)
    for value in ("11", "-2", "lots"):
        response = client.post(f"/referrals/services/{service_c.pk}/places/",
                               {"capacity_free": value})
        assert response.status_code == 400, value
        assert "There is a problem" in response.content.decode()
    service_c.refresh_from_db()
    assert service_c.capacity_free == 3


def test_next_never_leaves_the_directory(client_for, receiver, service_c):
    response = client_for(receiver).post(f"/referrals/services/{service_c.pk}/places/", {
        "capacity_free": "1", "next": "https://evil.example/"})
    assert response["Location"] == f"/referrals/services/{service_c.pk}/"


def test_places_need_post(client_for, receiver, service_c):
    assert client_for(receiver).get(
        f"/referrals/services/{service_c.pk}/places/").status_code == 405
