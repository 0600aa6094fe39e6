"""Every write of the linkage pages: starting a run, deciding a pair under review, merging or
dismissing a suggested duplicate. Keyword-only, one transaction each, with its audit row
(ids, counts and decisions only)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from palermo.accounts.models import User
from palermo.cases.models import Case, Person
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.linkage import runs
from palermo.linkage.models import (
    CandidatePair,
    Decision,
    DuplicateSuggestion,
    LinkageRun,
    Status,
    SuggestionStatus,
    modes_for,
)


class MergeError(ValueError):
    """A merge that cannot be done (the suggestion was handled, a person is gone)."""


@transaction.atomic
def start_run(*, user: User, mode: str, basis: str, start: datetime.date, end: datetime.date,
              threshold: float, review_low: float) -> LinkageRun:
    """Queue a linkage run for the task worker; 403 for a mode the user's role may not run."""
    if mode not in modes_for(user) or user.organisation_id is None:
        raise PermissionDenied
    run = LinkageRun.objects.create(
        organisation_id=user.organisation_id, started_by=user, mode=mode, basis=basis,
        start=start, end=end, threshold=threshold, review_low=review_low,
    )
    audit.record(actor=user, action=AuditAction.CREATE, object_type="linkage.LinkageRun",
                 objects=[run], detail={"mode": mode, "basis": basis, "start": start.isoformat(),
                                        "end": end.isoformat(), "threshold": threshold,
                                        "review_low": review_low})
    from palermo.linkage.tasks import run_linkage

    transaction.on_commit(lambda: run_linkage.enqueue(run.pk))
    return run


@transaction.atomic
def decide(*, user: User, pair: CandidatePair, decision: str) -> int:
    """Record a reviewer's decision on a pair and re-cluster the run; returns the number of
    clusters. ``decision`` is ``Decision.ACCEPTED``, ``REJECTED`` or ``UNDECIDED`` (undo)."""
    if decision not in Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    run = LinkageRun.objects.select_for_update().get(pk=pair.run_id)
    if run.status != Status.DONE:
        raise PermissionDenied
    pair.decision = decision
    pair.decided_by = user if decision else None
    pair.decided_at = timezone.now() if decision else None
    pair.save(update_fields=["decision", "decided_by", "decided_at"])
    clusters = runs.recluster(run)
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="linkage.CandidatePair",
                 objects=[pair], detail={"run": run.pk, "decision": decision or "undone",
                                         "clusters": clusters})
    return clusters


def _move_links(*, keep: Person, duplicate: Person) -> list[str]:
    """Point every record of the duplicate at the kept person; returns the relations moved."""
    moved: list[str] = []
    through = Case.persons.through
    cases = set(through.objects.filter(person=duplicate).values_list("case_id", flat=True))
    if cases:
        already = set(through.objects.filter(person=keep, case_id__in=cases)
                      .values_list("case_id", flat=True))
        through.objects.bulk_create([through(case_id=case, person=keep)
                                     for case in sorted(cases - already)])
        through.objects.filter(person=duplicate).delete()
        moved.append("cases")
    # Every foreign key to Person, those without a reverse accessor (related_name="+") too.
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.one_to_many) or (
                relation.name == "search_tokens"):
            continue
        model: type[Model] = relation.related_model  # type: ignore[assignment]
        field = relation.field.name  # type: ignore[union-attr]
        if model._base_manager.filter(**{field: duplicate}).update(**{field: keep}):
            moved.append(f"{model._meta.label}.{field}")
    return moved


@transaction.atomic
def merge(*, user: User, suggestion: DuplicateSuggestion, keep_id: int) -> Person:
    """Merge a suggested pair: the duplicate's cases and other records move to the kept person,
    whose identity fields stay as they are, and the duplicate is deleted. Both persons must be
    the user's organisation's (404 otherwise, through the caller's scoped fetch)."""
    from palermo.cases.selectors import get_owned_person
    from palermo.cases.services import refresh_search_tokens

    suggestion = DuplicateSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.OPEN:
        raise MergeError("handled")
    pair = {suggestion.first_id, suggestion.second_id}
    if keep_id not in pair:
        raise MergeError("keep")
    (duplicate_id,) = pair - {keep_id}
    keep = get_owned_person(user, keep_id)
    duplicate = get_owned_person(user, duplicate_id)
    if keep.organisation_id != suggestion.organisation_id:
        raise PermissionDenied
    moved = _move_links(keep=keep, duplicate=duplicate)
    duplicate.delete()
    refresh_search_tokens(keep)
    suggestion.status = SuggestionStatus.MERGED
    suggestion.handled_by = user
    suggestion.handled_at = timezone.now()
    suggestion.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Person",
                 objects=[keep], detail={"merged": duplicate_id, "moved": moved,
                                         "suggestion": suggestion.pk})
    audit.record(actor=user, action=AuditAction.DELETE, object_type="cases.Person",
                 objects=[duplicate_id], detail={"merged_into": keep.pk})
    return keep


@transaction.atomic
def dismiss(*, user: User, suggestion: DuplicateSuggestion) -> None:
    """Mark a suggested pair as two different persons; later runs do not offer it again."""
    suggestion = DuplicateSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.OPEN:
        raise MergeError("handled")
    suggestion.status = SuggestionStatus.DISMISSED
    suggestion.handled_by = user
    suggestion.handled_at = timezone.now()
    suggestion.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record(actor=user, action=AuditAction.UPDATE,
                 object_type="linkage.DuplicateSuggestion", objects=[suggestion],
                 detail={"status": SuggestionStatus.DISMISSED})
