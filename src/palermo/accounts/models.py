"""Organisations and the people who work for them (one organisation, one role per account)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from palermo.accounts.roles import Role
from palermo.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class OrganisationType(models.TextChoices):
    """HTCDS ``org_Type`` codes plus the bodies the national mechanism needs."""

    NGO = "NGO", _("Non-governmental organisation")
    LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
    HEALTH_SERVICE = "HealthServiceOrganisation", _("Health service")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government")
    IMMIGRATION_SERVICE = "ImmigrationService", _("Immigration service")
    LEGAL_SERVICE = "LegalService", _("Legal service")
    CORPORATE_BUSINESS = "CorporateBusiness", _("Business")
    SCHOOL_OR_COLLEGE = "SchoolOrCollege", _("School or college")
    COORDINATION_BODY = "CoordinationBody", _("National coordination body")
    SHELTER = "Shelter", _("Shelter")
    LABOUR_INSPECTORATE = "LabourInspectorate", _("Labour inspectorate")
    PROSECUTOR = "Prosecutor", _("Prosecutor's office")
    COURT = "Court", _("Court")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    org_type = models.CharField(_("type"), max_length=40, choices=OrganisationType.choices)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code, e.g. RU.")
    )
    region = models.CharField(_("region"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class UserQuerySet(ScopedQuerySet["User"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> UserQuerySet:
        """Accounts a user may see: their own, and for an org admin their organisation's."""
        if not isinstance(user, User) or not user.is_active:
            return self.none()
        if user.role == Role.ORG_ADMIN and user.organisation_id is not None:
            return self.filter(organisation_id=user.organisation_id)
        return self.filter(pk=user.pk)


class PalermoUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> UserQuerySet:
        return self.get_queryset().visible_to(user)


# django-otp ships no type stubs, so the plugin cannot see the reverse manager from its devices.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A staff account. Superusers exist only for operators; everyone else has an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # Bumped to sign the user out everywhere: every session's auth hash depends on it.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = PalermoUserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=True)
                | (models.Q(organisation__isnull=False) & ~models.Q(role="")),
                name="user_has_organisation_and_role",
            )
        ]

    def __str__(self) -> str:
        return self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        return salted_hmac(
            "palermo.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


def recovery_code_hash(code: str) -> str:
    """Recovery codes are kept only as keyed hashes: a copy of the database cannot use them."""
    normalised = code.replace("-", "").replace(" ", "").strip().lower()
    return salted_hmac("palermo.recovery-code", normalised, algorithm="sha256").hexdigest()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A django-otp device holding single-use recovery codes (for a lost phone)."""

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(code_hash=recovery_code_hash(token)).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"recovery code of device {self.device_id}"
