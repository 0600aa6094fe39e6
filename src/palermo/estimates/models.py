"""Saved population estimates: the capture-history counts they were computed from (never a
person id), the options, the engine's result, who and when; citable as indicators."""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.accounts.roles import Capability, has_capability
from palermo.core.scoping import ScopedQuerySet


class Indicator(NamedTuple):
    """What a report or the monitoring pages cite: a named figure with its interval."""

    name: str
    value: float | None
    ci: tuple[float, float] | None
    date: datetime.date
    source: str


class Source(models.TextChoices):
    REGISTRY = "registry", _("Lists built from the registry")
    UPLOAD = "upload", _("Uploaded table")


class SavedEstimateQuerySet(ScopedQuerySet["SavedEstimate"]):
    owner_field = "organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> SavedEstimateQuerySet:
        """The organisation's own estimates, for the roles that run estimates; none otherwise."""
        if not has_capability(user, Capability.RUN_LINKAGE):  # type: ignore[arg-type]
            return self.none()
        return super().visible_to(user)


class SavedEstimate(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="estimates",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    #: How the lists were made (grouping, period, basis) for registry lists; {} for uploads.
    built_from = models.JSONField(default=dict)
    lists = models.JSONField(help_text="list names, in the order of the history bits")
    #: [[0/1 per list], count] for every observed history: counts only, never person ids.
    histories = models.JSONField()
    options = models.JSONField(help_text="method, threshold, max_order, ci, bootstrap, seed")
    result = models.JSONField(help_text="the engine's result (the palermo estimate contract)")
    #: Rows of the sensitivity table (every method and option, profile intervals).
    sensitivity = models.JSONField(default=list)
    engine_version = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = SavedEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved estimate")
        verbose_name_plural = _("saved estimates")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("estimates:detail", kwargs={"pk": self.pk})

    @property
    def estimate(self) -> float | None:
        value: Any = self.result.get("estimate")
        return None if value is None else float(value)

    @property
    def ci(self) -> tuple[float, float] | None:
        ci: Any = self.result.get("ci")
        return None if not ci else (float(ci[0]), float(ci[1]))

    def as_indicator(self) -> Indicator:
        """The estimate as an indicator: its title, the total estimated, the interval, the day
        it was saved, and its stable address (``/estimates/<id>/``) as the source."""
        return Indicator(
            name=self.title,
            value=self.estimate,
            ci=self.ci,
            date=self.created_at.date(),
            source=self.get_absolute_url(),
        )
