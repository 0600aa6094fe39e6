"""What the state promised and what it did: recommendations from UN mechanisms and their
assessments, the national action plan, indicators (time series used as evidence) and trainings
for officials.

Recommendations, indicators, the action plan and trainings are not about persons: every signed-in
member of staff may read them (``visible_to``), and only the owning organisation edits them.
Assessments carry internal notes: an organisation sees its own, plus those others published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.models import Organisation
from palermo.cases.fields import CodeListField
from palermo.core.fields import EncryptedTextField
from palermo.core.scoping import ScopedQuerySet
from palermo.monitoring import vocabularies as vocab

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class StaffReadableQuerySet(ScopedQuerySet[models.Model]):
    """Rows every active, signed-in member of staff may read (public-interest data)."""

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if getattr(user, "organisation_id", None) is None:
            return self.none()
        return self.all()

    def editable_by(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        """The rows the user's organisation owns (the only ones it may change)."""
        return ScopedQuerySet.visible_to(self, user)


class Mechanism(models.TextChoices):
    UPR = "upr", _("Universal Periodic Review")
    TREATY_BODY = "treaty_body", _("Treaty body")
    SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")


class Response(models.TextChoices):
    """The position of the State under review (IMPACT OSS support levels; UPR Info's two)."""

    SUPPORTED = "supported", _("Supported")
    PARTIALLY_SUPPORTED = "partially_supported", _("Partially supported")
    NOTED = "noted", _("Noted")
    NONE = "", _("No response yet")


class Recommendation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("entered by"),
    )
    mechanism = models.CharField(_("mechanism"), max_length=20, choices=Mechanism.choices)
    body = models.CharField(
        _("body"), max_length=80, blank=True,
        help_text=_("For treaty bodies and special procedures, e.g. CEDAW or the Special "
                    "Rapporteur on trafficking."),
    )
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), null=True, blank=True)
    session = models.CharField(_("session"), max_length=40, blank=True)
    document_symbol = models.CharField(
        _("document symbol"), max_length=60, blank=True, help_text=_("e.g. A/HRC/39/13")
    )
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True,
                                 help_text=_("e.g. 147.12"))
    text = models.TextField(_("text"))
    recommending_states = CountryField(_("recommending states"), multiple=True, blank=True)
    state_under_review = CountryField(_("State under review"))
    response = models.CharField(_("response"), max_length=20, choices=Response.choices,
                                blank=True)
    response_source = models.CharField(
        _("source of the response"), max_length=120, blank=True,
        help_text=_("e.g. A/HRC/39/13/Add.1 para. 4"),
    )
    themes = CodeListField(_("themes"), choices=vocab.Theme.choices)
    affected_persons = CodeListField(_("affected persons"), choices=vocab.AffectedPersons.choices)
    sdg_targets = CodeListField(_("SDG targets"), choices=vocab.SDG_TARGET_CHOICES)
    action_category = models.PositiveSmallIntegerField(
        _("action category"), null=True, blank=True, choices=vocab.ActionCategory.choices
    )
    external_id = models.CharField(
        _("external identifier"), max_length=80, blank=True,
        help_text=_("UHRI annotation id or UPR Info id, for re-importing."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related recommendations"))
    cluster = models.CharField(
        _("cluster"), max_length=120, blank=True,
        help_text=_("A label grouping similar recommendations across cycles and mechanisms."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffReadableQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle", "document_symbol", "paragraph", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        reference = " ".join(part for part in (self.document_symbol, self.paragraph) if part)
        return reference or f"#{self.pk}"


class Indicator(models.Model):
    """A named time series with a unit and a source, e.g. convictions per year.

    ``live_key`` names a series computed from palermo's own data (see ``monitoring.live``);
    such an indicator's values are read from the registry, not typed in.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, blank=True,
                            # xgettext:no-python-format
                            help_text=_("e.g. persons, rank, % or euros per month"))
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), blank=True)
    live_key = models.CharField(_("computed from"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StaffReadableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"), help_text=_("The day (or the end of the period) measured."))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    low = models.DecimalField(_("lower bound"), max_digits=18, decimal_places=4, null=True,
                              blank=True)
    high = models.DecimalField(_("upper bound"), max_digits=18, decimal_places=4, null=True,
                               blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True,
        help_text=_("Where this value comes from, if not the series' source."),
    )
    source_url = models.URLField(_("source link"), blank=True)
    verified = models.BooleanField(_("verified in the primary source"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_value_per_date"),
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator} {self.date}: {self.value}"


class ImplementationStatus(models.TextChoices):
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    PARTIALLY = "partially", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    REGRESSED = "regressed", _("Regressed")


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> AssessmentQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        organisation_id = getattr(user, "organisation_id", None)
        if organisation_id is None:
            return self.none()
        return self.filter(models.Q(organisation_id=organisation_id) | models.Q(published=True))


class Assessment(models.Model):
    """One organisation's judgement, on a date, of how far a recommendation is implemented."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="assessments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ImplementationStatus.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    evidence = models.TextField(_("evidence"))
    sources = models.TextField(_("sources"), blank=True,
                               help_text=_("One source per line: a title, a link or both."))
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="assessments",
                                        verbose_name=_("indicators cited"))
    internal_note = EncryptedTextField(_("internal note"), blank=True)
    published = models.BooleanField(
        _("published"), default=False,
        help_text=_("Published assessments are shown to other organisations and, where the "
                    "deployment enables it, on the public page. Internal notes never are."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.recommendation} {self.assessed_on}: {self.get_status_display()}"


class ActionPlan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    adopted_by = models.CharField(_("adopted by"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StaffReadableQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("national action plan")
        verbose_name_plural = _("national action plans")

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["plan", "number", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_agencies = models.CharField(_("responsible agencies"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True,
                                help_text=_("ISO 4217, e.g. RUB or EUR"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="actions",
                                             verbose_name=_("recommendations answered"))

    class Meta:
        ordering = ["objective", "number", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ActionTarget(models.Model):
    """An indicator an action is measured by, with its baseline and target."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True,
                                   blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True,
                                 blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "indicator"],
                                    name="one_target_per_indicator"),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.action} / {self.indicator}"


class ProgressReport(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_reports")
    reported_on = models.DateField(_("reported on"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    text = models.TextField(_("progress"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.action} {self.reported_on}"


class Course(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True,
                                blank=True)

    objects = StaffReadableQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Agency(models.TextChoices):
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Prosecutor's office")
    JUDICIARY = "judiciary", _("Judiciary")
    MIGRATION = "migration", _("Migration service")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    PRISON_SERVICE = "prison_service", _("Prison service")
    MILITARY = "military", _("Military and military prosecutors")
    BORDER = "border", _("Border service")
    SOCIAL = "social", _("Social services")
    HEALTH = "health", _("Health services")
    CONSULAR = "consular", _("Consular service")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class TrainingSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    region = models.CharField(_("region"), max_length=200, blank=True)
    audience_agency = models.CharField(_("audience agency"), max_length=30,
                                       choices=Agency.choices)
    trainers = models.CharField(_("trainers"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.course} {self.held_on}"


class Attendee(models.Model):
    """An official who attended a session: the name is encrypted, the rest is statistics."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="attendees")
    name = EncryptedTextField(_("name"), blank=True)
    agency = models.CharField(_("agency"), max_length=30, choices=Agency.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    pre_score = models.DecimalField(_("pre-test score (%)"), max_digits=5, decimal_places=1,
                                    null=True, blank=True)
    post_score = models.DecimalField(_("post-test score (%)"), max_digits=5, decimal_places=1,
                                     null=True, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return f"{self.session} #{self.pk}"
