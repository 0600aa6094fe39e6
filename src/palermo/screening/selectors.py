"""Reads of the screening app, always scoped to the user through the case (``visible_to``)."""

from __future__ import annotations

from typing import Any

from palermo.cases.models import Case
from palermo.core.scoping import get_visible_or_404
from palermo.screening.models import IdentificationDecision, Screening


def screenings_of(user: Any, case: Case) -> list[Screening]:
    return list(Screening.objects.visible_to(user).filter(case=case)
                .select_related("created_by"))


def get_screening(user: Any, case: Case, pk: int) -> Screening:
    """A screening of ``case`` the user may see; 404 otherwise (also when it is another case's)."""
    return get_visible_or_404(Screening.objects.select_related("created_by"), user, pk=pk,
                              case=case)


def decisions_of(user: Any, case: Case) -> list[IdentificationDecision]:
    """The case's decisions, newest (the one in force) first."""
    return list(IdentificationDecision.objects.visible_to(user).filter(case=case)
                .select_related("decided_by", "screening"))
