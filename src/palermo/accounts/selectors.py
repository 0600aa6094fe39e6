"""Reads about accounts, always scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_otp import devices_for_user

from palermo.accounts.models import User, UserQuerySet
from palermo.core.scoping import get_visible_or_404


def signed_in_user(request: HttpRequest) -> User:
    """The request's staff account; views behind ``login_required`` always have one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def passed_second_factor(user: Any) -> bool:
    """True once django-otp has verified the session's second factor."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


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
