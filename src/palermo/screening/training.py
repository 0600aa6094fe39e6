"""Training mode: an official answers a scenario's questionnaire and identifies the person; this
module scores the attempt against the scenario's model answers, builds the comparison shown
afterwards, records attempts, and counts them for training statistics (counts only).

Score (0-100): 40 points when the identification is the scenario's expected one, plus 60 points
split equally over the legal frameworks, one share for each framework whose answer (qualifies /
does not qualify / undetermined) from the official's answers equals the answer from the model
answers; the framework part is rounded to a whole number.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from palermo import law
from palermo.accounts.models import User
from palermo.cases.codes import TraffickingStatus
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.core.scoping import get_visible_or_404
from palermo.screening import presentation
from palermo.screening.derive import derive_facts
from palermo.screening.forms import ANSWER_CHOICES, language
from palermo.screening.models import TrainingAttempt, TrainingScenario
from palermo.screening.questionnaire import UNKNOWN, AnswersError, clean_answers, load

SCORE_IDENTIFICATION = 40
SCORE_FRAMEWORKS = 60

Summary = Mapping[str, bool | None]
ANSWER_LABELS: dict[Any, StrOrPromise] = dict(ANSWER_CHOICES)


# --- Scoring ---------------------------------------------------------------------------------


def score(*, identification: str, expected: str, mine: Summary, model: Summary) -> int:
    """The score of an attempt (module docstring): ``mine`` and ``model`` map each framework id
    to its ``qualifies`` (True, False or None) from the official's and the model answers."""
    points = SCORE_IDENTIFICATION if identification == expected else 0
    if model:
        matching = sum(1 for fid, value in model.items()
                       if fid in mine and mine[fid] is value)
        points += round(SCORE_FRAMEWORKS * matching / len(model))
    return points


