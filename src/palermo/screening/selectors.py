"""Reads of the screening app, scoped to the user through the case.

The owner reads through ``visible_to``; an organisation a live referral shares the case with
reads a case's screenings and decisions only when the referral shares ``screening`` (the views
check that with ``cases.selectors.require_group`` first, and these reads check it again).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from palermo.cases.models import Case
from palermo.core.scoping import get_visible_or_404
from palermo.referrals.codes import ShareGroup
from palermo.referrals.sharing import may_see, owns
from palermo.screening.models import IdentificationDecision, Screening


def _screenings(user: Any, case: Case) -> QuerySet[Screening]:
    if owns(user, case):
        return Screening.objects.visible_to(user).filter(case=case)
    if may_see(user, case, ShareGroup.SCREENING):
        return Screening.objects.filter(case=case)
    return Screening.objects.none()


def screenings_of(user: Any, case: Case) -> list[Screening]:
    return list(_screenings(user, case).select_related("created_by"))


def get_screening(user: Any, case: Case, pk: int) -> Screening:
    """A screening of ``case`` the user may see; 404 otherwise (also when it is another case's)."""
    if not owns(user, case):
        try:
            return _screenings(user, case).select_related("created_by").get(pk=pk)
        except (Screening.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    return get_visible_or_404(Screening.objects.select_related("created_by"), user, pk=pk,
                              case=case)


def decisions_of(user: Any, case: Case) -> list[IdentificationDecision]:
    """The case's decisions, newest (the one in force) first."""
    if owns(user, case):
        decisions = IdentificationDecision.objects.visible_to(user).filter(case=case)
    elif may_see(user, case, ShareGroup.SCREENING):
        decisions = IdentificationDecision.objects.filter(case=case)
    else:
        decisions = IdentificationDecision.objects.none()
    return list(decisions.select_related("decided_by", "screening"))
