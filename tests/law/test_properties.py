"""Invariants of the qualification engine, over facts generated from the published schema."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from palermo.law import FRAMEWORK_IDS, FactsError, qualify, schema, validate_facts, vocabulary
from tests.law import strategies as S
from tests.law.contract import check_shape

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEANS_LISTS = st.one_of(st.none(), st.lists(st.sampled_from(vocabulary("means")), unique=True))

# The counterexample to the gap invariant (scenario 83): a child needs no means, an unknown age
# leaves the means element "absent" with its requirement unknown.
CHILD_NO_MEANS = {
    "victim_age": 15,
    "acts": ["recruitment"],
    "means": [],
    "purposes": ["forced_labour"],
    "consent_given": False,
}
AGE_FORGOTTEN = {k: v for k, v in CHILD_NO_MEANS.items() if k != "victim_age"}


# (a) a child never needs means --------------------------------------------------------------
@SETTINGS
@given(S.adult_or_child(child=True), MEANS_LISTS)
def test_a_child_never_needs_means(facts: dict[str, Any], other_means: Any) -> None:
    changed = {**facts, "means": other_means}
    first, second = qualify(facts), qualify(changed)
    for fid in ("un_palermo", "ru_cc_127_1_proposed"):
        assert first["frameworks"][fid]["elements"]["means"] == "not_required"
        assert second["frameworks"][fid]["elements"]["means"] == "not_required"
        assert first["frameworks"][fid]["qualifies"] is second["frameworks"][fid]["qualifies"]
        assert "means" not in first["frameworks"][fid]["missing"]


@SETTINGS
@given(S.adult_or_child(child=False))
def test_an_adult_always_needs_means(facts: dict[str, Any]) -> None:
    result = qualify(facts)
    for fid in ("un_palermo", "ru_cc_127_1_proposed"):
        assert result["frameworks"][fid]["elements"]["means"] != "not_required"
        if not facts.get("means") and facts.get("means") is not None:
            assert result["frameworks"][fid]["qualifies"] is False


# (b) adding means never hurts -------------------------------------------------------------
@SETTINGS
@given(S.facts(), st.lists(st.sampled_from(vocabulary("means")), min_size=1, unique=True))
def test_adding_means_never_turns_qualifies_into_not(
    facts: dict[str, Any], extra: list[str]
) -> None:
    more = {**facts, "means": list(dict.fromkeys([*(facts.get("means") or []), *extra]))}
    before, after = qualify(facts), qualify(more)
    for fid in ("un_palermo", "ru_cc_127_1_proposed"):
        was, now = before["frameworks"][fid]["qualifies"], after["frameworks"][fid]["qualifies"]
        if was is True:
            assert now is True, fid
        if was is not False:
            assert now is not False, fid
        assert after["frameworks"][fid]["elements"]["means"] in {"present", "not_required"}


# (c) unknown never becomes a confident answer ------------------------------------------------
@SETTINGS
@given(S.facts_and_less())
@example((CHILD_NO_MEANS, AGE_FORGOTTEN))
def test_unknown_never_becomes_a_confident_answer(pair: tuple[dict, dict]) -> None:
    full, less = pair
    rich, poor = qualify(full), qualify(less)
    for fid in FRAMEWORK_IDS:
        got, want = poor["frameworks"][fid], rich["frameworks"][fid]
        if got["qualifies"] is not None:
            assert want["qualifies"] is got["qualifies"], fid
        if got.get("exemption") is not None:
            assert want["exemption"] is got["exemption"], fid
        if "aggravating" in got:
            assert set(got["aggravating"]) <= set(want["aggravating"]), fid


@SETTINGS
@given(S.facts_and_less())
def test_unknown_never_invents_a_gap_when_the_age_is_kept(pair: tuple[dict, dict]) -> None:
    """The gap invariant where the victim's age stays as it was; element statuses settled with
    less facts stay settled with more (a present element may turn out not to be required: it is
    satisfied either way)."""
    full, less = pair
    if less.get("victim_age") != full.get("victim_age"):
        less = {**less, "victim_age": full.get("victim_age")}
    rich, poor = qualify(full), qualify(less)
    assert {g["code"] for g in poor["gaps"]} <= {g["code"] for g in rich["gaps"]}
    for fid in FRAMEWORK_IDS:
        for name, status in poor["frameworks"][fid]["elements"].items():
            settled = rich["frameworks"][fid]["elements"][name]
            if status == "present":
                assert settled in ("present", "not_required"), (fid, name)
            elif status != "unknown":
                assert settled == status, (fid, name)


@SETTINGS
@given(S.facts_and_less())
@example((CHILD_NO_MEANS, AGE_FORGOTTEN))
def test_unknown_never_invents_a_gap(pair: tuple[dict, dict]) -> None:
    full, less = pair
    assert {g["code"] for g in qualify(less)["gaps"]} <= {g["code"] for g in qualify(full)["gaps"]}


# (d) the result always has the contract's shape ----------------------------------------------
@SETTINGS
@given(S.facts())
def test_the_result_has_the_contract_shape(facts: dict[str, Any]) -> None:
    check_shape(qualify(facts))


@SETTINGS
@given(S.facts())
def test_qualify_does_not_change_its_input(facts: dict[str, Any]) -> None:
    before = copy.deepcopy(facts)
    qualify(facts)
    assert facts == before


@SETTINGS
@given(S.facts())
@example(AGE_FORGOTTEN)
def test_an_absent_element_settles_the_answer(facts: dict[str, Any]) -> None:
    for fw in qualify(facts)["frameworks"].values():
        assert (fw["qualifies"] is False) == bool(fw["missing"])


# (e) invalid facts always raise FactsError, naming the path ----------------------------------
def _container(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = data
    for part in path:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    return node


OBJECTS = [(), ("work",), ("work", "prison"), ("work", "military"), ("perpetrator",)]


def _spec(path: tuple[str, ...]) -> dict[str, Any]:
    spec = schema()
    for part in path:
        spec = spec["properties"][part]
    return spec


def _leaf_paths() -> list[tuple[str, ...]]:
    found = []
    for obj in OBJECTS:
        for key in _spec(obj)["properties"]:
            found.append((*obj, key))
    return found


WRONG = {
    "integer": st.one_of(
        st.booleans(),
        st.text(),
        st.floats(allow_nan=True).filter(lambda x: not float(x).is_integer()),
        st.integers(max_value=-1),
        st.integers(min_value=131),
        st.lists(st.integers(), max_size=2),
    ),
    "boolean": st.one_of(st.integers(), st.text(), st.lists(st.booleans(), max_size=2)),
    "array": st.one_of(st.text(), st.integers(), st.booleans(), st.just({"a": 1})),
    "object": st.one_of(st.text(), st.integers(), st.booleans(), st.lists(st.none(), max_size=2)),
}


@st.composite
def invalid(draw: st.DrawFn) -> tuple[Any, str]:
    """Valid facts with one thing wrong, and the path the error must name."""
    data = draw(S.facts())
    kind = draw(st.sampled_from(["key", "value", "type", "bool_age", "duplicate", "not_object"]))
    if kind == "key":
        where = draw(st.sampled_from(OBJECTS))
        node = _container(data, where)
        key = draw(st.text(min_size=1).filter(lambda k: k not in _spec(where)["properties"]))
        node[key] = draw(st.one_of(st.none(), st.booleans(), st.text()))
        return data, ".".join(where) or "facts"
    if kind in ("value", "duplicate"):
        key = draw(st.sampled_from(S.LIST_KEYS))
        items = list(draw(st.lists(st.sampled_from(vocabulary(key)), min_size=1, unique=True)))
        if kind == "duplicate":
            data[key] = [*items, draw(st.sampled_from(items))]
            return data, key
        bad = draw(st.text().filter(lambda v: v not in vocabulary(key)))
        index = draw(st.integers(0, len(items)))
        items.insert(index, bad)
        data[key] = items
        return data, f"{key}.{index}"
    if kind == "type":
        path = draw(st.sampled_from(_leaf_paths()))
        parent = _container(data, path[:-1])
        parent[path[-1]] = draw(WRONG[S._non_null(_spec(path))])
        return data, ".".join(path)
    if kind == "bool_age":
        data["victim_age"] = draw(st.booleans())
        return data, "victim_age"
    return draw(st.one_of(st.none(), st.text(), st.integers(), st.lists(st.none()))), "facts"


@SETTINGS
@given(invalid())
def test_invalid_facts_raise_facts_error_naming_the_path(case: tuple[Any, str]) -> None:
    data, path = case
    for call in (qualify, validate_facts):
        with pytest.raises(FactsError) as caught:
            call(data)
        errors = caught.value.errors
        assert errors and all(isinstance(e, str) and e for e in errors)
        assert any(e.startswith(f"{path}:") for e in errors), (path, errors)
        assert "\n" not in str(caught.value)


def test_the_strategies_use_the_published_vocabularies() -> None:
    for key in S.LIST_KEYS:
        assert vocabulary(key) == tuple(schema()["properties"][key]["items"]["enum"])
        assert len(vocabulary(key)) == len(set(vocabulary(key)))
    assert set(vocabulary("acts")) >= {"sale", "other_transaction", "recruitment"}


@pytest.mark.parametrize(
    ("facts", "path"),
    [
        ({"victim_age": True}, "victim_age"),
        ({"victim_age": 17.5}, "victim_age"),
        ({"acts": "recruitment"}, "acts"),
        ({"acts": ["recruitment", "recruitment"]}, "acts"),
        ({"work": {"prison": {"court_conviction": 1}}}, "work.prison.court_conviction"),
        ({"work": {"military": {"purely": True}}}, "work.military"),
        ({"perpetrator": {"first_offence": "yes"}}, "perpetrator.first_offence"),
        ({"means": ["deceit"]}, "means.0"),
    ],
)
def test_invalid_examples(facts: dict[str, Any], path: str) -> None:
    with pytest.raises(FactsError) as caught:
        qualify(facts)
    assert any(e.startswith(f"{path}:") for e in caught.value.errors), caught.value.errors


@pytest.mark.parametrize(
    ("facts", "path"),
    [({"acts": {"recruitment"}}, "acts"), ({1: True, "x": True}, "facts")],
    ids=["set_as_list", "non_string_key"],
)
def test_python_only_wrong_types_raise_facts_error(facts: dict[Any, Any], path: str) -> None:
    with pytest.raises(FactsError) as caught:
        qualify(facts)
    assert any(e.startswith(f"{path}:") for e in caught.value.errors)
