"""Reading the recommendations registry: filters, the latest assessment status a reader may
see, counts, and the history of a cluster across cycles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from palermo.monitoring.models import Assessment, ImplementationStatus, Recommendation, Response

NONE = "none"


def readable(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Recommendation]:
    """The recommendations the user may read (every active member of staff: all)."""
    return cast(QuerySet[Recommendation], Recommendation.objects.visible_to(user))


def readable_all() -> QuerySet[Recommendation]:
    """Every recommendation (for the public page, which shows no organisation's secrets)."""
    return cast(QuerySet[Recommendation], Recommendation.objects.all())


def editable(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Recommendation]:
    """The recommendations the user's organisation owns."""
    return cast(QuerySet[Recommendation], Recommendation.objects.editable_by(user))


@dataclass
class RecommendationFilter:
    """The list's filters; empty values do not filter."""

    mechanism: str = ""
    cycle: int | None = None
    recommending_state: str = ""
    state_under_review: str = ""
    response: str = ""
    theme: str = ""
    sdg: str = ""
    status: str = ""
    text: str = ""
    cluster: str = ""


def visible_assessments(user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[Assessment]:
    """The reader's own organisation's assessments and those others published; for the public
    (``user`` None) only published ones."""
    if user is None:
        return Assessment.objects.filter(published=True)
    return Assessment.objects.visible_to(user)


def with_latest_status(queryset: QuerySet[Recommendation],
                       user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[Recommendation]:
    """Annotate ``latest_status`` and ``latest_assessed_on``: the reader's latest visible
    assessment of each recommendation."""
    latest = visible_assessments(user).filter(recommendation=OuterRef("pk")).order_by(
        "-assessed_on", "-pk")
    return queryset.annotate(latest_status=Subquery(latest.values("status")[:1]),
                             latest_assessed_on=Subquery(latest.values("assessed_on")[:1]))


def _contains_code(field_name: str, code: str) -> Q:
    """A CodeListField holds the code (its ``has`` lookup escapes LIKE wildcards)."""
    return Q(**{f"{field_name}__has": code})


def _contains_country(field_name: str, code: str) -> Q:
    """A multiple CountryField stores ``AM,QA``: match one code exactly."""
    return (Q(**{field_name: code}) | Q(**{f"{field_name}__startswith": f"{code},"})
            | Q(**{f"{field_name}__endswith": f",{code}"})
            | Q(**{f"{field_name}__contains": f",{code},"}))


def _latest(status: str | None) -> dict[str, Any]:
    """A lookup on the ``latest_status`` annotation."""
    if status is None:
        return {"latest_status__isnull": True}
    return {"latest_status": status}


def filter_recommendations(queryset: QuerySet[Recommendation],
                           chosen: RecommendationFilter) -> QuerySet[Recommendation]:
    """Apply the filters to a queryset annotated by ``with_latest_status``."""
    if chosen.mechanism:
        queryset = queryset.filter(mechanism=chosen.mechanism)
    if chosen.cycle is not None:
        queryset = queryset.filter(cycle=chosen.cycle)
    if chosen.recommending_state:
        queryset = queryset.filter(_contains_country("recommending_states",
                                                     chosen.recommending_state))
    if chosen.state_under_review:
        queryset = queryset.filter(state_under_review=chosen.state_under_review)
    if chosen.response:
        value = "" if chosen.response == NONE else chosen.response
        queryset = queryset.filter(response=value)
    if chosen.theme:
        queryset = queryset.filter(_contains_code("themes", chosen.theme))
    if chosen.sdg:
        queryset = queryset.filter(_contains_code("sdg_targets", chosen.sdg))
    if chosen.status == NONE:
        queryset = queryset.filter(**_latest(None))
    elif chosen.status:
        queryset = queryset.filter(**_latest(chosen.status))
    if chosen.cluster:
        queryset = queryset.filter(cluster=chosen.cluster)
    for word in chosen.text.split():
        queryset = queryset.filter(Q(text__icontains=word) | Q(document_symbol__icontains=word)
                                   | Q(paragraph__icontains=word) | Q(body__icontains=word)
                                   | Q(cluster__icontains=word))
    return queryset


def counts(queryset: QuerySet[Recommendation]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts by response and by latest status: lists of (value, label, count)."""
    by_response = dict(queryset.order_by().values_list("response").annotate(n=Count("pk")))
    by_status = dict(queryset.order_by().values_list(*["latest_status"]).annotate(
        n=Count("pk")))
    responses = [(value or NONE, str(label), by_response.get(value, 0))
                 for value, label in Response.choices]
    statuses = [(value, str(label), by_status.get(value, 0))
                for value, label in ImplementationStatus.choices]
    statuses.append((NONE, "", by_status.get(None, 0)))
    return {"responses": responses, "statuses": statuses}


def cluster_history(recommendation: Recommendation,
                    user: AbstractBaseUser | AnonymousUser | None) -> list[Recommendation]:
    """The recommendations in the same cluster (or linked as related), oldest cycle first, each
    with the reader's latest visible status."""
    related_ids = set(recommendation.related.values_list("pk", flat=True))
    query = Q(pk=recommendation.pk) | Q(pk__in=related_ids)
    if recommendation.cluster:
        query |= Q(cluster=recommendation.cluster)
    queryset = with_latest_status(readable_all().filter(query), user)
    members = list(queryset)
    members.sort(key=lambda r: (r.cycle is None, r.cycle or 0,
                                r.adopted_on.isoformat() if r.adopted_on else "", r.pk))
    return members
