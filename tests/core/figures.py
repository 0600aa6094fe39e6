"""Figures the backup and crash-consistency tests report at the end of a run (one line each,
printed by tests/core/conftest.py's terminal summary, beside the security suite's)."""

from __future__ import annotations

LINES: list[str] = []
#: Backups refused by restore (wrong key, altered byte, truncation, other data keys), each after
#: the test checked that nothing was written.
REFUSED: list[str] = []
