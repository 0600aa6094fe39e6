"""How a fuzz case runs: hypothesis settings for an importer, one example in a rolled-back
transaction with its figures, and the row counts compared before and after."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from hypothesis import HealthCheck, settings

from palermo.core.models import AuditEvent
from tests.security.figures import FIGURES

SCALE = float(os.environ.get("PALERMO_FUZZ_EXAMPLES", "1"))
F = TypeVar("F", bound=Callable[..., Any])


def fuzz(examples: int) -> Callable[[F], F]:
    """Hypothesis settings for one importer: derandomised, no deadline (CI machines vary), and
    function-scoped fixtures allowed (every example is rolled back, see ``example``)."""
    return settings(max_examples=max(1, int(examples * SCALE)), derandomize=True,
                    deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


class example:  # noqa: N801 - used as a context manager, named for what it delimits
    """One fuzz case: counted, run in a transaction rolled back at the end, failures counted."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.atomic = transaction.atomic()

    def __enter__(self) -> None:
        FIGURES[f"fuzz cases: {self.name}"] += 1
        self.atomic.__enter__()

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if kind is None:
            transaction.set_rollback(True)
        else:
            FIGURES["fuzz failures"] += 1
        self.atomic.__exit__(kind, exc, tb)

    def accepted(self) -> None:
        """The input was taken (so the fuzzer reaches the writing path, not only refusals)."""
        FIGURES[f"fuzz accepted: {self.name}"] += 1


def counts(*kinds: type[models.Model]) -> tuple[int, ...]:
    """Rows of each model, then audit rows."""
    every: list[type[models.Model]] = [*kinds, AuditEvent]
    return tuple(kind._default_manager.count() for kind in every)
