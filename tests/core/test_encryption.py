"""Encrypted fields: no identifying value reaches the database in clear, and every value comes
back exactly as written."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.core import serializers
from django.core.exceptions import FieldError
from django.db import connection

from palermo.accounts.models import Organisation, OrganisationType
from palermo.core import crypto
from palermo.core.fields import EncryptedField
from tests.core.conftest import raw_rows
from tests.testapp.models import Note, Secret

LATIN_NAME = "Zhanargul Tokhtarbekova-Quisling"
CYRILLIC_NAME = "Жанаргуль Тохтарбекова-Кислинг"
ALIAS = "Ласточка Ujjwalsky"
PHONE = "+7 913 555 01 42"
NARRATIVE = "Забрали паспорт на вокзале в Тюмени; recruiter called Qasimbek"
BORN = datetime.date(1987, 11, 23)
CONTACTS = {"phone": PHONE, "aliases": [ALIAS], "address": "ул. Шелепихинская, 17"}
#: Stored in clear on purpose: proves the raw read sees what the database really holds.
CONTROL = "Ромашка Outreach Kollektiv"
SECRETS = [LATIN_NAME, CYRILLIC_NAME, ALIAS, PHONE, NARRATIVE, "Шелепихинская", BORN.isoformat()]


def raw_database_text() -> bytes:
    """Everything the database stores: on SQLite the file's bytes (WAL included), on
    PostgreSQL each table's rows as the server renders them."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(connection.settings_dict["NAME"])
        wal = path.with_name(path.name + "-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    chunks: list[str] = []
    for table in connection.introspection.table_names():
        quoted = connection.ops.quote_name(table)
        rows = raw_rows(f"SELECT t::text FROM {quoted} t")  # noqa: S608 - names from the catalogue
        chunks.extend(row[0] for row in rows)
    return "\n".join(chunks).encode()


def forms_of(value: str) -> list[bytes]:
    """The byte sequences ``value`` could be stored as in clear."""
    return [value.encode(), json.dumps(value).encode(), value.encode("utf-16-le")]


@pytest.mark.django_db(transaction=True)
def test_values_written_through_every_encrypted_field_never_reach_the_database_in_clear():
    org = Organisation.objects.create(name=CONTROL, org_type=OrganisationType.NGO, country="RU")
    Secret.objects.create(organisation=org, name=LATIN_NAME, born=BORN, contacts=CONTACTS)
    Secret.objects.create(organisation=org, name=CYRILLIC_NAME, contacts=[ALIAS, PHONE])
    Note.objects.create(body=NARRATIVE)

    stored = raw_database_text()

    assert CONTROL.encode() in stored, "the raw read does not see the database's contents"
    for value in SECRETS:
        for form in forms_of(value):
            assert form not in stored, f"{value!r} is in the database in clear"
    assert b"pe1.k2." in stored


@pytest.mark.parametrize("name", [LATIN_NAME, CYRILLIC_NAME, "", "ä" * 5000])
def test_text_date_and_json_values_come_back_exactly(org_a, name):
    secret = Secret.objects.create(organisation=org_a, name=name, born=BORN, contacts=CONTACTS)
    loaded = Secret.objects.get(pk=secret.pk)
    assert (loaded.name, loaded.born, loaded.contacts) == (name, BORN, CONTACTS)
    assert list(Secret.objects.filter(pk=secret.pk).values_list("name", "born", "contacts")) == [
        (name, BORN, CONTACTS)
    ]


@pytest.mark.parametrize("contacts", [[], {}, "just a string", 42, [None, True, 1.5]])
def test_any_json_value_comes_back_with_its_type(org_a, contacts):
    secret = Secret.objects.create(organisation=org_a, name="x", contacts=contacts)
    assert Secret.objects.get(pk=secret.pk).contacts == contacts


def test_a_date_given_as_text_is_stored_as_a_date(org_a):
    secret = Secret.objects.create(organisation=org_a, name="x", born="1987-11-23")
    assert Secret.objects.get(pk=secret.pk).born == BORN


def test_none_stays_none_and_is_stored_as_null(org_a):
    secret = Secret.objects.create(organisation=org_a, name="x", born=None, contacts=None)
    note = Note.objects.create(body=None)
    loaded = Secret.objects.get(pk=secret.pk)
    assert (loaded.born, loaded.contacts, Note.objects.get(pk=note.pk).body) == (None, None, None)
    assert raw_rows("SELECT born, contacts FROM testapp_secret WHERE id = %s", [secret.pk]) == [
        (None, None)
    ]
    assert list(Secret.objects.filter(born__isnull=True)) == [secret]
    assert list(Secret.objects.filter(born__isnull=False)) == []


@pytest.mark.parametrize(
    "lookup",
    ["name", "name__exact", "name__iexact", "name__contains", "name__icontains",
     "name__startswith", "name__in", "name__gt", "name__lte", "name__regex", "born__year",
     "born__range", "contacts__phone"],
)
def test_lookups_other_than_isnull_raise_field_error(org_a, lookup):
    value = ("a", "b") if lookup.endswith(("__in", "__range")) else "a"
    with pytest.raises(FieldError, match="encrypted"):
        Secret.objects.filter(**{lookup: value})


def test_each_write_of_the_same_value_gives_a_different_ciphertext(org_a):
    one = Secret.objects.create(organisation=org_a, name=CYRILLIC_NAME)
    two = Secret.objects.create(organisation=org_a, name=CYRILLIC_NAME)
    tokens = [row[0] for row in raw_rows("SELECT name FROM testapp_secret WHERE id IN (%s, %s)",
                                         [one.pk, two.pk])]
    assert len(set(tokens)) == 2
    assert all(token.startswith("pe1.k2.") for token in tokens)


def test_a_ciphertext_copied_into_another_column_does_not_decrypt(org_a):
    secret = Secret.objects.create(organisation=org_a, name=CYRILLIC_NAME, contacts=["x"])
    [(token,)] = raw_rows("SELECT name FROM testapp_secret WHERE id = %s", [secret.pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE testapp_secret SET contacts = %s WHERE id = %s",
                       [token, secret.pk])
    with pytest.raises(crypto.DecryptionError, match="testapp.Secret.contacts"):
        Secret.objects.get(pk=secret.pk)


def test_a_ciphertext_copied_into_another_model_does_not_decrypt(org_a):
    secret = Secret.objects.create(organisation=org_a, name=CYRILLIC_NAME)
    note = Note.objects.create(body="placeholder")
    [(token,)] = raw_rows("SELECT name FROM testapp_secret WHERE id = %s", [secret.pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE testapp_note SET body = %s", [token])
    with pytest.raises(crypto.DecryptionError, match="testapp.Note.body"):
        Note.objects.get(pk=note.pk)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1], id="one-char"),
        pytest.param(lambda t: t[:20], id="truncated"),
        pytest.param(lambda t: "pe1.k2.", id="empty-body"),
        pytest.param(lambda t: "pe1.k2.!!!", id="not-base64"),
        pytest.param(lambda t: CYRILLIC_NAME, id="plaintext"),
    ],
)
def test_a_damaged_ciphertext_raises_decryption_error_not_garbage(org_a, damage):
    secret = Secret.objects.create(organisation=org_a, name=CYRILLIC_NAME)
    [(token,)] = raw_rows("SELECT name FROM testapp_secret WHERE id = %s", [secret.pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE testapp_secret SET name = %s WHERE id = %s",
                       [damage(token), secret.pk])
    with pytest.raises(crypto.DecryptionError) as caught:
        Secret.objects.get(pk=secret.pk)
    assert CYRILLIC_NAME not in str(caught.value)


def test_serialised_records_load_back_with_their_values(org_a):
    secret = Secret.objects.create(organisation=org_a, name=LATIN_NAME, born=BORN,
                                   contacts=CONTACTS)
    dumped = serializers.serialize("json", [secret])
    Secret.objects.all().delete()
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    loaded = Secret.objects.get(pk=secret.pk)
    assert (loaded.name, loaded.born, loaded.contacts) == (LATIN_NAME, BORN, CONTACTS)


def test_every_encrypted_field_type_is_covered_here():
    # When a new encrypted field type is added, the raw-bytes test above must write one too.
    covered = {type(f) for m in (Secret, Note) for f in m._meta.fields
               if isinstance(f, EncryptedField)}
    assert covered == set(_subclasses(EncryptedField))


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found
