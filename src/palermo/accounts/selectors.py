"""Reads about accounts, always scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django_otp import devices_for_user

from palermo.accounts.models import User, UserQuerySet
from palermo.core.scoping import get_visible_or_404


def has_confirmed_device(user: Any) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def users_visible_to(user: Any) -> UserQuerySet:
    return User.objects.visible_to(user).select_related("organisation")


def get_user_visible_to(user: Any, pk: int) -> User:
    """One account the user may see (404 otherwise, whether it exists or not)."""
    return get_visible_or_404(User.objects.get_queryset(), user, pk=pk)


def two_factor_status(users: list[User]) -> dict[int, bool]:
    """Whether each account has a confirmed TOTP device, in one query."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrolled = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    return {u.pk: u.pk in enrolled for u in users}
