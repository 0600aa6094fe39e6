"""Blind indexes: equal names (after normalisation) share an index, nothing else does, and exact
search through the index finds the record."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import FieldError
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.core.blind_index import DIGEST_HEX, blind_index, normalise
from palermo.core.fields import exact_match
from tests.testapp.models import Secret

PURPOSE = "testapp.Secret.name"
LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяäéñç"
# The autouse fixtures (audit head file, 2FA switch) are per test and irrelevant here.
property_test = settings(max_examples=300, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture])

names = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=12), min_size=1, max_size=4)


def spellings(words: list[str]) -> st.SearchStrategy[tuple[str, str]]:
    """A name written plainly, and the same name as someone else might type it."""
    plain = " ".join(words)

    def upper(text: str) -> str:
        return text.upper()

    def with_yo(text: str) -> str:
        return text.replace("е", "ё")

    def decomposed(text: str) -> str:
        return unicodedata.normalize("NFD", text)

    def full_width(text: str) -> str:
        return "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" else c for c in text)

    def spaced(text: str) -> str:
        return "  " + text.replace(" ", " \t\u00a0 ") + "\n"

    def hyphenated(text: str) -> str:
        return text.replace(" ", "-")

    def dashes(text: str) -> str:
        return text.replace(" ", " \u2014 ")

    def soft_hyphens(text: str) -> str:
        return "\u00ad".join(text)

    variants = [upper, with_yo, decomposed, full_width, spaced, hyphenated, dashes, soft_hyphens]
    return st.lists(st.sampled_from(variants), max_size=4).map(
        lambda chosen: (plain, _apply(chosen, plain))
    )


def _apply(functions: list, text: str) -> str:
    for function in functions:
        text = function(text)
    return text


@property_test
@given(names.flatmap(spellings))
def test_the_same_name_however_typed_gives_the_same_index(pair):
    plain, typed = pair
    assert normalise(typed) == normalise(plain)
    assert blind_index(typed, purpose=PURPOSE) == blind_index(plain, purpose=PURPOSE)


@property_test
@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalise(text)
    assert normalise(once) == once


@property_test
@given(st.text(min_size=1))
def test_the_index_differs_per_purpose(text):
    assert blind_index(text, purpose="cases.Person.name") != blind_index(
        text, purpose="cases.Person.document_number"
    )


@property_test
@given(st.text(min_size=1))
def test_the_index_differs_with_another_index_key(text):
    ours = blind_index(text, purpose=PURPOSE)
    with override_settings(PALERMO_INDEX_KEY=b"another index key, 32 bytes long"):
        assert blind_index(text, purpose=PURPOSE) != ours


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ФЁДОРОВ", "федоров"),
        ("Anna-Maria", "anna maria"),
        ("ＡＮＮＡ", "anna"),
        ("Jose\u0301", "José"),
        ("Ольга\u00a0\u00a0Иванова ", "ольга иванова"),
        ("Анна—Мария", "анна мария"),
        ("Straße", "STRASSE"),
        ("Жан\u200bна", "Жанна"),
    ],
)
def test_case_width_accents_yo_whitespace_and_dashes_do_not_matter(typed, stored):
    assert blind_index(typed, purpose=PURPOSE) == blind_index(stored, purpose=PURPOSE)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Иванов", "Иванова"), ("Anna Maria", "Annamaria"), ("Ольга", "Олга"), ("Jose", "José")],
)
def test_different_names_give_different_indexes(one, other):
    assert blind_index(one, purpose=PURPOSE) != blind_index(other, purpose=PURPOSE)


def test_the_index_is_a_fixed_length_hex_digest():
    index = blind_index("Мария", purpose=PURPOSE)
    assert len(index) == DIGEST_HEX
    assert int(index, 16) >= 0


def test_exact_search_through_the_index_finds_the_row(org_a):
    wanted = Secret.objects.create(organisation=org_a, name="Фёдорова Анна-Мария")
    Secret.objects.create(organisation=org_a, name="Фёдорова Анна")
    Secret.objects.create(organisation=org_a, name="")

    found = exact_match(Secret.objects.all(), "name_index", "  ФЕДОРОВА анна мария")

    assert list(found) == [wanted]


def test_searching_for_a_blank_value_finds_nothing(org_a):
    Secret.objects.create(organisation=org_a, name="")
    Secret.objects.create(organisation=org_a, name="   ")
    assert list(exact_match(Secret.objects.all(), "name_index", " ")) == []
    assert set(Secret.objects.values_list("name_index", flat=True)) == {""}


def test_the_index_follows_the_name_when_it_changes(org_a):
    secret = Secret.objects.create(organisation=org_a, name="Old Name")
    secret.name = "Новое Имя"
    secret.save()
    assert list(exact_match(Secret.objects.all(), "name_index", "новое имя")) == [secret]
    assert list(exact_match(Secret.objects.all(), "name_index", "old name")) == []


def test_exact_match_refuses_a_field_that_is_not_a_blind_index(org_a):
    with pytest.raises(FieldError, match="not a blind index"):
        exact_match(Secret.objects.all(), "name", "x")
