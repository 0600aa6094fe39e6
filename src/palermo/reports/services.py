"""Writes to submissions: each in one transaction with its audit row (ids and field names only,
never the text typed)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max, Model

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring.models import Indicator, Recommendation
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue

SUBMISSION_FIELDS = ("title", "subtitle", "language", "state_under_review", "contact")
ISSUE_FIELDS = ("title", "developments", "our_recommendations")
PROBLEM_FIELDS = ("title", "previous_recommendation", "current_situation")


def _type(instance: Model) -> str:
    return f"reports.{type(instance).__name__}"


def _apply(instance: Model, changes: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    changed = []
    for name in allowed:
        if name in changes and getattr(instance, name) != changes[name]:
            setattr(instance, name, changes[name])
            changed.append(name)
    return changed


@transaction.atomic
def create_submission(*, user: User, changes: Mapping[str, Any]) -> Submission:
    submission = Submission(organisation=user.organisation, created_by=user)
    _apply(submission, changes, SUBMISSION_FIELDS)
    submission.save()
    audit.record(actor=user, action=AuditAction.CREATE, object_type=_type(submission),
                 objects=[submission])
    return submission


@transaction.atomic
def update_submission(*, user: User, submission: Submission,
                      changes: Mapping[str, Any]) -> list[str]:
    changed = _apply(submission, changes, SUBMISSION_FIELDS)
    if changed:
        submission.save()
        audit.record(actor=user, action=AuditAction.UPDATE, object_type=_type(submission),
                     objects=[submission], detail={"fields": changed})
    return changed


@transaction.atomic
def delete_submission(*, user: User, submission: Submission) -> None:
    audit.record(actor=user, action=AuditAction.DELETE, object_type=_type(submission),
                 objects=[submission])
    submission.delete()


def _touch(submission: Submission) -> None:
    """A change to an issue, problem or figure is a change to the submission (its list order)."""
    submission.save(update_fields=["updated_at"])


@transaction.atomic
def save_issue(*, user: User, submission: Submission, issue: SubmissionIssue | None,
               changes: Mapping[str, Any],
               previous_recommendations: Iterable[Recommendation]) -> SubmissionIssue:
    """Create (``issue`` None, placed last) or change an issue of ``submission``."""
    creating = issue is None
    if issue is None:
        last = submission.issues.aggregate(last=Max("position"))["last"]
        issue = SubmissionIssue(submission=submission, position=0 if last is None else last + 1)
    changed = _apply(issue, changes, ISSUE_FIELDS)
    issue.save()
    chosen = {r.pk for r in previous_recommendations}
    if chosen != set(issue.previous_recommendations.values_list("pk", flat=True)):
        issue.previous_recommendations.set(chosen)
        changed.append("previous_recommendations")
    if creating or changed:
        audit.record(actor=user, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                     object_type=_type(issue), objects=[issue],
                     detail={"submission": submission.pk, "fields": changed})
        _touch(submission)
    return issue


@transaction.atomic
def save_problem(*, user: User, issue: SubmissionIssue, problem: Problem | None,
                 changes: Mapping[str, Any]) -> Problem:
    """Create (``problem`` None, placed last) or change a problem of ``issue``."""
    creating = problem is None
    if problem is None:
        last = issue.problems.aggregate(last=Max("position"))["last"]
        problem = Problem(issue=issue, position=0 if last is None else last + 1)
    changed = _apply(problem, changes, PROBLEM_FIELDS)
    if creating or changed:
        problem.save()
        audit.record(actor=user, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                     object_type=_type(problem), objects=[problem],
                     detail={"submission": issue.submission_id, "fields": changed})
        _touch(issue.submission)
    return problem


@transaction.atomic
def add_figure(*, user: User, problem: Problem, indicator: Indicator, caption: str,
               show_chart: bool) -> Figure:
    last = problem.figures.aggregate(last=Max("position"))["last"]
    figure = Figure.objects.create(problem=problem, indicator=indicator, caption=caption,
                                   show_chart=show_chart,
                                   position=0 if last is None else last + 1)
    audit.record(actor=user, action=AuditAction.CREATE, object_type=_type(figure),
                 objects=[figure],
                 detail={"submission": problem.issue.submission_id, "indicator": indicator.pk})
    _touch(problem.issue.submission)
    return figure


@transaction.atomic
def remove(*, user: User, item: SubmissionIssue | Problem | Figure,
           submission: Submission) -> None:
    """Remove an issue (with its problems), a problem (with its figures) or a figure."""
    audit.record(actor=user, action=AuditAction.DELETE, object_type=_type(item), objects=[item],
                 detail={"submission": submission.pk})
    item.delete()
    _touch(submission)


@transaction.atomic
def move(*, user: User, item: SubmissionIssue | Problem, siblings: Iterable[Any],
         submission: Submission, step: int) -> bool:
    """Move an issue or problem one place up (``step`` -1) or down (+1) among its siblings;
    False when it is already first or last. Positions are renumbered 0, 1, 2…"""
    ordered = list(siblings)
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, sibling in enumerate(ordered):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    audit.record(actor=user, action=AuditAction.UPDATE, object_type=_type(item), objects=[item],
                 detail={"submission": submission.pk, "fields": ["position"]})
    _touch(submission)
    return True


def record_download(*, user: User, submission: Submission, file_format: str) -> None:
    audit.record(actor=user, action=AuditAction.EXPORT, object_type=_type(submission),
                 objects=[submission], detail={"format": file_format})
