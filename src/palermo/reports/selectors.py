"""Reads for the report builder, always scoped to the user: submissions are their organisation's
drafts (others' are 404); recommendations and indicators are readable by all staff."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from palermo.core.scoping import get_visible_or_404
from palermo.monitoring.models import Indicator, Recommendation
from palermo.reports.models import Submission

AnyUser = AbstractBaseUser | AnonymousUser
#: Recommendations offered at once in the issue form; a filter narrows longer registries.
RECOMMENDATIONS_SHOWN = 100


def submissions_for(user: AnyUser) -> QuerySet[Submission]:
    return (Submission.objects.visible_to(user).select_related("created_by")
            .annotate(issue_count=Count("issues")))


def submission_for(user: AnyUser, pk: int) -> Submission:
    return get_visible_or_404(Submission.objects.select_related("organisation"), user, pk=pk)


def recommendations_for(user: AnyUser, *, text: str = "",
                        state: str = "") -> QuerySet[Recommendation]:
    """Recommendations matching the words typed (text, symbol or paragraph) and a recommending
    state, newest cycle first."""
    found = cast("QuerySet[Recommendation]", Recommendation.objects.visible_to(user))
    for word in text.split():
        found = found.filter(Q(text__icontains=word) | Q(document_symbol__icontains=word)
                             | Q(paragraph__icontains=word) | Q(cluster__icontains=word))
    if state:
        # Stored as comma-separated two-letter codes: a two-letter substring is a whole code.
        found = found.filter(recommending_states__contains=state.upper()[:2])
    return found


def indicators_for(user: AnyUser) -> QuerySet[Indicator]:
    return cast("QuerySet[Indicator]", Indicator.objects.visible_to(user).order_by("name"))
