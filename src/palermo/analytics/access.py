"""Who sees which statistics: the two scopes and the roles that have them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from palermo.accounts.roles import Capability, has_capability


class Scope(StrEnum):
    #: Every organisation's cases, always through disclosure control.
    ALL = "all"
    #: The cases the user's organisation holds; nothing hidden.
    OWN = "own"


def scopes_for(user: Any) -> list[Scope]:
    """The scopes a user may see, the default first: aggregates for the roles that see them
    across organisations, their organisation's cases for the roles that work with cases."""
    found = []
    if has_capability(user, Capability.SEE_ALL_AGGREGATES):
        found.append(Scope.ALL)
    if (has_capability(user, Capability.SEE_IDENTITIES)
            and getattr(user, "organisation_id", None) is not None):
        found.append(Scope.OWN)
    return found
