"""The ``palermo`` console script: Django's manage.py for this project.

Command names may be written with hyphens (``palermo rotate-keys``); they map to the
management command of the same name with underscores. The pure commands (``qualify``,
``estimate``, ``link``) need no settings, database or keys: they are handed to their core before
Django is imported.
"""

from __future__ import annotations

import importlib
import os
import sys

PURE_COMMANDS = {
    "qualify": "palermo.law.cli",
    "estimate": "palermo.estimation.cli",
    "link": "palermo.linkage.core.cli",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[1]])
        raise SystemExit(module.main(args[2:]))
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "palermo.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
