from django.test import Client


def test_anonymous_api_caller_gets_401(db):
    assert Client().get("/api/v1/me").status_code == 401


def test_me_describes_the_signed_in_account(caseworker, client_for):
    response = client_for(caseworker).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == caseworker.username
    assert body["organisation"] == "Organisation A"
    assert body["role"] == "caseworker"
    assert "send_referrals" in body["capabilities"]
    assert "manage_users" not in body["capabilities"]


def test_api_refuses_a_session_without_second_factor(settings, caseworker, client_for):
    client = client_for(caseworker)
    settings.REQUIRE_2FA = True
    assert client.get("/api/v1/me").status_code == 401


def test_openapi_schema_is_served(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/me" in response.json()["paths"]


def test_api_responses_are_not_cached(caseworker, client_for):
    response = client_for(caseworker).get("/api/v1/me")
    assert "no-store" in response["Cache-Control"]
