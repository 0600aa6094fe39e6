"""Figures the security suite prints at the end of a run (see tests/security/conftest.py)."""

from __future__ import annotations

from collections import Counter

#: Counters by name: "sweep routes", "sweep requests", "sweep leaks", "fuzz cases", ...
FIGURES: Counter[str] = Counter()
#: Routes and personas the sweep has covered (a route once per persona).
SWEPT: set[tuple[str, str]] = set()
