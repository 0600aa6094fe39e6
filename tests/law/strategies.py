"""Hypothesis strategies for case facts, built from the published schema and its vocabularies."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from palermo.law import schema, vocabulary

LIST_KEYS = ("acts", "means", "purposes", "aggravating")
# work.prison and work.military say what kind of work it was (a context switch, conditions.py):
# making facts unknown keeps their presence or absence.
CONTEXTS = (("work", "prison"), ("work", "military"))


def _non_null(spec: dict[str, Any]) -> str:
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    (kind,) = [t for t in types if t != "null"]
    return str(kind)


def value(spec: dict[str, Any], key: str = "") -> st.SearchStrategy[Any]:
    """A valid, known value for a schema node."""
    kind = _non_null(spec)
    if kind == "integer":
        return st.integers(spec.get("minimum"), spec.get("maximum"))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        words = vocabulary(key) if key in LIST_KEYS else tuple(spec["items"]["enum"])
        return st.lists(st.sampled_from(words), unique=True)
    if kind == "object":
        return obj(spec)
    raise AssertionError(f"no strategy for {kind}")


def obj(spec: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An object whose every key may be absent, null or known."""
    return st.fixed_dictionaries(
        {},
        optional={k: st.one_of(st.none(), value(v, k)) for k, v in spec["properties"].items()},
    )


def facts() -> st.SearchStrategy[dict[str, Any]]:
    return obj(schema())


def adult_or_child(child: bool) -> st.SearchStrategy[dict[str, Any]]:
    ages = st.integers(0, 17) if child else st.integers(18, 130)
    return st.builds(lambda f, age: {**f, "victim_age": age}, facts(), ages)


def _is_context(path: tuple[str, ...]) -> bool:
    return path in CONTEXTS


def _holds_context(path: tuple[str, ...], node: Any) -> bool:
    return isinstance(node, dict) and any(
        c[: len(path)] == path and _lookup(node, c[len(path) :]) is not None for c in CONTEXTS
    )


def _lookup(node: Any, rest: tuple[str, ...]) -> Any:
    for part in rest:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def unknowable(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """Paths that may be made unknown: every leaf, and objects holding no context switch."""
    found: list[tuple[str, ...]] = []

    def walk(node: dict[str, Any], prefix: tuple[str, ...]) -> None:
        for key, val in node.items():
            path = (*prefix, key)
            if isinstance(val, dict):
                if not _is_context(path) and not _holds_context(path, val):
                    found.append(path)
                walk(val, path)
            else:
                found.append(path)

    walk(data, ())
    return found


def forget(data: dict[str, Any], how: dict[tuple[str, ...], str]) -> dict[str, Any]:
    """``data`` with each path removed (``"remove"``) or set to null (``"null"``)."""
    out = copy.deepcopy(data)
    for path, mode in sorted(how.items(), key=lambda item: len(item[0])):
        parent: Any = out
        for part in path[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if not isinstance(parent, dict) or path[-1] not in parent:
            continue  # an enclosing object was already forgotten
        if mode == "remove":
            del parent[path[-1]]
        else:
            parent[path[-1]] = None
    return out


@st.composite
def facts_and_less(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Facts F and F' = F with some of its leaves made unknown (contexts kept)."""
    full = draw(facts())
    paths = unknowable(full)
    chosen = draw(st.lists(st.sampled_from(paths), unique=True)) if paths else []
    how = {p: draw(st.sampled_from(["remove", "null"])) for p in chosen}
    return full, forget(full, how)
