"""Changes to accounts: each is one transaction with its audit row inside it."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from palermo.accounts.models import (
    Organisation,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    recovery_code_hash,
)
from palermo.accounts.roles import Capability, Role, has_capability
from palermo.core import audit
from palermo.core.models import AuditAction

RECOVERY_CODE_COUNT = 10
USER = "accounts.User"


def _require_admin_of(admin: User, user: User | None = None) -> None:
    if not has_capability(admin, Capability.MANAGE_USERS):
        raise PermissionDenied
    if user is not None and user.organisation_id != admin.organisation_id:
        raise PermissionDenied


@transaction.atomic
def create_organisation(
    *, actor: Any, name: str, org_type: str, country: str, region: str = ""
) -> Organisation:
    organisation = Organisation(
        name=name, org_type=org_type, country=country.upper(), region=region
    )
    organisation.full_clean()
    organisation.save()
    audit.record(actor=actor, action=AuditAction.CREATE, object_type="accounts.Organisation",
                 objects=[organisation])
    return organisation


@transaction.atomic
def create_user(
    *,
    actor: Any,
    organisation: Organisation,
    username: str,
    role: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create an account in ``organisation``. Org admins may only create in their own."""
    if getattr(actor, "is_authenticated", False) and not actor.is_superuser:
        _require_admin_of(actor)
        if organisation.pk != actor.organisation_id:
            raise PermissionDenied
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(actor=actor, action=AuditAction.CREATE, object_type=USER, objects=[user],
                 detail={"role": role, "organisation": organisation.pk})
    return user


@transaction.atomic
def update_user(
    *,
    admin: User,
    user: User,
    role: str,
    is_active: bool,
    first_name: str,
    last_name: str,
    email: str,
) -> User:
    """Change an account of the admin's organisation; disabling it ends its sessions at once."""
    _require_admin_of(admin, user)
    if user.pk == admin.pk and (not is_active or role != Role.ORG_ADMIN):
        raise ValidationError(
            _("You cannot disable your own account or remove your own admin role.")
        )
    changed = [
        name
        for name, value in [("role", role), ("is_active", is_active), ("first_name", first_name),
                            ("last_name", last_name), ("email", email)]
        if getattr(user, name) != value
    ]
    if not changed:
        return user
    ending_sessions = user.is_active and not is_active
    user.role, user.is_active = role, is_active
    user.first_name, user.last_name, user.email = first_name, last_name, email
    if ending_sessions:
        user.session_epoch += 1
        changed.append("session_epoch")
    user.full_clean()
    user.save(update_fields=changed)
    audit.record(actor=admin, action=AuditAction.UPDATE, object_type=USER, objects=[user],
                 detail={"fields": sorted(set(changed) - {"session_epoch"})})
    return user


@transaction.atomic
def set_user_password(*, admin: User, user: User, password: str) -> None:
    """An org admin sets a new password (for a forgotten one); the user's sessions end."""
    _require_admin_of(admin, user)
    validate_password(password, user)
    user.set_password(password)
    user.session_epoch += 1
    user.save(update_fields=["password", "session_epoch"])
    audit.record(actor=admin, action=AuditAction.UPDATE, object_type=USER, objects=[user],
                 detail={"fields": ["password"]})


@transaction.atomic
def change_own_password(*, user: User, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action=AuditAction.UPDATE, object_type=USER, objects=[user],
                 detail={"fields": ["password"]})


@transaction.atomic
def reset_two_factor(*, admin: User, user: User) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone); they enrol again."""
    _require_admin_of(admin, user)
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    audit.record(actor=admin, action=AuditAction.UPDATE, object_type=USER, objects=[user],
                 detail={"fields": ["two_factor"]})


@transaction.atomic
def logout_everywhere(*, user: User) -> None:
    """End every session of the user, on every device (this one included)."""
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    audit.record(actor=user, action=AuditAction.LOGOUT, object_type=USER, objects=[user],
                 detail={"everywhere": True})


def record_login(*, user: User) -> None:
    audit.record(actor=user, action=AuditAction.LOGIN, object_type=USER, objects=[user])


def record_logout(*, user: User) -> None:
    audit.record(actor=user, action=AuditAction.LOGOUT, object_type=USER, objects=[user])


def record_failed_login(*, username: str, reason: str) -> None:
    """A failed sign-in. The typed username is kept only when it names a real account."""
    user = User.objects.filter(username=username).first()
    audit.record(actor=None, action=AuditAction.FAILED_LOGIN, object_type=USER,
                 objects=[user] if user else [], detail={"reason": reason})


# --- Two-factor enrolment --------------------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator; any earlier unconfirmed one is discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device if ``token`` is right; returns new recovery codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(actor=user, action=AuditAction.UPDATE, object_type=USER, objects=[user],
                 detail={"fields": ["two_factor"]})
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record(actor=user, action=AuditAction.UPDATE, object_type=USER, objects=[user],
                 detail={"fields": ["recovery_codes"]})
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(device=device, code_hash=recovery_code_hash(c)) for c in codes]
    )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def normalise_token(token: str) -> str:
    """What the user typed, as stored: no spaces or hyphens, lower case."""
    return token.replace("-", "").replace(" ", "").strip().lower()
