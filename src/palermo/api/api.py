"""The JSON API (django-ninja), OpenAPI 3 at ``/api/v1/openapi.json``.

Every route needs a signed-in session (and, outside demo mode, a passed second factor);
anonymous callers get 401. Apps add their routers here as they are built.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from palermo.accounts.roles import ROLE_CAPABILITIES

api = NinjaAPI(
    title="palermo API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
)


class MeOut(Schema):
    username: str
    organisation: str | None
    organisation_type: str | None
    role: str
    capabilities: list[str]


@api.get("/me", response=MeOut, summary="The signed-in account")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    organisation = getattr(user, "organisation", None)
    role = getattr(user, "role", "")
    return MeOut(
        username=user.get_username(),
        organisation=organisation.name if organisation else None,
        organisation_type=organisation.org_type if organisation else None,
        role=role,
        capabilities=sorted(str(c) for c in ROLE_CAPABILITIES.get(role, frozenset())),
    )
