"""The national referral mechanism: services organisations offer, the person's consent to share,
referrals between organisations, in-app notifications, assistance delivered, support plans, and
the recovery and reflection period.

Who sees what is decided in one place per model (its queryset's ``visible_to``) and, for the case
a referral shares, in ``sharing.py``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.cases.codes import Gender, Language
from palermo.cases.fields import CodeListField
from palermo.core.fields import EncryptedTextField
from palermo.core.scoping import ScopedQuerySet
from palermo.referrals.codes import (
    SHARING_STATES,
    DeclineReason,
    ReferralStatus,
    ServiceType,
    ShareGroup,
    SupportType,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


def _organisation_id(user: Any) -> int | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "organisation_id", None)


class ServiceQuerySet(ScopedQuerySet["Service"]):
    def visible_to(self, user: AnyUser) -> ServiceQuerySet:
        """The directory is shared: every signed-in member of the mechanism sees every service
        (it describes organisations, never persons)."""
        if _organisation_id(user) is None:
            return self.none()
        return self.all()

    def editable_by(self, user: AnyUser) -> ServiceQuerySet:
        """Only the offering organisation edits its services."""
        return super().visible_to(user)


class Service(models.Model):
    """A service an organisation offers, as the directory lists it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="services"
    )
    service_type = models.CharField(_("type"), max_length=32, choices=ServiceType.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    region = models.CharField(_("region"), max_length=100)
    capacity_total = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    capacity_free = models.PositiveIntegerField(_("free places"), null=True, blank=True)
    languages = CodeListField(_("languages"), choices=Language.choices)
    eligible_genders = CodeListField(_("for"), choices=Gender.choices)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    eligible_nationalities = models.CharField(
        _("for citizens of"), max_length=500, blank=True,
        help_text=_("ISO 3166 codes separated by commas; empty means anyone."),
    )
    contact = models.TextField(_("contact"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    active = models.BooleanField(_("accepting referrals"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["service_type", "region", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["service_type", "region"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_free__isnull=True) | Q(capacity_total__isnull=True)
                | Q(capacity_free__lte=models.F("capacity_total")),
                name="service_free_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ConsentQuerySet(ScopedQuerySet["Consent"]):
    owner_field = "case__organisation"


class Consent(models.Model):
    """The person's recorded consent to share their case with one organisation: which groups of
    fields, until when. Never edited: it is withdrawn, and a new one recorded."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    recipient = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("shared with"),
    )
    groups = CodeListField(_("what may be shared"), choices=ShareGroup.choices)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("consent to share")
        verbose_name_plural = _("consents to share")

    def __str__(self) -> str:
        return f"consent {self.pk} of case {self.case_id}"

    def holds_on(self, day: datetime.date) -> bool:
        """True while neither withdrawn nor expired."""
        return self.withdrawn_at is None and (self.valid_until is None or self.valid_until >= day)


class ReferralQuerySet(ScopedQuerySet["Referral"]):
    def visible_to(self, user: AnyUser) -> ReferralQuerySet:
        """Referrals the user's organisation sent or received."""
        org = _organisation_id(user)
        if org is None:
            return self.none()
        return self.filter(Q(sender_id=org) | Q(receiver_id=org))

    def sharing(self, today: datetime.date | None = None) -> ReferralQuerySet:
        """Referrals that currently let their receiver see the case: accepted, in progress or
        completed; not past their end date; consent neither withdrawn nor past its own end
        date (or an override)."""
        day = today or timezone.localdate()
        return self.filter(status__in=SHARING_STATES).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        ).filter(Q(consent__isnull=True) | (
            Q(consent__withdrawn_at__isnull=True)
            & (Q(consent__valid_until__isnull=True) | Q(consent__valid_until__gte=day))
        ))


class Referral(models.Model):
    """A case referred by one organisation to another organisation's service."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    sender = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    #: What the receiver sees beyond the summary: the consent's groups, or the override's.
    groups = CodeListField(_("shared"), choices=ShareGroup.choices)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    valid_until = models.DateField(_("shared until"), null=True, blank=True)
    override_reason = EncryptedTextField(_("reason for sending without consent"), blank=True)
    message = EncryptedTextField(_("message to the receiver"), blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = EncryptedTextField(_("explanation"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["receiver", "status"]),
            models.Index(fields=["sender", "status"]),
            models.Index(fields=["case", "status"]),
            # The coordination view's counts by state, age, organisation, reason and service,
            # answered from this index alone (R3's 0003 migration).
            models.Index(fields=["status", "sent_at", "receiver", "decline_reason", "service"],
                         name="referral_coordination"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} of case {self.case_id}"


class ReferralEvent(models.Model):
    """One change of a referral's state: who, when, from what to what."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"referral {self.referral_id}: {self.from_status or '-'} -> {self.to_status}"


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    owner_field = "organisation"


class Notification(models.Model):
    """An in-app notice to an organisation that a referral changed (no personal data: the case
    code and the new state are read through the referral, under its own scoping)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "read_at"])]

    def __str__(self) -> str:
        return f"notification {self.pk}: referral {self.referral_id} {self.status}"


class AssistanceQuerySet(ScopedQuerySet["Assistance"]):
    def visible_to(self, user: AnyUser) -> AssistanceQuerySet:
        """Assistance on the user's organisation's cases, and what the organisation delivered."""
        org = _organisation_id(user)
        if org is None:
            return self.none()
        return self.filter(Q(case__organisation_id=org) | Q(provider_id=org))


class Assistance(models.Model):
    """Help actually delivered to the person of a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assistance")
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("provided by"),
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="assistance"
    )
    service_type = models.CharField(_("type"), max_length=32, choices=ServiceType.choices)
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, null=True,
                                   blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True,
                            help_text=_("For example nights, sessions, hours."))
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AssistanceQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        indexes = [
            models.Index(fields=["case", "delivered_on"]),
            # Cases first assisted in a period (the coordination view).
            models.Index(fields=["delivered_on", "case"], name="assistance_delivered_case"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} on {self.delivered_on} for case {self.case_id}"


class SupportPlanQuerySet(ScopedQuerySet["SupportPlan"]):
    owner_field = "case__organisation"


class SupportPlan(models.Model):
    """A case's support plan (HTCDS ``spl_*``)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE,
                                related_name="support_plan")
    types = CodeListField(_("types of support"), choices=SupportType.choices)
    objectives = EncryptedTextField(_("objectives"), blank=True)
    action_plan = EncryptedTextField(_("action plan"), blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")

    def __str__(self) -> str:
        return f"support plan of case {self.case_id}"


class ReflectionPeriodQuerySet(ScopedQuerySet["ReflectionPeriod"]):
    owner_field = "case__organisation"


class ReflectionPeriod(models.Model):
    """The recovery and reflection period (CoE Convention art. 13, at least 30 days) that starts
    when a person is identified as a presumed victim; closed by a conclusive decision."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="reflection_periods")
    started_on = models.DateField(_("started"))
    ends_on = models.DateField(_("ends"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    objects = ReflectionPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("reflection period")
        verbose_name_plural = _("reflection periods")
        indexes = [models.Index(fields=["closed_on", "ends_on"])]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(closed_on__isnull=True),
                                    name="one_open_reflection_period_per_case"),
        ]

    def __str__(self) -> str:
        return f"reflection period of case {self.case_id} until {self.ends_on}"
