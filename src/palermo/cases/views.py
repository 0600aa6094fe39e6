"""What the case registry's views share: who may open them, and how service errors reach a form.

The pages themselves are split by feature: ``case_views`` (list, forms, detail tabs),
``person_views`` (person forms, identity panel), ``child_views`` (editing and deleting events,
perpetrators, notes), ``attachment_views`` (upload, download).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability

View = Callable[..., HttpResponse]


def registry_required(view: View) -> View:
    """Signed in, with a role that works with identities (others: 403 on every registry page)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_capability(request.user, Capability.SEE_IDENTITIES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def can_edit(request: HttpRequest) -> bool:
    return has_capability(request.user, Capability.EDIT_CASES)


def require_edit(request: HttpRequest) -> User:
    """The signed-in editor; 403 for a role that may look but not change."""
    if not can_edit(request):
        raise PermissionDenied
    return signed_in(request)


def signed_in(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # registry_required let in only signed-in staff
        raise PermissionDenied
    return user


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's (model's) validation errors on the form fields they concern."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
