"""What a referral shares: the one place that says which organisation sees which case, and which
groups of its fields, beyond the organisation that owns it.

An organisation sees a case it does not own while a referral to it is accepted, in progress or
completed, not past its end date, and its consent not withdrawn (or it was sent under an
override). It then sees the case summary plus the groups the consent (or override) names.
Revoking the referral or withdrawing the consent ends this at once: every request reads it anew.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from palermo.referrals.codes import ShareGroup
from palermo.referrals.models import Referral

ALL_GROUPS = frozenset(ShareGroup.values)


def _organisation_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "organisation_id", None)


def shared_case_ids(user: Any) -> QuerySet[Referral, Any]:
    """A subquery of the ids of cases shared with the user's organisation right now."""
    org = _organisation_id(user)
    if org is None:
        return Referral.objects.none().values("case_id")
    return Referral.objects.filter(receiver_id=org).sharing().values("case_id")


#: Past this many shared cases ``shared_case_id_list`` gives up: a query may carry at most
#: 65,535 parameters on PostgreSQL (fewer on some SQLite builds), and a long list is no faster.
SHARED_LIST_LIMIT = 2000


def shared_case_id_list(user: Any) -> list[int] | None:
    """The same ids, read now, or None when there are more than ``SHARED_LIST_LIMIT`` (use the
    subquery then). A list lets the database answer "own organisation or one of these" from two
    indexes, where the subquery makes it read every case of every organisation. Read per
    request, so revoking a referral still ends sharing at once."""
    # Distinct before the limit: a case referred several times has several rows.
    rows = shared_case_ids(user).order_by().distinct()[:SHARED_LIST_LIMIT + 1]
    ids = sorted(rows.values_list("case_id", flat=True))
    return None if len(ids) > SHARED_LIST_LIMIT else ids


def shared_groups(user: Any, case: Any) -> frozenset[str]:
    """The groups of fields of ``case`` the user sees: all for its owner, the union of the
    current referrals' groups for a receiver, none otherwise."""
    org = _organisation_id(user)
    if org is None:
        return frozenset()
    if case.organisation_id == org:
        return ALL_GROUPS
    groups: set[str] = set()
    for codes in Referral.objects.filter(receiver_id=org, case_id=case.pk).sharing().values_list(
        "groups", flat=True
    ):
        groups.update(codes)
    return frozenset(groups)


def may_see(user: Any, case: Any, group: str) -> bool:
    return group in shared_groups(user, case)


def owns(user: Any, case: Any) -> bool:
    return _organisation_id(user) == case.organisation_id
