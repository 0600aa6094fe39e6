"""Training pages under /training/: the scenarios, answering one, the review of an attempt, the
official's own attempts, and training statistics for the roles that see all aggregates.

Open to every signed-in account: scenarios are anonymised composites, not case data."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases.views import add_service_errors
from palermo.screening import training
from palermo.screening.forms import TrainingForm

View = Callable[..., HttpResponse]


def training_required(view: View) -> View:
    """Signed in with a palermo account (any role)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not isinstance(request.user, User):
            raise PermissionDenied
        return view(request, request.user, *args, **kwargs)

    return wrapper


def _can_see_statistics(user: User) -> bool:
    return has_capability(user, Capability.SEE_ALL_AGGREGATES)


@training_required
def scenario_list(request: HttpRequest, user: User) -> HttpResponse:
    scenarios = [
        {"scenario": s, "title": training.scenario_title(s),
         "narrative": training.scenario_narrative(s)}
        for s in training.scenarios_for(user)
    ]
    return render(request, "screening/training/scenario_list.html", {
        "scenarios": scenarios, "can_see_statistics": _can_see_statistics(user),
    })


@training_required
def scenario_attempt(request: HttpRequest, user: User, slug: str) -> HttpResponse:
    scenario = training.get_scenario(slug)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = training.record_attempt(
                user=user, scenario=scenario, answers=form.answers(),
                identification=form.cleaned_data["identification"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("training:attempt_detail", pk=attempt.pk)
    return render(request, "screening/training/scenario_form.html", {
        "form": form, "scenario": scenario, "title": training.scenario_title(scenario),
        "narrative": training.scenario_narrative(scenario),
    }, status=400 if form.errors else 200)


@training_required
def attempt_detail(request: HttpRequest, user: User, pk: int) -> HttpResponse:
    attempt = training.get_attempt(user, pk)
    return render(request, "screening/training/attempt_detail.html", {
        "review": training.review(attempt), "attempt": attempt,
        "title": training.scenario_title(attempt.scenario),
        "narrative": training.scenario_narrative(attempt.scenario),
        "max_score": training.SCORE_IDENTIFICATION + training.SCORE_FRAMEWORKS,
    })


@training_required
def my_training(request: HttpRequest, user: User) -> HttpResponse:
    attempts = [{"attempt": a, "title": training.scenario_title(a.scenario)}
                for a in training.attempts_of(user)]
    return render(request, "screening/training/my_training.html", {"attempts": attempts})


@training_required
def statistics(request: HttpRequest, user: User) -> HttpResponse:
    if not _can_see_statistics(user):
        raise PermissionDenied
    return render(request, "screening/training/statistics.html", training.statistics())
