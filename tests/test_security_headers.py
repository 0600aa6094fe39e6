"""Every response carries the security headers; pages with personal data are never cached."""

import pytest
from django.test import Client


@pytest.mark.parametrize("url", ["/accounts/login/", "/"])
def test_pages_carry_security_headers(caseworker, client_for, url):
    response = client_for(caseworker).get(url, follow=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


def test_login_page_is_not_cached_either(db):
    response = Client().get("/accounts/login/")
    assert "no-store" in response["Cache-Control"]


def test_production_cookies_are_host_prefixed_and_secure():
    from palermo import settings as production

    assert production.SESSION_COOKIE_NAME.startswith("__Host-")
    assert production.CSRF_COOKIE_NAME.startswith("__Host-")
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.DEBUG is False
