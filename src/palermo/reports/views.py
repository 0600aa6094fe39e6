"""The report builder (``/reports/``): submissions, their issues, problems and figures, the
preview and the downloads. For the roles with ``EDIT_MONITORING`` (others 403); a submission is
its organisation's draft (another organisation's is 404, checked before the role)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.reports import content, deck, markdown, pdf, selectors, services
from palermo.reports.forms import FigureForm, IssueForm, ProblemForm, SubmissionForm
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue

View = Callable[..., HttpResponse]
FORMATS = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}


def _editor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not has_capability(user, Capability.EDIT_MONITORING):
        raise PermissionDenied
    return user


def builder_required(view: View) -> View:
    """Signed in with a role that edits monitoring data (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _editor(request)
        return view(request, *args, **kwargs)

    return wrapper


def submission_required(view: View) -> View:
    """The submission ``pk`` of the user's organisation (else 404), then the role (else 403);
    the view gets the user and the submission."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        submission = selectors.submission_for(request.user, pk)
        user = _editor(request)
        return view(request, user, submission, *args, **kwargs)

    return wrapper


@builder_required
def submission_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/list.html",
                  {"submissions": selectors.submissions_for(request.user)})


@builder_required
def submission_create(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submission = services.create_submission(user=user, changes=form.cleaned_data)
        messages.success(request, _("Submission created. Add its issues."))
        return redirect("reports:submission", pk=submission.pk)
    return render(request, "reports/submission_form.html", {"form": form})


@submission_required
def submission_edit(request: HttpRequest, user: User, submission: Submission) -> HttpResponse:
    form = SubmissionForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.SUBMISSION_FIELDS}
        if services.update_submission(user=user, submission=submission, changes=changes):
            messages.success(request, _("Submission saved."))
        return redirect("reports:submission", pk=submission.pk)
    if request.method == "POST":
        submission.refresh_from_db()
    issues = submission.issues.prefetch_related("problems", "previous_recommendations")
    return render(request, "reports/submission.html",
                  {"submission": submission, "form": form, "issues": issues})


@require_POST
@submission_required
def submission_delete(request: HttpRequest, user: User, submission: Submission) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the submission should be "
                                  "deleted."))
        return redirect("reports:submission", pk=submission.pk)
    services.delete_submission(user=user, submission=submission)
    messages.success(request, _("Submission deleted."))
    return redirect("reports:list")


def _issue_page(request: HttpRequest, user: User, submission: Submission,
                issue: SubmissionIssue | None) -> HttpResponse:
    form = IssueForm(request.POST or None, instance=issue, user=user)
    filtering = request.POST.get("action") == "filter"
    if request.method == "POST" and not filtering and form.is_valid():
        saved = services.save_issue(
            user=user, submission=submission, issue=issue,
            changes={name: form.cleaned_data[name] for name in services.ISSUE_FIELDS},
            previous_recommendations=form.cleaned_data["previous_recommendations"])
        messages.success(request, _("Issue saved."))
        return redirect("reports:issue", pk=submission.pk, issue_pk=saved.pk)
    if filtering:
        form.errors.clear()
    if issue is not None:
        issue.refresh_from_db()
    return render(request, "reports/issue.html",
                  {"submission": submission, "issue": issue, "form": form,
                   "problems": issue.problems.prefetch_related("figures") if issue else []})


@submission_required
def issue_create(request: HttpRequest, user: User, submission: Submission) -> HttpResponse:
    return _issue_page(request, user, submission, None)


@submission_required
def issue_edit(request: HttpRequest, user: User, submission: Submission,
               issue_pk: int) -> HttpResponse:
    issue = get_object_or_404(SubmissionIssue, pk=issue_pk, submission=submission)
    return _issue_page(request, user, submission, issue)


def _step(request: HttpRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


@require_POST
@submission_required
def issue_move(request: HttpRequest, user: User, submission: Submission,
               issue_pk: int) -> HttpResponse:
    issue = get_object_or_404(SubmissionIssue, pk=issue_pk, submission=submission)
    services.move(user=user, item=issue, siblings=submission.issues.all(),
                  submission=submission, step=_step(request))
    return redirect("reports:submission", pk=submission.pk)


@require_POST
@submission_required
def issue_delete(request: HttpRequest, user: User, submission: Submission,
                 issue_pk: int) -> HttpResponse:
    issue = get_object_or_404(SubmissionIssue, pk=issue_pk, submission=submission)
    services.remove(user=user, item=issue, submission=submission)
    messages.success(request, _("Issue removed."))
    return redirect("reports:submission", pk=submission.pk)


def _problem_page(request: HttpRequest, user: User, submission: Submission,
                  issue: SubmissionIssue, problem: Problem | None) -> HttpResponse:
    form = ProblemForm(request.POST or None, instance=problem, user=user)
    if request.method == "POST" and form.is_valid():
        saved = services.save_problem(
            user=user, issue=issue, problem=problem,
            changes={name: form.cleaned_data[name] for name in services.PROBLEM_FIELDS})
        messages.success(request, _("Problem saved."))
        return redirect("reports:problem", pk=submission.pk, problem_pk=saved.pk)
    if problem is not None:
        problem.refresh_from_db()
    figures = (problem.figures.select_related("indicator") if problem is not None else [])
    return render(request, "reports/problem.html", {
        "submission": submission, "issue": issue, "problem": problem, "form": form,
        "figures": [(f, content.figure_content(f)) for f in figures],
        "figure_form": FigureForm(user=user, prefix="figure") if problem is not None else None,
    })


@submission_required
def problem_create(request: HttpRequest, user: User, submission: Submission,
                   issue_pk: int) -> HttpResponse:
    issue = get_object_or_404(SubmissionIssue, pk=issue_pk, submission=submission)
    return _problem_page(request, user, submission, issue, None)


def _problem(submission: Submission, problem_pk: int) -> Problem:
    return get_object_or_404(Problem.objects.select_related("issue"), pk=problem_pk,
                             issue__submission=submission)


@submission_required
def problem_edit(request: HttpRequest, user: User, submission: Submission,
                 problem_pk: int) -> HttpResponse:
    problem = _problem(submission, problem_pk)
    return _problem_page(request, user, submission, problem.issue, problem)


@require_POST
@submission_required
def problem_move(request: HttpRequest, user: User, submission: Submission,
                 problem_pk: int) -> HttpResponse:
    problem = _problem(submission, problem_pk)
    services.move(user=user, item=problem, siblings=problem.issue.problems.all(),
                  submission=submission, step=_step(request))
    return redirect("reports:issue", pk=submission.pk, issue_pk=problem.issue_id)


@require_POST
@submission_required
def problem_delete(request: HttpRequest, user: User, submission: Submission,
                   problem_pk: int) -> HttpResponse:
    problem = _problem(submission, problem_pk)
    services.remove(user=user, item=problem, submission=submission)
    messages.success(request, _("Problem removed."))
    return redirect("reports:issue", pk=submission.pk, issue_pk=problem.issue_id)


@require_POST
@submission_required
def figure_add(request: HttpRequest, user: User, submission: Submission,
               problem_pk: int) -> HttpResponse:
    problem = _problem(submission, problem_pk)
    form = FigureForm(request.POST, user=user, prefix="figure")
    if form.is_valid():
        services.add_figure(user=user, problem=problem, indicator=form.cleaned_data["indicator"],
                            caption=form.cleaned_data["caption"],
                            show_chart=form.cleaned_data["show_chart"])
        messages.success(request, _("Figure added."))
        return redirect("reports:problem", pk=submission.pk, problem_pk=problem.pk)
    figures = problem.figures.select_related("indicator")
    return render(request, "reports/problem.html", {
        "submission": submission, "issue": problem.issue, "problem": problem,
        "form": ProblemForm(instance=problem, user=user),
        "figures": [(f, content.figure_content(f)) for f in figures], "figure_form": form,
    }, status=400)


@require_POST
@submission_required
def figure_delete(request: HttpRequest, user: User, submission: Submission,
                  figure_pk: int) -> HttpResponse:
    figure = get_object_or_404(Figure, pk=figure_pk, problem__issue__submission=submission)
    services.remove(user=user, item=figure, submission=submission)
    messages.success(request, _("Figure removed."))
    return redirect("reports:problem", pk=submission.pk, problem_pk=figure.problem_id)


@submission_required
def preview(request: HttpRequest, user: User, submission: Submission) -> HttpResponse:
    document = content.build(submission)
    return render(request, "reports/preview.html", {
        "submission": submission, "document": document, "charts": pdf.charts(document),
    })


@submission_required
def download(request: HttpRequest, user: User, submission: Submission,
             file_format: str) -> HttpResponse:
    document = content.build(submission)
    body: bytes
    if file_format == "pptx":
        body = deck.build(document)
    elif file_format == "pdf":
        body = pdf.build(document)
    else:
        body = markdown.build(document).encode("utf-8")
    services.record_download(user=user, submission=submission, file_format=file_format)
    response = HttpResponse(body, content_type=FORMATS[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="{document.filename}.{file_format}"')
    return response
