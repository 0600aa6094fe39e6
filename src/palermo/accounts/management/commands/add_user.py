"""``palermo add-user``: create an account when bootstrapping a server.

The password is never an argument (argv is visible to every user of the machine and kept in
shell history): it is asked for twice on the terminal, or read from ``--password-file``.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser

from palermo.accounts import services
from palermo.accounts.management.commands._operator import OperatorCommand, describe, invalid
from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Role

ROLES = ", ".join(Role.values)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def ask_password() -> str:
    """Ask twice on the terminal; the two answers must agree."""
    if not stdin_is_terminal():
        raise invalid("no terminal to ask for the password on; use --password-file FILE (or -).")
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Password again: ")
    if first != second:
        raise invalid("the two passwords differ; nothing was created.")
    return first


def read_password_file(name: str) -> str:
    """The first line of the file (``-`` for standard input), without its line ending."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise invalid(f"--password-file {name!r} cannot be read: {reason}.") from None
    lines = text.splitlines()
    return lines[0] if lines else ""


class Command(OperatorCommand):
    help = (
        "Create an account in an organisation, with a role (written to the audit log as a system "
        "action). The password is asked for on the terminal, or read from --password-file; it is "
        "never given as an argument. The user sets up two-factor authentication at first sign-in. "
        "Exits 2 with a one-line reason, changing nothing, when an option is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", required=True, metavar="NAME", help="Exact name of the organisation."
        )
        parser.add_argument("--username", required=True, help="Sign-in name of the new account.")
        parser.add_argument("--role", required=True, help=f"One of: {ROLES}.")
        parser.add_argument(
            "--password-file",
            metavar="FILE",
            help="Read the password from the first line of FILE ('-' for standard input) "
            "instead of asking for it.",
        )
        parser.add_argument("--first-name", default="", help="Given name (optional).")
        parser.add_argument("--last-name", default="", help="Family name (optional).")
        parser.add_argument("--email", default="", help="Email address (optional).")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        role = options["role"].strip()
        organisation_name = options["organisation"].strip()
        if role not in Role.values:
            raise invalid(f"--role {role!r} is not a role; use one of: {ROLES}.")
        organisation = Organisation.objects.filter(name=organisation_name).first()
        if organisation is None:
            raise invalid(
                f"no organisation is named {organisation_name!r}; "
                "create it first with 'palermo add-organisation'."
            )
        if not organisation.is_active:
            raise invalid(f"the organisation {organisation_name!r} is deactivated.")
        if User.objects.filter(username=username).exists():
            raise invalid(f"the username {username!r} is taken.")
        if options["password_file"] is not None:
            password = read_password_file(options["password_file"])
        else:
            password = ask_password()
        if not password:
            raise invalid("the password is empty.")
        try:
            user = services.create_user(
                actor=None,
                organisation=organisation,
                username=username,
                role=role,
                password=password,
                first_name=options["first_name"].strip(),
                last_name=options["last_name"].strip(),
                email=options["email"].strip(),
            )
        except ValidationError as exc:
            raise invalid(describe(exc)) from None
        self.stdout.write(
            f"Created user {user.username!r} ({user.get_role_display()}) in {organisation.name!r}."
        )
