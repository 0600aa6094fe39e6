"""The OpenAPI document describes every route, its errors and both ways to authenticate."""

from __future__ import annotations

from django.test import Client
from tests.api.routes import operations


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document_is_valid_and_complete(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    defined = {f"#/components/schemas/{name}" for name in schema["components"]["schemas"]}
    assert set(_refs(schema)) <= defined
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    for method, path in operations():
        operation = schema["paths"][path][method.lower()]
        assert {"401", "404", "422"} <= set(operation["responses"]), (method, path)
        assert operation["security"], (method, path)


def test_code_lists_are_enums_in_the_schema(db):
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "ForcedLabour" in schemas["Exploitation"]["enum"]
    assert "Feminine" in schemas["Gender"]["enum"]
