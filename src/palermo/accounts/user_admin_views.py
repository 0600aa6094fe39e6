"""An org admin manages the accounts of their own organisation (and nobody else's: 404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts import services
from palermo.accounts.forms import EditUserForm, NewUserForm, SetPasswordForm
from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.accounts.selectors import (
    get_user_visible_to,
    signed_in_user,
    two_factor_status,
    users_visible_to,
)
from palermo.core import audit
from palermo.core.models import AuditAction

View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_capability(request.user, Capability.MANAGE_USERS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = list(users_visible_to(request.user).order_by("username"))
    audit.record(actor=request.user, action=AuditAction.VIEW, object_type="accounts.User",
                 objects=users)
    status = two_factor_status(users)
    rows = [(u, status[u.pk]) for u in users]
    return render(request, "accounts/user_list.html", {"rows": rows})


@admin_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        admin = signed_in_user(request)
        if admin.organisation is None:
            raise PermissionDenied
        try:
            user = services.create_user(
                actor=admin,
                organisation=admin.organisation,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            _add_errors(form, exc, default_field="password")
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@admin_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_visible_to(request.user, pk)
    form = EditUserForm(request.POST or None, initial=_initial(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(admin=signed_in_user(request), user=user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc, default_field=None)
        else:
            messages.success(request, _("Account %(name)s saved.") % {"name": user.username})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "subject": user, "password_form": SetPasswordForm(), "creating": False},
    )


@admin_required
@require_POST
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_visible_to(request.user, pk)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.set_user_password(
                admin=signed_in_user(request), user=user, password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            _add_errors(form, exc, default_field="password")
        else:
            messages.success(request, _("New password set for %(name)s.") % {"name": user.username})
            return redirect("accounts:user_edit", pk=user.pk)
    edit_form = EditUserForm(initial=_initial(user))
    return render(
        request,
        "accounts/user_form.html",
        {"form": edit_form, "subject": user, "password_form": form, "creating": False},
        status=400,
    )


@admin_required
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_user_visible_to(request.user, pk)
    services.reset_two_factor(admin=signed_in_user(request), user=user)
    messages.success(
        request,
        _("Two-factor authentication was reset for %(name)s: they will set it up again "
          "at their next sign-in.") % {"name": user.username},
    )
    return redirect("accounts:user_edit", pk=user.pk)


def _initial(user: User) -> dict[str, Any]:
    return {f: getattr(user, f) for f in ["first_name", "last_name", "email", "role", "is_active"]}


def _add_errors(form: Any, exc: ValidationError, default_field: str | None) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, exc)
