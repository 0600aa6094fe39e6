"""System checks run at every start: the data key ring must match what the database holds.

Registered without the ``database`` tag on purpose, so ``runserver``, ``db_worker`` and ``check``
refuse to start with a wrong key; a database that is unreachable or not migrated yet is skipped.
"""

from __future__ import annotations

from typing import Any

from django.core import checks


def check_data_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from palermo.core.keys import key_problems

    return [checks.Critical(problem, id="palermo.E001") for problem in key_problems()]


def register() -> None:
    checks.register(check_data_keys)
