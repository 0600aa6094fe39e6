"""API fuzzing: schemathesis generates requests for every operation of the OpenAPI schema and
sends them to the WSGI application, signed in with an API token as organisation A's caseworker
and as organisation B's (the outsider).

Each answer must be no server error and conform to the schema (status code, content type and
body as documented), and the outsider must never get organisation A's records: no 2xx on a path
naming one of them, and no identity of A's person in any body. Path ids are half of the time
the ids of A's records (objects.py), so the generated requests reach real records.

Bounded for CI: a few derandomised examples per operation and persona; every example is rolled
back, so each starts from the same records. ``PALERMO_API_FUZZ_EXAMPLES`` raises the bound for
a longer run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema

from palermo.accounts.models import User
from palermo.api import tokens
from palermo.api.api import api
from tests.security.figures import FIGURES
from tests.security.objects import OrgA
from tests.security.policy import KWARG_KINDS, PRIVATE_KINDS

EXAMPLES = int(os.environ.get("PALERMO_API_FUZZ_EXAMPLES", "6"))
PERSONAS = ("caseworker", "outsider")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def _operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


@cache
def _schema() -> OpenApiSchema:
    """The schema as the application serves it, bound to the application (palermo.wsgi's
    WSGI handler, without its start-up key check, which the test database does not need)."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes the database connection when a
    request starts and ends; the test's transaction needs it open (Django's test client does
    the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _identities(records: OrgA) -> list[bytes]:
    strings = records.identities + records.complaint_identities
    return [form for s in strings for form in (s.encode(), json.dumps(s)[1:-1].encode())]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_fuzz(method: str, path: str, persona: str, request: pytest.FixtureRequest,
                  org_a_records: OrgA, wsgi_in_test_transaction: None) -> None:
    user: User = request.getfixturevalue(persona)
    headers = {"Authorization": f"Bearer {tokens.create_token(user=user, name='fuzz').raw}"}
    operation = _schema()[path][method]
    ids = org_a_records.ids
    names = [p["name"] for p in operation.definition.raw.get("parameters", [])
             if p.get("in") == "path"]
    secrets = _identities(org_a_records)
    failures: list[str] = []

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(case=operation.as_strategy(), use_a=st.booleans())
    def run(case: schemathesis.Case, use_a: bool) -> None:
        named_a = False
        if use_a:
            for name in names:
                kind = KWARG_KINDS.get(name, name)
                if kind in ids:
                    case.path_parameters = {**(case.path_parameters or {}), name: ids[kind][0]}
                    named_a = named_a or kind in PRIVATE_KINDS
        FIGURES["api fuzz cases"] += 1
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except AssertionError as exc:  # schemathesis' failures are AssertionErrors
            failures.append(f"{method} {path} as {persona}: {exc}")
            FIGURES["api fuzz failures"] += 1
            raise
        if persona == "outsider":
            _outsider_sees_nothing(case, response, named_a, secrets)

    try:
        run()
    except AssertionError:
        if not failures:
            FIGURES["api fuzz failures"] += 1
        raise


def _outsider_sees_nothing(case: schemathesis.Case, response: Any, named_a: bool,
                           secrets: list[bytes]) -> None:
    if named_a:
        assert not 200 <= response.status_code < 300, (
            f"LEAK: the outsider got {response.status_code} from {case.method} "
            f"{case.formatted_path} on organisation A's record")
    body = response.content or b""
    found = [s for s in secrets if s in body]
    assert not found, f"LEAK: {case.method} {case.formatted_path} showed the outsider {found}"
