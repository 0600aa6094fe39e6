"""Complaints from the public channel, their messages and files, the facilities registry, and the
short-lived rate-limit windows.

Nothing here holds an address, a user agent or a time of day of a public submission: a
complaint keeps the day it arrived, its answers and its receipt code's keyed HMAC. Free text and
names are encrypted at rest; the coded answers statistics need (category, hours, pay, recruiter
type) are in clear.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.complaints.codes import (
    Answer,
    Author,
    Category,
    FacilityType,
    PersonStatus,
    RecruiterType,
    Reporter,
    Status,
    Urgency,
)
from palermo.core.fields import EncryptedTextField
from palermo.core.scoping import ScopedQuerySet


class Facility(models.Model):
    """A penal colony or another place complaints name. Not personal data: shared by everyone."""

    name = models.CharField(_("name"), max_length=200)
    facility_type = models.CharField(_("type"), max_length=32, choices=FacilityType.choices)
    region = models.CharField(_("region"), max_length=100)
    operator = models.CharField(
        _("operator"), max_length=200, blank=True,
        help_text=_("Who runs it, e.g. the Federal Penitentiary Service (FSIN)."),
    )
    companies = models.TextField(
        _("companies using the labour"), blank=True,
        help_text=_("Private companies known to use the labour of the people held there."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="facility_name_region_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})"


class ComplaintQuerySet(ScopedQuerySet["Complaint"]):
    owner_field = "organisation"


class Complaint(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="complaints",
        help_text=_("The organisation that received it."),
    )
    receipt_mac = models.CharField(max_length=64, unique=True, editable=False)
    received_on = models.DateField(_("received on"))
    language = models.CharField(_("language"), max_length=8)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    reporter = models.CharField(_("who reports"), max_length=16, choices=Reporter.choices)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints",
        verbose_name=_("facility"),
    )
    facility_other = EncryptedTextField(_("place not in the list"), blank=True)
    region = models.CharField(
        _("region"), max_length=100, blank=True,
        help_text=_("Set during triage when no facility from the registry is named."),
    )
    text = EncryptedTextField(_("what happened"), blank=True)
    # Prison labour
    hours_per_day = models.PositiveSmallIntegerField(
        _("hours per day"), null=True, blank=True, validators=[MaxValueValidator(24)]
    )
    days_per_week = models.PositiveSmallIntegerField(
        _("days per week"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    monthly_pay = models.DecimalField(
        _("pay per month (roubles)"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    deductions = EncryptedTextField(_("deductions from pay"), blank=True)
    penalised_for_refusing = models.CharField(
        _("penalties for refusing to work"), max_length=8, choices=Answer.choices, blank=True
    )
    punished_for_complaining = models.CharField(
        _("punishment for complaints"), max_length=8, choices=Answer.choices, blank=True
    )
    private_company = models.CharField(
        _("work for a private company"), max_length=8, choices=Answer.choices, blank=True
    )
    company_name = EncryptedTextField(_("company"), blank=True)
    # Military recruitment
    recruiter_type = models.CharField(
        _("who recruited"), max_length=20, choices=RecruiterType.choices, blank=True
    )
    person_status = models.CharField(
        _("the person is"), max_length=16, choices=PersonStatus.choices, blank=True
    )
    promises = EncryptedTextField(_("promises made"), blank=True)
    threats = EncryptedTextField(_("threats made"), blank=True)
    # Triage
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("assigned to"),
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True,
        related_name="complaints", verbose_name=_("case"),
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["organisation", "status", "category"]),
            models.Index(fields=["category", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"R-{self.pk}"


class Message(models.Model):
    """A reply from the organisation, or information the complainant added with the receipt code."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=Author.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    text = EncryptedTextField(_("message"))
    written_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}/{self.pk}"


class Attachment(models.Model):
    """A file sent with a complaint, encrypted at rest in ``PALERMO_ATTACHMENTS_DIR``."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    uid = models.UUIDField(unique=True, editable=False)
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.uid)


class RateWindow(models.Model):
    """One window of the rate limits: its random nonce is deleted with it once the window ends,
    and with it every way to tell which address a count belonged to."""

    starts_at = models.BigIntegerField(unique=True)
    nonce = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return str(self.starts_at)


class RateCount(models.Model):
    window = models.ForeignKey(RateWindow, on_delete=models.CASCADE, related_name="counts")
    scope = models.CharField(max_length=16)
    bucket = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["window", "scope", "bucket"], name="rate_count_bucket_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.count}"
