"""Background jobs of the statistics: rebuilding the summary of a large registry."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_statistics() -> int:
    """Rebuild the statistics summary; returns the number of cases it counted."""
    from palermo.analytics import summary

    return summary.refresh().cases
