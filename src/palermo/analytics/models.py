"""The statistics summary: counts per organisation, region, year and category, rebuilt from the
registry by ``summary.refresh`` so that the dashboards read thousands of rows, not millions.

Nothing here identifies anyone: a row says "organisation 3, region Moscow, 2025, sex Female:
41". Small counts are stored as they are; disclosure control applies when they are shown.
"""

from __future__ import annotations

from django.db import models


class Summary(models.Model):
    """The one row (pk 1) saying when the summary was last rebuilt, and whether a rebuild is
    waiting in the task queue. Rebuilds lock it, so two never interleave."""

    refreshed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    cases = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"statistics summary of {self.refreshed_at}"


class SummaryCount(models.Model):
    """How many records of one kind (cases by type, victims by sex, decisions, …) fall in one
    category, for one organisation, region (of exploitation) and year."""

    kind = models.CharField(max_length=20)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    region = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # The dashboards' one query: a kind's rows, optionally of one organisation or region,
            # summed by category and year, from the index alone.
            models.Index(fields=["kind", "organisation", "region", "year", "category", "count"],
                         name="summary_count_reading"),
            models.Index(fields=["kind", "region", "organisation", "year", "category", "count"],
                         name="summary_count_by_region"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.category}: {self.count}"
