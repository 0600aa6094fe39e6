"""The JSON API (django-ninja), OpenAPI 3 at ``/api/v1/openapi.json``.

Every route needs a personal API token (``Authorization: Bearer …``) or a signed-in session
(with CSRF on unsafe methods and, outside demo mode, a passed second factor); anonymous callers
get 401. Every error has the body of ``errors.py``. Apps add their routers here as they are built.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI, Schema

from palermo.accounts.models import User
from palermo.accounts.roles import ROLE_CAPABILITIES
from palermo.analytics.api import router as analytics_router
from palermo.api import errors
from palermo.api.auth import API_AUTH
from palermo.api.cases import router as cases_router
from palermo.api.common import ERRORS
from palermo.api.persons import router as persons_router
from palermo.complaints.api import router as complaints_router
from palermo.estimates.api import router as estimates_router
from palermo.justice.api import official_router
from palermo.justice.api import router as justice_router
from palermo.referrals.api import (
    consents_router,
    notifications_router,
    referrals_router,
    services_router,
)
from palermo.referrals.assistance_api import router as assistance_router


class PalermoAPI(NinjaAPI):
    """NinjaAPI whose URL list answers every error in JSON: a wrong method (405), the root and
    any path that is not a route (404)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls: list[URLResolver | URLPattern] = []
        for entry in super()._get_urls():
            if isinstance(entry, URLPattern) and entry.name == "api-root":
                urls.append(path("", errors.unknown_route, name="api-root"))
            elif isinstance(entry, URLPattern):
                entry.callback = errors.json_405(entry.callback)
                urls.append(entry)
            else:
                urls.append(entry)
        urls.append(path("<path:unknown>", errors.unknown_route, name="api-unknown"))
        return urls


api = PalermoAPI(
    title="palermo API",
    version="1",
    description=(
        "The case registry of palermo. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`, issued by an operator with `palermo api-token "
        "create`) or a signed-in session (send the CSRF token on unsafe methods). Every error "
        'is `{"error": {"code", "message", "fields"}}`.'
    ),
    urls_namespace="api",
    auth=API_AUTH,
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
)
errors.install(api)
api.add_router("/persons", persons_router)
api.add_router("/cases", cases_router)
api.add_router("/services", services_router)
api.add_router("/consents", consents_router)
api.add_router("/referrals", referrals_router)
api.add_router("/notifications", notifications_router)
api.add_router("/cases", assistance_router)
api.add_router("/complaints", complaints_router)
api.add_router("/analytics", analytics_router)
api.add_router("/cases", justice_router)
api.add_router("/official", official_router)
api.add_router("/estimates", estimates_router)


class MeOut(Schema):
    username: str
    organisation: str | None
    organisation_type: str | None
    role: str
    capabilities: list[str]


@api.get("/me", response={200: MeOut, **ERRORS}, summary="The signed-in account")
def me(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)  # noqa: S101 - the auth classes return a User or refuse
    organisation = user.organisation
    role = user.role
    return MeOut(
        username=user.get_username(),
        organisation=organisation.name if organisation else None,
        organisation_type=organisation.org_type if organisation else None,
        role=role,
        capabilities=sorted(str(c) for c in ROLE_CAPABILITIES.get(role, frozenset())),
    )
