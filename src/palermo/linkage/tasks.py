"""Background jobs of record linkage: a run started from the linkage page."""

from __future__ import annotations

from django_tasks import task


@task()
def run_linkage(run_id: int) -> int:
    """Execute a queued linkage run; returns its number of clusters (0 when it failed)."""
    from palermo.linkage import runs
    from palermo.linkage.models import LinkageRun

    runs.execute(run_id)
    return LinkageRun.objects.get(pk=run_id).clusters
