"""The framework files: titles, the loader's checks on broken data, and the data's own integrity
(every condition names a fact of the schema and values of its vocabulary)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from palermo.law import FRAMEWORK_IDS, framework_titles, qualify, schema, vocabulary
from palermo.law import frameworks as F
from palermo.law.conditions import ConditionError

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
LISTS = ("acts", "means", "purposes", "aggravating")


@pytest.fixture
def fresh() -> Iterator[None]:
    """Empty the loaders' caches before and after, so broken data never leaks into other tests."""

    def clear() -> None:
        for loader in (F.frameworks, F.gaps, F.labels):
            loader.cache_clear()

    clear()
    yield
    clear()


def test_framework_titles() -> None:
    titles = framework_titles()
    assert list(titles) == list(FRAMEWORK_IDS)
    for fid, title in titles.items():
        assert set(title) == {"en", "ru"}, fid
        assert title["en"].strip() and title["ru"].strip()
        assert CYRILLIC.search(title["ru"]) and not CYRILLIC.search(title["en"]), fid
    assert len({t["en"] for t in titles.values()}) == len(FRAMEWORK_IDS)
    assert len({t["ru"] for t in titles.values()}) == len(FRAMEWORK_IDS)
    assert "127.2" in titles["ru_cc_127_2"]["en"] and "29" in titles["ilo_c29"]["en"]
    titles["un_palermo"]["en"] = "changed"
    assert framework_titles()["un_palermo"]["en"] != "changed"


# --- broken data fails loudly ------------------------------------------------------------------
def _patched(monkeypatch: pytest.MonkeyPatch, name: str, change: Callable[[dict], None]) -> None:
    real = F._read

    def read(file: str) -> dict[str, Any]:
        data = real(file)
        if file == name:
            change(data)
        return data

    monkeypatch.setattr(F, "_read", read)


def _drop_ru(text: dict[str, str]) -> None:
    del text["ru"]


BROKEN: list[tuple[str, str, Callable[[dict], None], str]] = [
    ("title_without_ru", "un_palermo.toml", lambda d: _drop_ru(d["title"]), "un_palermo.title"),
    (
        "headline_without_ru",
        "ilo_c29.toml",
        lambda d: _drop_ru(d["headline"]["no"]),
        "ilo_c29.headline.no",
    ),
    (
        "element_text_without_ru",
        "ru_cc_127_2.toml",
        lambda d: _drop_ru(d["elements"][1]["text"]["absent"]),
        "ru_cc_127_2.ownership_powers.text.absent",
    ),
    (
        "element_text_with_extra_language",
        "un_palermo.toml",
        lambda d: d["elements"][0]["text"]["present"].update(de="Handlung"),
        "un_palermo.act.text.present",
    ),
    (
        "element_without_unknown_text",
        "un_palermo.toml",
        lambda d: d["elements"][2]["text"].pop("unknown"),
        "un_palermo.purpose",
    ),
    (
        "required_unless_without_not_required_text",
        "ru_cc_127_1_proposed.toml",
        lambda d: d["elements"][1]["text"].pop("not_required"),
        "ru_cc_127_1_proposed.means",
    ),
    (
        "note_without_ru",
        "un_palermo.toml",
        lambda d: _drop_ru(d["notes"][0]["text"]),
        "un_palermo.notes",
    ),
    ("wrong_id", "ru_cc_127_2.toml", lambda d: d.update(id="ru_cc_127_3"), "ru_cc_127_2"),
]


@pytest.mark.parametrize(
    ("name", "change", "named"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_framework_fails_loudly(
    fresh: None,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    change: Callable[[dict], None],
    named: str,
) -> None:
    _patched(monkeypatch, name, change)
    with pytest.raises(ValueError, match=re.escape(named)):
        F.frameworks()
    with pytest.raises(ValueError):
        qualify({})


def test_a_framework_missing_a_required_part_fails_loudly(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _patched(monkeypatch, "ilo_c29.toml", lambda d: d["headline"].pop("unknown"))
    with pytest.raises(KeyError):
        F.frameworks()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: _drop_ru(d["gaps"][0]["text"]), "gap consent_exonerates"),
        (lambda d: d["gaps"][1]["frameworks"].append("us_tvpa"), "us_tvpa"),
    ],
    ids=["gap_without_ru", "gap_naming_an_unknown_framework"],
)
def test_broken_gap_fails_loudly(
    fresh: None, monkeypatch: pytest.MonkeyPatch, change: Callable[[dict], None], named: str
) -> None:
    _patched(monkeypatch, "_gaps.toml", change)
    with pytest.raises(ValueError, match=re.escape(named)):
        qualify({})


