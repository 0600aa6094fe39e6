"""The access sweep's machinery: the routes and API operations to try, the ids to put in them,
one request as one persona (rolled back), and what class of answer it got."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from palermo.api.api import api
from tests.security.policy import KWARG_KINDS, PAGES, ROUTE_KINDS

API_PREFIX = "api/v1/"
#: API routes that are not operations of the schema: they are swept as pages.
API_PAGES = {"api:openapi-json", "api:api-root", "api:api-unknown"}


@dataclass(frozen=True)
class Target:
    """One page route or one API operation, under its policy key."""

    key: str  # "cases:case_detail" or "GET /api/v1/cases/{case_id}"
    method: str  # the method the policy's first outcome is about
    path: str  # URL pattern, kwargs as {name}
    is_api: bool

    def kwargs(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)


def _walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ns + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), ns + (entry.name or "")


def page_targets() -> list[Target]:
    """Every URL pattern outside the API's operations, named ``namespace:name``."""
    found: dict[str, Target] = {}
    for route, name in _walk(get_resolver()):
        if route.startswith(API_PREFIX) and name not in API_PAGES:
            continue
        key = name or route
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        found[key] = Target(key=key, method="GET", path=path, is_api=False)
    return sorted(found.values(), key=lambda t: t.key)


def api_targets() -> list[Target]:
    """Every operation of the OpenAPI schema, named ``METHOD /path``."""
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (Target(key=f"{method.upper()} {path}", method=method.upper(), path=path, is_api=True)
         for path, item in paths.items() for method in item),
        key=lambda t: t.key,
    )


def api_routes_in_urlconf() -> set[str]:
    """The API's routes as the URL configuration has them, in the schema's spelling."""
    return {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            for route, name in _walk(get_resolver())
            if route.startswith(API_PREFIX) and name not in API_PAGES}


def kinds_of(target: Target) -> dict[str, str]:
    """The record kind each kwarg of the target names."""
    named = ROUTE_KINDS.get(target.key, {})
    return {n: named.get(n, KWARG_KINDS.get(n, n)) for n in target.kwargs()}


def fillings(target: Target, ids: dict[str, list[int | str]]) -> list[str]:
    """The URLs to try: the pattern with each of organisation A's records of the right kinds
    (one URL per record of the first varying kind; other kwargs take the first record)."""
    names = target.kwargs()
    if not names:
        return [target.path]
    kinds = kinds_of(target)
    for kind in kinds.values():
        if kind not in ids:
            raise LookupError(f"{target.key}: no record of kind {kind!r} in tests/security/"
                              "objects.py; add one there or name the kind in policy.ROUTE_KINDS")
    urls = []
    first = names[0]
    for value in ids[kinds[first]]:
        chosen = {name: ids[kind][0] for name, kind in kinds.items()}
        chosen[first] = value
        urls.append(fill(target.path, chosen))
    return urls


def fill(path: str, values: dict[str, int | str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def classify(response: HttpResponse) -> str:
    """The outcome class of an answer, in the policy's vocabulary."""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "login" if location.startswith("/accounts/login/") else "302"
    if 200 <= code < 300:
        return "200"
    return str(code)


def request(client: Client, method: str, url: str, *, is_api: bool) -> tuple[str, bytes]:
    """One request, its effects rolled back so the next starts from the same records. A
    server error is reported as ``500`` (with the exception's name), never raised. The
    client's cookies are put back too (a sign-out replaces the session cookie)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = _send(client, method, url, is_api=is_api)
            transaction.set_rollback(True)
    except Exception as exc:  # a crash is a finding, reported with the others
        return "500", repr(exc).encode()
    finally:
        client.cookies = cookies
    return classify(response), _body(response)


def _send(client: Client, method: str, url: str, *, is_api: bool) -> HttpResponse:
    call: Any = getattr(client, method.lower())
    if method == "GET":
        response: HttpResponse = call(url)
    elif is_api:
        response = call(url, data={}, content_type="application/json")
    else:
        response = call(url, data={})
    return response


def _body(response: HttpResponse) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return bytes(response.content)


__all__ = ["PAGES", "Target", "api_targets", "classify", "fillings", "page_targets", "request"]
