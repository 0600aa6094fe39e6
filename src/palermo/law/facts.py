"""Facts of a case: validation against the published JSON schema, and reading them three-valued.

A key that is absent or null is *unknown*; an empty list means *none*. Validation is strict:
an unknown key or value is an error, never a guess.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_FILE = "facts.schema.json"


class FactsError(ValueError):
    """Facts that do not follow the schema; ``errors`` says where and why, one line each."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@cache
def schema() -> dict[str, Any]:
    """The published schema (``src/palermo/law/facts.schema.json``)."""
    text = resources.files("palermo.law").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def vocabulary(key: str) -> tuple[str, ...]:
    """The allowed values of a list fact (``acts``, ``means``, ``purposes``, ``aggravating``)."""
    return tuple(schema()["properties"][key]["items"]["enum"])


def _where(path: Any) -> str:
    parts = [str(p) for p in path]
    return ".".join(parts) if parts else "facts"


def _shown(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):  # a Python caller's set, object, or non-string key
        return type(value).__name__


def _message(error: Any) -> str:
    where = _where(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(repr(k) for k in error.instance if k not in allowed)
        return f"{where}: unknown key {', '.join(extra)} (allowed: {', '.join(allowed)})"
    if error.validator == "enum":
        values = ", ".join(error.validator_value)
        return f"{where}: unknown value {error.instance!r} (allowed: {values})"
    if error.validator == "type":
        wanted = " or ".join(t for t in error.validator_value if t != "null")
        return f"{where}: expected {wanted} or null, got {_shown(error.instance)}"
    if error.validator == "uniqueItems":
        return f"{where}: a value is listed twice"
    return f"{where}: {error.message}"


def validate_facts(facts: Any) -> dict[str, Any]:
    """Return ``facts`` if they follow the schema, else raise :class:`FactsError`."""
    if not isinstance(facts, Mapping):
        raise FactsError(["facts: expected a JSON object"])
    data = dict(facts)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise FactsError([_message(e) for e in errors])
    # JSON Schema's "integer" refuses true but accepts 30.0 (a number with no fraction), which
    # compares as 30 everywhere; a Python caller's True as an age is refused here too.
    if isinstance(data.get("victim_age"), bool):
        raise FactsError(["victim_age: expected integer or null, got a boolean"])
    return data


def lookup(facts: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any step is absent or null (unknown)."""
    value: Any = facts
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
        if value is None:
            return None
    return value
