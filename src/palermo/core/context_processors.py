"""Values every template can use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from palermo.accounts.roles import Capability, has_capability


def palermo(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO": settings.DEMO,
        "can_manage_users": user is not None and has_capability(user, Capability.MANAGE_USERS),
        "can_see_cases": user is not None and has_capability(user, Capability.SEE_IDENTITIES),
    }
