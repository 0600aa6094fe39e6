"""The one way to read records on behalf of a user: ``visible_to(user)`` and ``get_visible_or_404``.

Every model holding data that belongs to an organisation gets a queryset deriving from
``ScopedQuerySet`` and says, in its ``visible_to``, who may see which rows. Views never filter by
organisation themselves. A record that does not exist and a record the user may not see give the
same answer, 404, so probing ids tells an outsider nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M], Generic[M]):
    """A queryset that knows which of its rows a user may see."""

    #: For organisation-owned data: the lookup that leads from a row to its owning organisation.
    owner_field: str = "organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        """Rows owned by the user's organisation; nothing for anonymous or disabled users.

        Models whose rows are shared more widely (through referrals, say) override this, and the
        override is the only place that sharing rule lives.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        organisation_id = getattr(user, "organisation_id", None)
        if organisation_id is None:
            return self.none()
        return self.filter(**{f"{self.owner_field}_id": organisation_id})


def get_visible_or_404(
    queryset: ScopedQuerySet[M], user: AbstractBaseUser | AnonymousUser, **lookup: Any
) -> M:
    """Fetch one record the user may see; missing and forbidden both raise ``Http404``."""
    try:
        return queryset.visible_to(user).get(**lookup)
    # ValueError/TypeError: a malformed id (``/cases/abc/``) is just another id that is not there.
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
