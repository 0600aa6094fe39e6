"""Linkage runs over the organisations' lists and what they found, as ids only: which person
records took part (by ``Person`` id), the candidate pairs with their probability and per-field
agreement levels, the coordinator's review decisions and the clusters. Never a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from palermo.accounts.roles import Capability, Role, has_capability
from palermo.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class Mode(models.TextChoices):
    CONSENTED = "consented", _("Names in clear, only persons whose consent covers linkage")
    ENCODED = "encoded", _("Encoded lists: every person, names only as keyed Bloom filters")


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting for the task worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Decision(models.TextChoices):
    UNDECIDED = "", _("Not reviewed")
    ACCEPTED = "accepted", _("Same person")
    REJECTED = "rejected", _("Different persons")


def modes_for(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The modes a user may run and see: coordinators both, analysts encoded lists only
    (DESIGN.md, capabilities), everyone else none."""
    if not has_capability(user, Capability.RUN_LINKAGE):  # type: ignore[arg-type]
        return []
    if getattr(user, "role", "") == Role.COORDINATOR:
        return [Mode.CONSENTED, Mode.ENCODED]
    return [Mode.ENCODED]


class LinkageRunQuerySet(ScopedQuerySet["LinkageRun"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> LinkageRunQuerySet:
        """Runs of the user's organisation in the modes the user's role may see."""
        modes = modes_for(user)
        if not modes:
            return self.none()
        return super().visible_to(user).filter(mode__in=modes)


class LinkageRun(models.Model):
    """One linkage over one list per organisation: persons on cases opened in a period."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="linkage_runs",
        verbose_name=_("organisation"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("started by"),
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    basis = models.CharField(_("who is on the lists"), max_length=16)
    start = models.DateField(_("period from"))
    end = models.DateField(_("period to"))
    threshold = models.FloatField(_("match threshold"))
    review_low = models.FloatField(_("review from"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    #: Why a run failed, in words without personal data (the engine's error class and message).
    error = models.CharField(max_length=300, blank=True)
    lists = models.JSONField(_("lists"), default=list, help_text="organisation names")
    records = models.PositiveIntegerField(_("records"), default=0)
    left_out = models.PositiveIntegerField(
        _("left out (no consent)"), default=0,
        help_text="persons on the lists whose consent does not cover linkage (consented mode)")
    pairs = models.PositiveIntegerField(_("candidate pairs"), default=0)
    uncertain = models.PositiveIntegerField(_("pairs to review"), default=0)
    clusters = models.PositiveIntegerField(_("persons after linkage"), default=0)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = LinkageRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"linkage run {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("linkage:run_detail", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)


class LinkedRecord(models.Model):
    """One person's record in a run: its list (organisation) and its cluster. ``person_id`` is a
    plain id so that merging or deleting a person leaves past runs as they were computed."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="linked_records")
    person_id = models.PositiveBigIntegerField()
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    cluster = models.PositiveIntegerField(_("cluster"))
    match_probability = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["run", "cluster", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person_id"], name="linked_record_unique"),
        ]

    def __str__(self) -> str:
        return f"record {self.person_id} of run {self.run_id}"


class CandidatePair(models.Model):
    """Two records the engine compared with a probability at or above the review band's floor;
    ``agreement`` holds per-field levels (words like "agree", never values)."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="candidate_pairs")
    left = models.ForeignKey(LinkedRecord, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(LinkedRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    uncertain = models.BooleanField(_("to review"), default=False)
    agreement = models.JSONField(default=dict)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices,
                                blank=True, default=Decision.UNDECIDED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="candidate_pair_unique"),
        ]
        indexes = [models.Index(fields=["run", "uncertain", "decision"])]

    def __str__(self) -> str:
        return f"pair {self.pk} of run {self.run_id}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("To look at")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same person")


class DuplicateQuerySet(ScopedQuerySet["DuplicateSuggestion"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> DuplicateQuerySet:
        """The organisation's own suggestions, for roles that edit its cases."""
        if not has_capability(user, Capability.EDIT_CASES):  # type: ignore[arg-type]
            return self.none()
        return super().visible_to(user)


class DuplicateSuggestion(models.Model):
    """Two persons of one organisation a linkage run found likely to be the same person, offered
    to that organisation's caseworkers to merge or dismiss (once per pair of persons)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    first_id = models.PositiveBigIntegerField()
    second_id = models.PositiveBigIntegerField()
    probability = models.FloatField(_("match probability"))
    run = models.ForeignKey(LinkageRun, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = DuplicateQuerySet.as_manager()

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first_id", "second_id"],
                                    name="duplicate_suggestion_unique"),
            models.CheckConstraint(condition=models.Q(first_id__lt=models.F("second_id")),
                                   name="duplicate_suggestion_ordered"),
        ]

    def __str__(self) -> str:
        return f"possible duplicate {self.pk}"