def test_an_unreadable_condition_fails_loudly(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def typo(d: dict) -> None:
        d["elements"][0]["holds"] = {"fakt": "acts", "any_of": ["recruitment"]}

    _patched(monkeypatch, "un_palermo.toml", typo)
    with pytest.raises(ConditionError):
        qualify({"acts": ["recruitment"]})


def test_invalid_toml_fails_loudly(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    real = F._read

    def read(file: str) -> dict[str, Any]:
        if file == "ru_cc_127_1.toml":
            return tomllib.loads('id = "ru_cc_127_1"\ntitle = { en = "x", ru = ')
        return real(file)

    monkeypatch.setattr(F, "_read", read)
    with pytest.raises(tomllib.TOMLDecodeError):
        F.frameworks()


def test_caches_are_restored_after_broken_data(fresh: None) -> None:
    assert list(F.frameworks()) == list(FRAMEWORK_IDS)
    assert qualify({})["gaps"] == []


# --- the shipped data's integrity --------------------------------------------------------------
def _schema_paths() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(spec: dict[str, Any], prefix: str) -> None:
        for key, sub in spec["properties"].items():
            path = f"{prefix}{key}"
            found[path] = sub
            if "properties" in sub:
                walk(sub, f"{path}.")

    walk(schema(), "")
    return found


def _conditions(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if any(k in node for k in ("fact", "context", "result")):
            yield node
        for value in node.values():
            yield from _conditions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _conditions(value)


def _everything() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for fw in F.frameworks().values():
        for e in fw.elements:
            out += [(f"{fw.id}.{e.name}", c) for c in _conditions([e.holds, e.required_unless])]
        out += [(f"{fw.id}.notes", c) for c in _conditions(fw.notes)]
        out += [(f"{fw.id}.{a.code}", c) for a in fw.aggravating for c in _conditions(a.when)]
        out += [(f"{fw.id}.exemption", c) for c in _conditions(fw.exemption or {})]
    out += [(f"gap {g['code']}", c) for g in F.gaps() for c in _conditions(g["when"])]
    return out


def test_every_condition_names_known_facts_and_values() -> None:
    paths = _schema_paths()
    results = {fid: [e.name for e in fw.elements] for fid, fw in F.frameworks().items()}
    conditions = _everything()
    assert len(conditions) > 40
    for where, cond in conditions:
        if "fact" in cond:
            assert cond["fact"] in paths, (where, cond)
            spec = paths[cond["fact"]]
            if "any_of" in cond:
                assert cond["fact"] in LISTS, (where, cond)
                assert cond["any_of"] and set(cond["any_of"]) <= set(vocabulary(cond["fact"])), (
                    where,
                    set(cond["any_of"]) - set(vocabulary(cond["fact"])),
                )
            if "equals" in cond:
                assert "boolean" in spec["type"] and isinstance(cond["equals"], bool), where
            if "below" in cond:
                assert "integer" in spec["type"], where
        elif "context" in cond:
            assert cond["context"] in ("work.prison", "work.military"), where
        else:
            assert cond["result"] in FRAMEWORK_IDS, where
            if "element" in cond:
                assert cond["element"] in results[cond["result"]], where
                assert cond["status"] in ("present", "absent", "not_required", "unknown")


def test_aggravating_codes_and_labels() -> None:
    labels = F.labels()
    for key in LISTS:
        assert set(labels[key]) == set(vocabulary(key)), key
        for value, text in labels[key].items():
            assert set(text) == {"en", "ru"} and CYRILLIC.search(text["ru"]), value
    for fw in F.frameworks().values():
        codes = [a.code for a in fw.aggravating]
        assert len(codes) == len(set(codes))
        assert set(codes) <= set(vocabulary("aggravating")), fw.id
        assert all(a.part in (2, 3) for a in fw.aggravating)
        if fw.exemption:
            assert set(fw.exemption["allowed_aggravating"]) <= set(codes)
    assert {a.code for a in F.frameworks()["ru_cc_127_1"].aggravating} == set(
        vocabulary("aggravating")
    )


def test_every_element_cites_a_provision() -> None:
    for fw in F.frameworks().values():
        assert fw.provisions
        for e in fw.elements:
            assert e.provision.strip(), (fw.id, e.name)
            if e.required_unless and "context" not in str(e.required_unless):
                # a rule that makes an element unnecessary (a child needs no means) is cited too
                assert e.provision_not_required, (fw.id, e.name)
