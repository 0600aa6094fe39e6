"""What the operator commands (``add-organisation``, ``add-user``) share: strict parsing and
one-line errors with exit code 2."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

INVALID_INPUT = 2


def invalid(message: str) -> CommandError:
    """A one-line error for bad input; the command exits with code 2 and changes nothing."""
    return CommandError(" ".join(message.split()), returncode=INVALID_INPUT)


def describe(error: ValidationError) -> str:
    """A ValidationError as one line: ``field: message; field: message``."""
    if hasattr(error, "error_dict"):
        parts = [
            f"{field}: {' '.join(str(m) for m in messages)}"
            if field != "__all__"
            else " ".join(str(m) for m in messages)
            for field, messages in error.message_dict.items()
        ]
        return "; ".join(parts)
    return " ".join(str(m) for m in error.messages)


class OperatorCommand(BaseCommand):
    """Options must be spelled out: ``--password`` must never pass for ``--password-file``."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("allow_abbrev", False)
        return super().create_parser(prog_name, subcommand, **kwargs)
