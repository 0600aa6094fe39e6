from django.test import Client
from tests.conftest import PASSWORD


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_caseworker_signs_in_and_sees_home(caseworker, client_for):
    response = client_for(caseworker).get("/")
    assert response.status_code == 200
    assert b"Organisation A" in response.content


def test_wrong_password_is_refused(caseworker):
    response = Client().post("/accounts/login/", {"username": caseworker.username,
                                                  "password": PASSWORD + "x"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
