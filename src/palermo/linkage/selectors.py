"""Reads of the linkage pages, always scoped to the user: runs, the pairs under review as the
reviewer may see them (codes and statistics fields, never names), the identity mapping the
estimates take, and an organisation's suggested duplicates."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django_stubs_ext import StrOrPromise

from palermo.cases.models import Person
from palermo.estimates.lists import PersonIdentity
from palermo.linkage import labels
from palermo.linkage.models import (
    CandidatePair,
    Decision,
    DuplicateSuggestion,
    LinkageRun,
    LinkedRecord,
    Status,
    SuggestionStatus,
)

#: What a reviewer sees of a record of another organisation: DESIGN.md lets linkage return record
#: ids; the code, birth year, gender and citizenship are the case summary every referral shares.
REVIEW_FIELDS = ("id", "code", "birth_year", "gender", "citizenships", "organisation__name")


def runs_for(user: Any) -> QuerySet[LinkageRun]:
    return LinkageRun.objects.visible_to(user).select_related("started_by")


def finished_runs(user: Any) -> QuerySet[LinkageRun]:
    return runs_for(user).filter(status=Status.DONE)


@dataclass(frozen=True)
class Side:
    code: str
    organisation: str
    birth_year: int | None
    gender: str
    citizenships: list[str]


@dataclass(frozen=True)
class ReviewRow:
    pair: CandidatePair
    left: Side | None
    right: Side | None

    @property
    def levels(self) -> list[tuple[StrOrPromise, StrOrPromise, str]]:
        return labels.levels(self.pair.agreement)


def _sides(person_ids: Iterable[int]) -> dict[int, Side]:
    # The one read of other organisations' persons: only the fields in REVIEW_FIELDS.
    persons = (Person.objects.filter(pk__in=set(person_ids)).select_related("organisation")
               .only(*REVIEW_FIELDS))
    return {p.pk: Side(code=p.code, organisation=p.organisation.name, birth_year=p.birth_year,
                       gender=p.gender, citizenships=[c.code for c in p.citizenships])
            for p in persons}


def pairs_to_review(run: LinkageRun, *, show: str = "") -> QuerySet[CandidatePair]:
    """The run's pairs most probable first: ``""`` those of the review band not decided yet,
    ``"all"`` every pair of the band, ``"matched"`` those at or above the threshold (which join
    unless rejected)."""
    pairs = CandidatePair.objects.filter(run=run).select_related("left", "right")
    if show == "matched":
        pairs = pairs.filter(uncertain=False, probability__gte=run.threshold)
    else:
        pairs = pairs.filter(uncertain=True)
        if show != "all":
            pairs = pairs.filter(decision=Decision.UNDECIDED)
    return pairs.order_by("-probability", "id")


def review_rows(pairs: Iterable[CandidatePair]) -> list[ReviewRow]:
    """What the reviewer sees of each pair (``pairs`` with their records selected)."""
    items = list(pairs)
    sides = _sides([p.left.person_id for p in items] + [p.right.person_id for p in items])
    return [ReviewRow(pair=p, left=sides.get(p.left.person_id), right=sides.get(p.right.person_id))
            for p in items]


def next_undecided(run: LinkageRun) -> CandidatePair | None:
    return (CandidatePair.objects.filter(run=run, uncertain=True, decision=Decision.UNDECIDED)
            .order_by("-probability", "id").first())


def identity_of(run: LinkageRun) -> PersonIdentity:
    """The ``PersonIdentity`` of a finished run for ``estimates.lists.build_table``: persons in
    one cluster are one person; persons the run did not read stay their own."""
    clusters = dict(LinkedRecord.objects.filter(run=run).values_list("person_id", "cluster"))

    def identity(person_ids: Iterable[int]) -> Mapping[int, Hashable]:
        return {pk: ("cluster", clusters[pk]) if pk in clusters else ("person", pk)
                for pk in person_ids}

    return identity


def cluster_sizes(run: LinkageRun) -> dict[int, int]:
    """How many clusters hold 1, 2, 3… records."""
    sizes: dict[int, int] = {}
    for cluster in LinkedRecord.objects.filter(run=run).values_list("cluster", flat=True):
        sizes[cluster] = sizes.get(cluster, 0) + 1
    histogram: dict[int, int] = {}
    for size in sizes.values():
        histogram[size] = histogram.get(size, 0) + 1
    return dict(sorted(histogram.items()))


def open_duplicates(user: Any) -> list[tuple[DuplicateSuggestion, Person, Person]]:
    """The organisation's open suggestions whose two persons both still exist."""
    suggestions = list(DuplicateSuggestion.objects.visible_to(user)
                       .filter(status=SuggestionStatus.OPEN))
    ids = {s.first_id for s in suggestions} | {s.second_id for s in suggestions}
    persons = Person.objects.owned_by(user).prefetch_related("cases").in_bulk(ids)
    return [(s, persons[s.first_id], persons[s.second_id]) for s in suggestions
            if s.first_id in persons and s.second_id in persons]
