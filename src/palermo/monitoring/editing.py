"""Who may change the action plan, indicators and trainings, and the one way they are written.

Every signed-in member of staff reads them; only the owning organisation's roles with
``EDIT_MONITORING`` change them. An edit page first looks the object up among the user's
organisation's rows (another organisation's object: 404, as if missing), then checks the role
(a caseworker of the owning organisation: 403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import get_object_or_404

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.core import audit
from palermo.core.models import AuditAction

M = TypeVar("M", bound=models.Model)


def may_edit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_capability(
        user, Capability.EDIT_MONITORING)


def require_editor(user: Any) -> User:
    if not may_edit(user) or not isinstance(user, User) or user.organisation_id is None:
        raise PermissionDenied
    return user


def readable_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """The object if the user may read it (every signed-in member of staff), else 404."""
    manager: Any = model._default_manager
    return cast(M, get_object_or_404(manager.visible_to(user), **lookup))


def owned_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """The object among those the user's organisation owns (404 otherwise), once the user's
    role may edit (403 otherwise)."""
    manager: Any = model._default_manager
    found = cast(M, get_object_or_404(manager.editable_by(user), **lookup))
    require_editor(user)
    return found


def save(*, actor: User, instance: M, object_type: str, changed: Iterable[str] = (),
         exclude: Iterable[str] = ()) -> M:
    """Validate and save one row in a transaction with its audit event (field names only)."""
    with transaction.atomic():
        creating = instance.pk is None
        instance.full_clean(exclude=list(exclude) or None)
        instance.save()
        audit.record(actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                     object_type=object_type, objects=[instance],
                     detail={"fields": sorted(changed)})
    return instance


def delete(*, actor: User, instance: models.Model, object_type: str) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.DELETE, object_type=object_type,
                     objects=[instance])
        instance.delete()
