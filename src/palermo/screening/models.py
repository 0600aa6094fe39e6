"""Screenings of a case, identification decisions, and the training scenarios and attempts.

Answers, derived facts, the engine's result and a decision's reasons are encrypted; only a small
summary (which frameworks the facts qualify under, the gap codes) stays in clear for aggregates.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.codes import DecidingOrganisation, TraffickingStatus
from palermo.core.fields import EncryptedJSONField, EncryptedTextField
from palermo.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def _may_see_cases(user: AbstractBaseUser | AnonymousUser) -> bool:
    return has_capability(user, Capability.SEE_IDENTITIES)  # type: ignore[arg-type]


class ScreeningQuerySet(ScopedQuerySet["Screening"]):
    owner_field = "case__organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ScreeningQuerySet:
        """Screenings of the cases the user may see (scoped through the case, as cases are)."""
        if not _may_see_cases(user):
            return self.none()
        return super().visible_to(user)


class DecisionQuerySet(ScopedQuerySet["IdentificationDecision"]):
    owner_field = "case__organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> DecisionQuerySet:
        """Decisions on the cases the user may see."""
        if not _may_see_cases(user):
            return self.none()
        return super().visible_to(user)


class Screening(models.Model):
    """One filled questionnaire on a case, with the facts derived from it and the legal result."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="screenings")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    questionnaire_version = models.CharField(_("questionnaire version"), max_length=80)
    answers = EncryptedJSONField(_("answers"), default=dict)
    facts = EncryptedJSONField(_("derived facts"), default=dict)
    result = EncryptedJSONField(_("legal result"), default=dict)
    delphi = EncryptedJSONField(_("Delphi result"), default=dict)
    # In clear, not identifying: for registry-wide counts.
    result_summary = models.JSONField(_("result summary"), default=dict)
    gap_codes = models.JSONField(_("gap codes"), default=list)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"screening {self.pk} of {self.case_id}"


def decision_hash(*, case_id: int, decision: str, deciding_org: str, reasons: str,
                  user_id: int, signed_at: datetime.datetime) -> str:
    """SHA-256 of the canonical JSON of what was signed (keys sorted, UTC time, UTF-8)."""
    content = {
        "case": case_id, "decision": decision, "deciding_org": deciding_org,
        "reasons": reasons, "user": user_id,
        "signed_at": signed_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdentificationDecision(models.Model):
    """A signed decision on a case's trafficking status. Never changed: a new one supersedes it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name=_("screening"),
    )
    decision = models.CharField(_("decision"), max_length=32, choices=TraffickingStatus.choices)
    deciding_org = models.CharField(
        _("deciding organisation"), max_length=40, choices=DecidingOrganisation.choices
    )
    reasons = EncryptedTextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("identification decision")
        verbose_name_plural = _("identification decisions")

    def __str__(self) -> str:
        return f"decision {self.pk} on {self.case_id}"

    def computed_hash(self) -> str:
        return decision_hash(case_id=self.case_id, decision=self.decision,
                             deciding_org=self.deciding_org, reasons=self.reasons,
                             user_id=self.decided_by_id, signed_at=self.signed_at)

    @property
    def hash_matches(self) -> bool:
        """False when the stored content no longer matches what was signed."""
        return self.content_hash == self.computed_hash()


class TrainingScenario(models.Model):
    """An anonymised case for training, with the model answers and the expected identification."""

    slug = models.SlugField(unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    narrative_en = models.TextField(_("narrative (English)"))
    narrative_ru = models.TextField(_("narrative (Russian)"))
    model_answers = models.JSONField(_("model answers"), default=dict)
    expected_identification = models.CharField(
        _("expected identification"), max_length=32, choices=TraffickingStatus.choices
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("training scenario")
        verbose_name_plural = _("training scenarios")

    def __str__(self) -> str:
        return self.slug


class TrainingAttemptQuerySet(ScopedQuerySet["TrainingAttempt"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> TrainingAttemptQuerySet:
        """The user's own attempts: an attempt is private to the official who made it
        (statistics count attempts, they never show one)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user_id=user.pk)


class TrainingAttempt(models.Model):
    """One official's answers to a scenario, the facts they give, their identification, a score."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_attempts"
    )
    scenario = models.ForeignKey(
        TrainingScenario, on_delete=models.PROTECT, related_name="attempts"
    )
    answers = models.JSONField(_("answers"), default=dict)
    facts = models.JSONField(_("derived facts"), default=dict)
    identification = models.CharField(
        _("identification"), max_length=32, choices=TraffickingStatus.choices
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("training attempt")
        verbose_name_plural = _("training attempts")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100),
                                   name="training_attempt_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} by {self.user_id}"


class SigningFailure(models.Model):
    """A wrong password given to sign an identification decision: counted to refuse signing for
    a while after too many (in the database, so every server process sees the same count)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    failed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"signing failure of {self.user_id}"
