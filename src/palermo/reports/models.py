"""A stakeholder submission, in the structure of the source document: issues, each with the
previous recommendations, the developments, one problem per slide (previous recommendation and
current situation, with figures pulled live from indicators) and our recommendations.

Submissions are drafts of one organisation: nobody else sees them (404)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.core.scoping import ScopedQuerySet
from palermo.monitoring.models import Indicator, Recommendation


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    owner_field = "organisation"


class Language(models.TextChoices):
    EN = "en", _("English")
    RU = "ru", _("Russian")


class Submission(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(
        _("subtitle"), max_length=300, blank=True,
        help_text=_("e.g. Submission for the 4th cycle of the Universal Periodic Review"),
    )
    language = models.CharField(_("language of the documents"), max_length=2,
                                choices=Language.choices, default=Language.EN)
    state_under_review = models.CharField(_("State under review"), max_length=2, blank=True)
    contact = models.TextField(_("contact for the closing slide"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return self.title


class SubmissionIssue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    previous_recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="+", verbose_name=_("previous recommendations")
    )
    developments = models.TextField(
        _("developments since the last review"), blank=True,
        help_text=_("One point per line."),
    )
    our_recommendations = models.TextField(_("our recommendations"), blank=True,
                                           help_text=_("One recommendation per line."))

    class Meta:
        ordering = ["submission", "position", "pk"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    """One slide: a previous recommendation beside the current situation."""

    issue = models.ForeignKey(SubmissionIssue, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    previous_recommendation = models.ForeignKey(
        Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("previous recommendation"),
    )
    current_situation = models.TextField(_("current situation"), blank=True,
                                         help_text=_("One point per line."))

    class Meta:
        ordering = ["issue", "position", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self) -> str:
        return self.title


class Figure(models.Model):
    """A figure cited on a problem's slide, read live from an indicator when the deck is built."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("indicator"))
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    show_chart = models.BooleanField(_("chart the series"), default=True)

    class Meta:
        ordering = ["problem", "position", "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return f"{self.problem} / {self.indicator}"
