"""Executing a linkage run: reading the persons on the lists, handing them to the engine (through
``runner``) and storing what it found. Names are decrypted here only, inside the run, and never
leave it: what is stored is person ids, probabilities, agreement levels and cluster numbers.

In the consented mode only persons whose consent covers linkage (``ShareGroup.LINKAGE`` given to
the coordinating organisation, still holding) are read, in clear. In the encoded mode every
person on the lists is turned into keyed Bloom filters first and the engine links those alone.
The key is derived from ``PALERMO_INDEX_KEY`` (``runner.bloom_key``): the server encodes every
organisation's list with the same key, so encodings compare across lists, and no user ever sees
a key or an encoding.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from palermo.cases.codes import Gender
from palermo.cases.models import Case, Person
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.estimates.lists import Grouping, ListSpec, memberships
from palermo.linkage import runner
from palermo.linkage.core.records import PairKey, Record, pair_key
from palermo.linkage.models import (
    CandidatePair,
    Decision,
    DuplicateSuggestion,
    LinkageRun,
    LinkedRecord,
    Mode,
    Status,
    SuggestionStatus,
)
from palermo.referrals.codes import ShareGroup
from palermo.referrals.models import Consent

logger = logging.getLogger(__name__)

SEXES: dict[str, str] = {Gender.MASCULINE: "M", Gender.FEMININE: "F"}


def spec_of(run: LinkageRun) -> ListSpec:
    return ListSpec(Grouping.ORGANISATION, run.basis, run.start, run.end)


def consenting(person_ids: Iterable[int], organisation_id: int,
               day: datetime.date) -> set[int]:
    """Those of ``person_ids`` on a case with a holding consent to linkage by the organisation."""
    ids = list(person_ids)
    holding = Consent.objects.filter(
        recipient_id=organisation_id, groups__has=ShareGroup.LINKAGE, withdrawn_at__isnull=True,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    through = Case.persons.through
    return set(through.objects.filter(
        person_id__in=ids, case_id__in=holding.values("case_id"),
    ).values_list("person_id", flat=True))


def _record(person: Person, list_name: str) -> Record:
    given = person.given_name or person.given_name_latin
    family = person.family_name or person.family_name_latin
    patronymic = person.patronymic or person.patronymic_latin
    birth_date = person.birth_date
    return Record(
        list_name=list_name, record_id=str(person.pk), given_name=given, family_name=family,
        patronymic=patronymic, birth_date=birth_date,
        birth_year=birth_date.year if birth_date else person.birth_year,
        sex=SEXES.get(person.gender, ""),
        citizenship=str(person.citizenships[0]) if person.citizenships else "",
    )


@dataclass(frozen=True)
class Lists:
    records: list[Record]
    organisation_of: Mapping[int, int]
    names: list[str]
    left_out: int


def collect(run: LinkageRun) -> Lists:
    """The records of the run: one per person on a case of the period, in the list of the
    organisation that recorded the person."""
    person_ids = {person for person, _ in memberships(spec_of(run))}
    left_out = 0
    if run.mode == Mode.CONSENTED:
        allowed = consenting(person_ids, run.organisation_id, timezone.localdate())
        left_out = len(person_ids) - len(allowed)
        person_ids = allowed
    persons = Person.objects.filter(pk__in=person_ids).select_related("organisation")
    records: list[Record] = []
    organisation_of: dict[int, int] = {}
    names: set[str] = set()
    for person in persons.order_by("pk").iterator(chunk_size=2000):
        if not (person.given_name or person.given_name_latin
                or person.family_name or person.family_name_latin):
            left_out += 1
            continue
        name = person.organisation.name
        records.append(_record(person, name))
        organisation_of[person.pk] = person.organisation_id
        names.add(name)
    return Lists(records, organisation_of, sorted(names), left_out)


def _progress(run: LinkageRun, status: str, progress: int, **fields: object) -> None:
    # Saved outside any transaction so that the run's page sees it while the run goes on.
    run.status = status
    run.progress = progress
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["status", "progress", *fields])


def execute(run_id: int) -> None:
    """Run a queued linkage to the end (the task worker calls this); failures are recorded on
    the run with the error's class and message, which never hold names."""
    run = LinkageRun.objects.get(pk=run_id)
    if run.status != Status.QUEUED:
        return
    _progress(run, Status.RUNNING, 5)
    try:
        lists = collect(run)
        _progress(run, Status.RUNNING, 20, records=len(lists.records), lists=lists.names,
                  left_out=lists.left_out)
        found = runner.link(lists.records, encoded=run.mode == Mode.ENCODED,
                              threshold=run.threshold,
                              review_low=run.review_low)
        _progress(run, Status.RUNNING, 80)
        _store(run, lists, found)
    except Exception as exc:  # noqa: BLE001 - any engine failure ends the run, recorded on it
        logger.exception("linkage run %s failed", run_id)
        _progress(run, Status.FAILED, run.progress, error=f"{type(exc).__name__}: {exc}"[:300],
                  finished_at=timezone.now())


