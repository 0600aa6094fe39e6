"""``palermo api-token create|list|revoke``: personal API tokens, issued by operators only."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from palermo.accounts.management.commands._operator import OperatorCommand, invalid
from palermo.accounts.models import User
from palermo.api import tokens
from palermo.api.models import ApiToken
from palermo.core.management.commands._help import ParagraphHelpFormatter

HELP = """Issue, list and revoke personal API tokens (Authorization: Bearer <token>).

  create   --username U --name N [--days D]: issue a token acting as U, named N (unique
           among U's live tokens), expiring after D days (default: never). The token is
           printed once on stdout and only its SHA-256 hash is stored: copy it now. A
           token skips the sign-in form and its second factor, so issue one only to the
           person it belongs to, on a channel you trust.
  list     [--username U] [--format text|json]: every token with its prefix, name,
           creation, last use, expiry and whether it is live.
  revoke   --username U (--name N | --prefix P | --all): revoke tokens now.

A token stops working when it is revoked or expires, when its user is disabled, and when
the user's sessions are ended everywhere ("sign out everywhere", a password or 2FA reset by
an administrator). Every issue and revocation is written to the audit log. Exit 2 with a
one-line reason, changing nothing, on invalid input.
"""


class Command(OperatorCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", ParagraphHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        create = sub.add_parser("create", help="Issue a token and print it once.")
        create.add_argument("--username", required=True)
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument("--days", type=int, help="Expire after this many days.")
        listing = sub.add_parser("list", help="List tokens (never the tokens themselves).")
        listing.add_argument("--username")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        revoke = sub.add_parser("revoke", help="Revoke tokens.")
        revoke.add_argument("--username", required=True)
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--name")
        which.add_argument("--prefix", help="The prefix shown by 'list' (plm_…).")
        which.add_argument("--all", action="store_true", help="Every token of the user.")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "create":
            self._create(options["username"], options["name"], options["days"])
        elif command == "list":
            self._list(options["username"], options["format"])
        else:
            self._revoke(options["username"], options["name"], options["prefix"], options["all"])

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username.strip()).first()
        if user is None:
            raise invalid(f"there is no user {username!r}.")
        return user

    def _create(self, username: str, name: str, days: int | None) -> None:
        user = self._user(username)
        name = name.strip()
        if not name or len(name) > 100:
            raise invalid("--name must be 1 to 100 characters.")
        if days is not None and not 1 <= days <= 3650:
            raise invalid("--days must be between 1 and 3650.")
        if not user.is_active:
            raise invalid(f"the account {user.username!r} is disabled.")
        if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
            raise invalid(f"{user.username!r} already has a live token named {name!r}.")
        issued = tokens.create_token(user=user, name=name, days=days)
        self.stderr.write(
            f"token {name!r} for {user.username} "
            + (f"expires {issued.token.expires_at:%Y-%m-%d %H:%M} UTC" if days else
               "does not expire")
            + "; it is shown only now:"
        )
        self.stdout.write(issued.raw)

    def _list(self, username: str | None, output_format: str) -> None:
        found = ApiToken.objects.select_related("user")
        if username:
            found = found.filter(user=self._user(username))
        now = timezone.now()
        rows: list[dict[str, Any]] = [
            {
                "user": t.user.username, "name": t.name, "prefix": t.prefix,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "expires_at": t.expires_at.isoformat() if t.expires_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
                "live": tokens.is_live(t, now=now),
            }
            for t in found
        ]
        if output_format == "json":
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            state = "live" if row["live"] else "not live"
            self.stdout.write(
                f"{row['user']}\t{row['prefix']}…\t{row['name']}\t{state}\t"
                f"created {row['created_at'][:16]}\tlast used {(row['last_used_at'] or '-')[:16]}"
                f"\texpires {(row['expires_at'] or 'never')[:16]}"
            )

    def _revoke(self, username: str, name: str | None, prefix: str | None, every: bool) -> None:
        user = self._user(username)
        found = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        if name is not None:
            found = found.filter(name=name.strip())
        elif prefix is not None:
            found = found.filter(prefix=prefix.strip().rstrip("…"))
        matched = list(found)
        if not matched and not every:
            raise invalid("no live token matches; see 'palermo api-token list'.")
        count = tokens.revoke_tokens(tokens=matched)
        self.stdout.write(f"revoked {count} token{'' if count == 1 else 's'} of {user.username}")
