"""Every operation of the API, read from the URL configuration and the OpenAPI schema, so a new
route is covered by the access tests the moment it exists."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

from palermo.api.api import api

PREFIX = "api/v1/"
#: Routes that are not operations: the schema, and the JSON 404s for the root and unknown paths.
NOT_OPERATIONS = {"api/v1/openapi.json", "api/v1/", "api/v1/<path:unknown>"}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


def url_routes() -> set[str]:
    """API routes as the URL configuration has them, in OpenAPI spelling (``/api/v1/x/{id}``)."""
    return {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in _patterns(get_resolver())
        if route.startswith(PREFIX) and route not in NOT_OPERATIONS
    }


def operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation."""
    paths = api.get_openapi_schema()["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


def object_operations() -> list[tuple[str, str]]:
    return [(m, p) for m, p in operations() if "{" in p]


def fill(path: str, ids: dict[str, int]) -> str:
    """The path with its ids; a parameter without a known id fails the test that asked."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in ids, f"no test record for {{{name}}}: add it to the access tests"
        return str(ids[name])

    return re.sub(r"\{(\w+)\}", one, path)
