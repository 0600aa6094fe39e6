"""What the API's routers share: the acting user, partial updates, error responses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.api.errors import ErrorOut

ERRORS: dict[int, Any] = {code: ErrorOut for code in (401, 403, 404, 422)}
def acting_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)  # noqa: S101 - both auth classes return a User or refuse
    return user


def writable_values(
    payload: dict[str, Any], empty: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The fields the caller sent, with null turned into the stored empty value."""
    values, errors = {}, {}
    for name, value in payload.items():
        if value is None:
            if name not in empty:
                errors[name] = [_("This field cannot be empty.")]
                continue
            value = empty[name]
        values[name] = value
    return values, errors


def codes_of(values: Any) -> list[str]:
    return [str(v) for v in values or []]