def outcome(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's result on checked answers."""
    return law.qualify(derive_facts(answers))


def summary(result: Mapping[str, Any]) -> dict[str, bool | None]:
    return {fid: fw["qualifies"] for fid, fw in result["frameworks"].items()}


def _signature(result: Mapping[str, Any]) -> tuple[Any, ...]:
    """What counts as "the legal result" when asking whether one answer changed it: each
    framework's answer and the status of each of its elements."""
    return tuple((fid, fw["qualifies"], tuple(sorted(fw["elements"].items())))
                 for fid, fw in sorted(result["frameworks"].items()))


# --- Recording an attempt --------------------------------------------------------------------


@transaction.atomic
def record_attempt(*, user: User, scenario: TrainingScenario, answers: Mapping[str, Any],
                   identification: str) -> TrainingAttempt:
    """Score and store one attempt, audited by id. Raises ValidationError for answers that do
    not fit the questionnaire or an identification that is not one of the three (nothing is
    written then)."""
    errors: dict[str, list[str]] = {}
    try:
        checked = clean_answers(answers)
    except AnswersError as exc:
        errors["answers"] = exc.errors
    if identification not in TraffickingStatus.values:
        errors["identification"] = [_("Choose your identification.")]
    if errors:
        raise ValidationError(errors)
    facts = derive_facts(checked)
    attempt = TrainingAttempt(
        user=user, scenario=scenario, answers=checked, facts=facts,
        identification=identification,
        score=score(identification=identification,
                    expected=scenario.expected_identification,
                    mine=summary(law.qualify(facts)),
                    model=summary(outcome(scenario.model_answers))),
    )
    attempt.full_clean(exclude=["answers", "facts"])  # checked above; empty is valid here
    attempt.save()
    audit.record(actor=user, action=AuditAction.CREATE, object_type="screening.TrainingAttempt",
                 objects=[attempt], detail={"scenario": scenario.pk})
    return attempt


# --- Reads -----------------------------------------------------------------------------------


def scenario_title(scenario: TrainingScenario) -> str:
    return scenario.title_ru if language() == "ru" else scenario.title_en


def scenario_narrative(scenario: TrainingScenario) -> str:
    return scenario.narrative_ru if language() == "ru" else scenario.narrative_en


def scenarios_for(user: User) -> QuerySet[TrainingScenario]:
    """Every scenario, with the user's best score and number of attempts (``best``, ``tries``)."""
    mine = Q(attempts__user=user)
    return TrainingScenario.objects.annotate(
        best=Max("attempts__score", filter=mine), tries=Count("attempts", filter=mine),
    ).order_by("pk")


def get_scenario(slug: str) -> TrainingScenario:
    return get_object_or_404(TrainingScenario, slug=slug)


def attempts_of(user: User) -> QuerySet[TrainingAttempt]:
    """The user's own attempts, newest first."""
    return TrainingAttempt.objects.visible_to(user).select_related("scenario")


def get_attempt(user: User, pk: int) -> TrainingAttempt:
    """One of the user's own attempts; 404 for anyone else's."""
    return get_visible_or_404(TrainingAttempt.objects.select_related("scenario"), user, pk=pk)


# --- The comparison shown after an attempt ---------------------------------------------------


@dataclass
class ElementRow:
    label: StrOrPromise
    mine: StrOrPromise
    mine_tone: str
    model: StrOrPromise
    model_tone: str
    differs: bool


@dataclass
class FrameworkComparison:
    id: str
    title: str
    mine: presentation.FrameworkRow
    model: presentation.FrameworkRow
    elements: list[ElementRow]

    @property
    def matches(self) -> bool:
        return self.mine.qualifies is self.model.qualifies


@dataclass
class AnswerDifference:
    part: str
    question: str
    mine: StrOrPromise
    model: StrOrPromise
    #: Changing only this answer to the model answer changes the legal result.
    changed_result: bool


@dataclass
class Review:
    attempt: TrainingAttempt
    identification_correct: bool
    expected_label: StrOrPromise
    frameworks: list[FrameworkComparison]
    differences: list[AnswerDifference]
    gaps: list[dict[str, Any]]

    @property
    def frameworks_matching(self) -> int:
        return sum(1 for row in self.frameworks if row.matches)

    @property
    def changed_result(self) -> list[AnswerDifference]:
        return [d for d in self.differences if d.changed_result]


def _element_rows(mine: Mapping[str, str], model: Mapping[str, str]) -> list[ElementRow]:
    order = list(presentation.ELEMENT_LABELS)
    names = sorted(set(model) | set(mine),
                   key=lambda name: order.index(name) if name in order else len(order))
    rows = []
    for name in names:
        a, b = mine.get(name, UNKNOWN), model.get(name, UNKNOWN)
        rows.append(ElementRow(
            label=presentation.ELEMENT_LABELS.get(name, name),
            mine=presentation.STATUS_LABELS.get(a, a), mine_tone=presentation.TONE.get(a, "warn"),
            model=presentation.STATUS_LABELS.get(b, b),
            model_tone=presentation.TONE.get(b, "warn"), differs=a != b,
        ))
    return rows


def _answer_label(value: Any) -> StrOrPromise:
    return ANSWER_LABELS.get(value, str(value))


def _differences(mine: Mapping[str, Any], model: Mapping[str, Any],
                 mine_result: Mapping[str, Any]) -> list[AnswerDifference]:
    """Every question answered differently (unknown counts as an answer), those whose model
    answer alone would change the legal result first, in questionnaire order within each."""
    questionnaire = load()
    lang = language()
    baseline = _signature(mine_result)
    rows = []
    for question in questionnaire.questions.values():
        a, b = mine.get(question.id, UNKNOWN), model.get(question.id, UNKNOWN)
        if a == b:
            continue
        changed = dict(mine)
        if b == UNKNOWN:
            changed.pop(question.id, None)
        else:
            changed[question.id] = b
        rows.append(AnswerDifference(
            part=questionnaire.titles[question.part][lang], question=question.text[lang],
            mine=_answer_label(a), model=_answer_label(b),
            changed_result=_signature(outcome(changed)) != baseline,
        ))
    return sorted(rows, key=lambda row: not row.changed_result)


def review(attempt: TrainingAttempt) -> Review:
    """What the official is shown after an attempt: both results side by side, per framework and
    element, the identification against the expected one, and the answers that differ. Results
    are recomputed with the current engine; the stored score is the one given at the time."""
    scenario = attempt.scenario
    mine_result = law.qualify(attempt.facts)
    model_result = outcome(scenario.model_answers)
    mine_rows = {row.id: row for row in presentation.frameworks(mine_result)}
    frameworks = []
    for model_row in presentation.frameworks(model_result):
        mine_row = mine_rows[model_row.id]
        frameworks.append(FrameworkComparison(
            id=model_row.id, title=model_row.title, mine=mine_row, model=model_row,
            elements=_element_rows(mine_result["frameworks"][model_row.id]["elements"],
                                   model_result["frameworks"][model_row.id]["elements"]),
        ))
    return Review(
        attempt=attempt,
        identification_correct=attempt.identification == scenario.expected_identification,
        expected_label=scenario.get_expected_identification_display(),
        frameworks=frameworks,
        differences=_differences(attempt.answers, scenario.model_answers, mine_result),
        gaps=presentation.gaps(model_result),
    )


# --- Statistics (counts only) ----------------------------------------------------------------


def _counts(rows: Any) -> Any:
    return rows.annotate(attempts=Count("id"), users=Count("user", distinct=True),
                         average=Avg("score"))


def officials_trained(*, since: datetime.datetime | None = None,
                      until: datetime.datetime | None = None) -> int:
    """How many accounts made at least one training attempt (in ``[since, until)`` if given)."""
    attempts = TrainingAttempt.objects.all()
    if since is not None:
        attempts = attempts.filter(created_at__gte=since)
    if until is not None:
        attempts = attempts.filter(created_at__lt=until)
    return attempts.values("user").distinct().count()


def statistics() -> dict[str, Any]:
    """Attempts, accounts trained and average score: in total, per scenario, per organisation
    and per month. Never answers or identifications."""
    attempts = TrainingAttempt.objects.all()
    total = attempts.aggregate(attempts=Count("id"), users=Count("user", distinct=True),
                               average=Avg("score"))
    by_scenario = TrainingScenario.objects.annotate(
        attempt_count=Count("attempts"), users=Count("attempts__user", distinct=True),
        average=Avg("attempts__score"),
    ).order_by("pk")
    by_organisation = _counts(
        attempts.order_by().values("user__organisation_id", "user__organisation__name")
    ).order_by("user__organisation__name")
    by_month = _counts(
        attempts.order_by().annotate(month=TruncMonth("created_at")).values("month")
    ).order_by("-month")
    return {
        "total": total,
        "by_scenario": [{"label": scenario_title(s), "attempts": s.attempt_count,
                         "users": s.users, "average": s.average} for s in by_scenario],
        "by_organisation": [{"label": row["user__organisation__name"] or "—", **_figures(row)}
                            for row in by_organisation],
        "by_month": [{"label": row["month"].strftime("%Y-%m"), **_figures(row)}
                     for row in by_month],
    }


def _figures(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"attempts": row["attempts"], "users": row["users"], "average": row["average"]}
