"""Personal API tokens: issued and revoked only by ``palermo api-token``, stored as a hash."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone
from tests.cli import console
from tests.core.test_encryption import raw_database_text

from palermo.api.models import ApiToken
from palermo.api.tokens import token_hash
from palermo.core.models import AuditEvent


def _issue(capsys, *args):
    code, out, err = console(capsys, "api-token", "create", *args)
    return code, out.strip(), err


def test_create_prints_the_token_once_and_it_works(caseworker, capsys):
    code, raw, err = _issue(capsys, "--username", caseworker.username, "--name", "laptop",
                            "--days", "30")
    assert code == 0, err
    assert raw.startswith("plm_") and len(raw) > 40
    assert "shown only now" in err
    token = ApiToken.objects.get()
    assert token.name == "laptop"
    assert token.prefix == raw[:12]
    assert token.token_hash == token_hash(raw)
    assert token.expires_at is not None
    assert timezone.now() + datetime.timedelta(days=29) < token.expires_at
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(object_type="api.ApiToken", action="create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_only_the_hash_reaches_the_database(org_a, capsys):
    from tests.conftest import _make_user

    user = _make_user("tokened", org_a, "caseworker")
    code, raw, _err = _issue(capsys, "--username", user.username, "--name", "ci")
    assert code == 0
    stored = raw_database_text()
    assert token_hash(raw).encode() in stored  # proves the read sees the table
    assert raw.encode() not in stored
    assert raw[12:].encode() not in stored


@pytest.mark.parametrize(("args", "reason"), [
    (["--username", "nobody", "--name", "x"], "no user"),
    (["--username", "caseworker_a", "--name", " "], "--name"),
    (["--username", "caseworker_a", "--name", "x", "--days", "0"], "--days"),
])
def test_create_refuses_bad_input_with_exit_2(caseworker, capsys, args, reason):
    code, out, err = _issue(capsys, *args)
    assert code == 2
    assert reason in err
    assert out == ""
    assert not ApiToken.objects.exists()


def test_create_refuses_a_disabled_user_and_a_duplicate_name(caseworker, capsys):
    assert _issue(capsys, "--username", caseworker.username, "--name", "a")[0] == 0
    assert _issue(capsys, "--username", caseworker.username, "--name", "a")[0] == 2
    caseworker.is_active = False
    caseworker.save()
    code, _out, err = _issue(capsys, "--username", caseworker.username, "--name", "b")
    assert code == 2
    assert "disabled" in err


def test_list_shows_prefixes_never_tokens(caseworker, capsys):
    _code, raw, _err = _issue(capsys, "--username", caseworker.username, "--name", "laptop")
    code, out, _err = console(capsys, "api-token", "list", "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert row["prefix"] == raw[:12]
    assert row["live"] is True
    assert raw not in out
    code, out, _err = console(capsys, "api-token", "list", "--username", caseworker.username)
    assert "laptop" in out
    assert raw not in out


def test_revoke_by_name_prefix_or_all(caseworker, capsys):
    raws = [_issue(capsys, "--username", caseworker.username, "--name", n)[1]
            for n in ("one", "two", "three")]
    clients = [Client(headers={"Authorization": f"Bearer {raw}"}) for raw in raws]
    code, out, _err = console(capsys, "api-token", "revoke", "--username", caseworker.username,
                              "--name", "one")
    assert (code, out.strip()) == (0, f"revoked 1 token of {caseworker.username}")
    assert clients[0].get("/api/v1/me").status_code == 401
    assert clients[1].get("/api/v1/me").status_code == 200
    code, _out, _err = console(capsys, "api-token", "revoke", "--username",
                               caseworker.username, "--prefix", raws[1][:12] + "…")
    assert code == 0
    assert clients[1].get("/api/v1/me").status_code == 401
    code, _out, _err = console(capsys, "api-token", "revoke", "--username",
                               caseworker.username, "--all")
    assert code == 0
    assert clients[2].get("/api/v1/me").status_code == 401
    assert console(capsys, "api-token", "revoke", "--username", caseworker.username,
                   "--name", "one")[0] == 2
    # A revoked name can be issued again.
    assert _issue(capsys, "--username", caseworker.username, "--name", "one")[0] == 0
    assert AuditEvent.objects.filter(object_type="api.ApiToken", action="delete").count() == 3
