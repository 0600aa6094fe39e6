"""Values every template can use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from palermo.accounts.roles import Capability, has_capability
from palermo.analytics.access import scopes_for


def palermo(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO": settings.DEMO,
        "STAFF_LANGUAGES": settings.PALERMO_STAFF_LANGUAGES,
        "can_manage_users": user is not None and has_capability(user, Capability.MANAGE_USERS),
        "can_see_cases": user is not None and has_capability(user, Capability.SEE_IDENTITIES),
        "sees_aggregates": user is not None
        and has_capability(user, Capability.SEE_ALL_AGGREGATES),
        "can_triage": user is not None
        and has_capability(user, Capability.TRIAGE_COMPLAINTS),
        "sees_statistics": user is not None and bool(scopes_for(user)),
        "can_estimate": user is not None and has_capability(user, Capability.RUN_LINKAGE),
        "can_build_reports": user is not None
        and has_capability(user, Capability.EDIT_MONITORING),
        **_referrals(user),
    }


def _referrals(user: Any) -> dict[str, Any]:
    """The navigation's links to the directory and referrals, and the unread count."""
    if user is None or getattr(user, "organisation_id", None) is None:
        return {"can_refer": False, "sees_directory": False, "unread_notifications": 0}
    from palermo.referrals.selectors import unread_count

    can_refer = has_capability(user, Capability.SEND_REFERRALS)
    return {"can_refer": can_refer, "sees_directory": user.is_active,
            "unread_notifications": unread_count(user) if can_refer else 0}
