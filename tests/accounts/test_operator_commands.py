"""``palermo add-organisation`` and ``palermo add-user``: bootstrap a server, refuse bad input."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from tests.cli import console as palermo

from palermo.accounts.management.commands import add_user
from palermo.accounts.models import Organisation, User
from palermo.core.models import AuditAction, AuditEvent

GOOD_PASSWORD = "a long enough pass phrase"




def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=io.StringIO())
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    return raised.value


@pytest.fixture
def password_file(tmp_path: Path) -> Callable[[str], str]:
    def write(text: str) -> str:
        path = tmp_path / "password.txt"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


# --- add-organisation -----------------------------------------------------------------------


def test_add_organisation_creates_it_with_an_audit_row(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = palermo(
        capsys,
        "add-organisation",
        "--name", "Anti-Slavery Helpline",
        "--type", "NGO",
        "--country", "ru",
        "--region", "Saint Petersburg",
    )  # fmt: skip
    assert (code, err) == (0, "")
    organisation = Organisation.objects.get(name="Anti-Slavery Helpline")
    assert (organisation.org_type, organisation.country, organisation.region) == (
        "NGO",
        "RU",
        "Saint Petersburg",
    )
    assert "Created organisation 'Anti-Slavery Helpline'" in out
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="accounts.Organisation")
    assert event.object_ids == [str(organisation.pk)]
    assert event.actor_id is None


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (["--type", "Charity", "--country", "RU"], "not an organisation type"),
        (["--type", "NGO", "--country", "RUS"], "not an ISO 3166-1 alpha-2 code"),
        (["--type", "NGO", "--country", "1A"], "not an ISO 3166-1 alpha-2 code"),
    ],
)
def test_add_organisation_refuses_bad_values(db: None, options: list[str], reason: str) -> None:
    error = refused("add_organisation", "--name", "Helpline", *options)
    assert reason in str(error)
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_add_organisation_refuses_an_empty_name(db: None) -> None:
    assert "--name is empty" in str(
        refused("add_organisation", "--name", "  ", "--type", "NGO", "--country", "RU")
    )
    assert not Organisation.objects.exists()


def test_add_organisation_refuses_a_name_in_use(db: None, org_a: Organisation) -> None:
    error = refused("add_organisation", "--name", org_a.name, "--type", "NGO", "--country", "RU")
    assert "already exists" in str(error)
    assert Organisation.objects.count() == 1


def test_bad_input_exits_2_with_one_line_on_stderr(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = palermo(
        capsys, "add-organisation", "--name", "X", "--type", "Charity", "--country", "RU"
    )
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "'Charity' is not an organisation type" in err
    assert not Organisation.objects.exists()


# --- add-user --------------------------------------------------------------------------------


def test_add_user_from_a_password_file_can_sign_in(
    org_a: Organisation, password_file: Callable[[str], str]
) -> None:
    out = io.StringIO()
    call_command(
        "add_user",
        "--organisation", org_a.name,
        "--username", "new_admin",
        "--role", "org_admin",
        "--password-file", password_file(GOOD_PASSWORD + "\n"),
        "--first-name", "Olga",
        stdout=out,
    )  # fmt: skip
    user = User.objects.get(username="new_admin")
    assert (user.organisation, user.role, user.first_name) == (org_a, "org_admin", "Olga")
    assert "Created user 'new_admin'" in out.getvalue()
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="accounts.User")
    assert event.object_ids == [str(user.pk)]
    response = Client().post(
        "/accounts/login/", {"username": "new_admin", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302


def test_add_user_asks_for_the_password_twice_on_a_terminal(
    org_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr(add_user, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(add_user.getpass, "getpass", lambda prompt: next(answers))
    call_command(
        "add_user", "--organisation", org_a.name, "--username", "typed", "--role", "lawyer",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert User.objects.get(username="typed").check_password(GOOD_PASSWORD)


def test_add_user_refuses_two_different_passwords(
    org_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([GOOD_PASSWORD, GOOD_PASSWORD + "!"])
    monkeypatch.setattr(add_user, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(add_user.getpass, "getpass", lambda prompt: next(answers))
    error = refused(
        "add_user", "--organisation", org_a.name, "--username", "typed", "--role", "lawyer"
    )
    assert "passwords differ" in str(error)
    assert not User.objects.exists()


def test_add_user_without_a_terminal_needs_a_password_file(
    org_a: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(add_user, "stdin_is_terminal", lambda: False)
    error = refused("add_user", "--organisation", org_a.name, "--username", "x", "--role", "lawyer")
    assert "--password-file" in str(error)
    assert not User.objects.exists()


def test_add_user_takes_no_password_argument(
    org_a: Organisation, capsys: pytest.CaptureFixture[str]
) -> None:
    for option in ("--password", "--pass", "--password-f"):
        code, _, err = palermo(
            capsys, "add-user", "--organisation", org_a.name, "--username", "x",
            "--role", "lawyer", option, GOOD_PASSWORD,
        )  # fmt: skip
        assert code == 2
        assert "unrecognized arguments" in err
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("options", "password", "reason"),
    [
        (["--role", "superhero"], GOOD_PASSWORD, "not a role"),
        (["--role", "lawyer"], "short", "too short"),
        (["--role", "lawyer"], "password12345", "too common"),
        (["--role", "lawyer"], "", "the password is empty"),
    ],
)
def test_add_user_refuses_bad_values(
    org_a: Organisation,
    password_file: Callable[[str], str],
    options: list[str],
    password: str,
    reason: str,
) -> None:
    error = refused(
        "add_user", "--organisation", org_a.name, "--username", "someone",
        "--password-file", password_file(password), *options,
    )  # fmt: skip
    assert reason in str(error)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_add_user_refuses_an_unknown_organisation(
    db: None, password_file: Callable[[str], str]
) -> None:
    error = refused(
        "add_user", "--organisation", "Nobody", "--username", "someone", "--role", "lawyer",
        "--password-file", password_file(GOOD_PASSWORD),
    )  # fmt: skip
    assert "no organisation is named 'Nobody'" in str(error)
    assert not User.objects.exists()


def test_add_user_refuses_a_taken_username(
    caseworker: User, password_file: Callable[[str], str]
) -> None:
    assert caseworker.organisation is not None
    error = refused(
        "add_user", "--organisation", caseworker.organisation.name,
        "--username", caseworker.username, "--role", "lawyer",
        "--password-file", password_file(GOOD_PASSWORD),
    )  # fmt: skip
    assert "is taken" in str(error)
    assert User.objects.count() == 1


def test_add_user_refuses_an_invalid_username(
    org_a: Organisation, password_file: Callable[[str], str]
) -> None:
    error = refused(
        "add_user", "--organisation", org_a.name, "--username", "has space", "--role", "lawyer",
        "--password-file", password_file(GOOD_PASSWORD),
    )  # fmt: skip
    assert str(error).startswith("username:")
    assert not User.objects.exists()


def test_add_user_refuses_an_unreadable_password_file(org_a: Organisation, tmp_path: Path) -> None:
    error = refused(
        "add_user", "--organisation", org_a.name, "--username", "someone", "--role", "lawyer",
        "--password-file", str(tmp_path / "missing.txt"),
    )  # fmt: skip
    assert "cannot be read" in str(error)
    assert not User.objects.exists()