@transaction.atomic
def _store(run: LinkageRun, lists: Lists, found: Iterable[runner.Found]) -> None:
    linked = LinkedRecord.objects.bulk_create(
        LinkedRecord(run=run, person_id=int(record.record_id),
                     organisation_id=lists.organisation_of[int(record.record_id)], cluster=0)
        for record in lists.records
    )
    by_person = {item.person_id: item for item in linked}
    pairs = [
        CandidatePair(run=run, left=by_person[first], right=by_person[second],
                      probability=item.probability, agreement=item.agreement,
                      uncertain=run.review_low <= item.probability < run.threshold)
        for item in found
        for first, second in [sorted((int(item.left), int(item.right)))]
    ]
    CandidatePair.objects.bulk_create(pairs, batch_size=2000)
    run.pairs = len(pairs)
    run.uncertain = sum(1 for pair in pairs if pair.uncertain)
    _suggest_duplicates(run, pairs)
    recluster(run)
    # The run read these persons' names (in clear or to encode them): one row for the batch.
    audit.record(actor=run.started_by, action=AuditAction.VIEW, object_type="cases.Person",
                 objects=[item.person_id for item in linked],
                 detail={"linkage_run": run.pk, "mode": run.mode})
    run.status = Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()


def _suggest_duplicates(run: LinkageRun, pairs: list[CandidatePair]) -> None:
    """Pairs inside one organisation at or above the threshold become suggestions to merge for
    its caseworkers; a pair already suggested (or dismissed) is left as it is."""
    same = [pair for pair in pairs if pair.left.organisation_id == pair.right.organisation_id
            and pair.probability >= run.threshold]
    DuplicateSuggestion.objects.bulk_create(
        [DuplicateSuggestion(organisation_id=pair.left.organisation_id,
                             first_id=pair.left.person_id, second_id=pair.right.person_id,
                             probability=pair.probability, run=run,
                             status=SuggestionStatus.OPEN) for pair in same],
        ignore_conflicts=True,
    )


def recluster(run: LinkageRun) -> int:
    """Number the run's clusters again from its stored pairs and the reviewers' decisions (the
    engine's rule: pairs at or above the threshold and accepted pairs join, rejected pairs do
    not); returns the number of clusters."""
    records = list(LinkedRecord.objects.filter(run=run).order_by("person_id"))
    key_of = {record.pk: (str(record.organisation_id), str(record.person_id))
              for record in records}
    pairs = []
    decisions: dict[PairKey, bool] = {}
    for pair in CandidatePair.objects.filter(run=run).only(
            "left_id", "right_id", "probability", "decision"):
        left, right = key_of[pair.left_id], key_of[pair.right_id]
        pairs.append((left, right, pair.probability))
        if pair.decision:
            decisions[pair_key(left, right)] = pair.decision == Decision.ACCEPTED
    born = dict(Person.objects.filter(pk__in=[record.person_id for record in records])
                .values_list("pk", "birth_year"))
    birth_years = {key: runner.birth_year_tokens(born.get(int(key[1])))
                   for key in key_of.values()}
    members = runner.cluster(key_of.values(), pairs, decisions, run.threshold, birth_years)
    for record in records:
        member = members[key_of[record.pk]]
        record.cluster = member.cluster
        record.match_probability = member.match_probability
    LinkedRecord.objects.bulk_update(records, ["cluster", "match_probability"], batch_size=2000)
    run.clusters = len({record.cluster for record in records})
    run.save(update_fields=["clusters"])
    return run.clusters
