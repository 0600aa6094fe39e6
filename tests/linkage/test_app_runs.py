"""Linkage runs over the registry, with the real engine: who is read, in which mode, and what is
stored (ids, probabilities and levels, never a name)."""

from __future__ import annotations

import datetime
import json

import pytest

from palermo.accounts.models import User
from palermo.cases.models import Person
from palermo.core.models import AuditEvent
from palermo.linkage import runs, services
from palermo.linkage.models import (
    CandidatePair,
    Decision,
    DuplicateSuggestion,
    LinkageRun,
    LinkedRecord,
    Mode,
    Status,
)
from tests.linkage.app_fixtures import (
    END,
    START,
    case,
    finished_run,
    person,
    registry_fixture,  # noqa: F401 - the registry fixture
)

pytestmark = pytest.mark.django_db


def _run(user: User, mode: str, **options: float) -> LinkageRun:
    run = services.start_run(user=user, mode=mode, basis="opened", start=START, end=END,
                             threshold=options.get("threshold", 0.9),
                             review_low=options.get("review_low", 0.5))
    runs.execute(run.pk)
    run.refresh_from_db()
    return run


def _cluster(run: LinkageRun, person: Person) -> int:
    return LinkedRecord.objects.get(run=run, person_id=person.pk).cluster


def test_an_encoded_run_links_cyrillic_and_latin_records_of_one_person(registry, coordinator):
    run = _run(coordinator, Mode.ENCODED)
    assert run.status == Status.DONE, run.error
    assert run.progress == 100 and run.finished_at is not None
    assert run.records == Person.objects.count()
    assert run.lists == ["Organisation A", "Organisation B"]
    assert _cluster(run, registry["sherzod_a"]) == _cluster(run, registry["sherzod_b"])
    assert _cluster(run, registry["namesake"]) != _cluster(run, registry["sherzod_b"])
    assert run.clusters < run.records
    read = AuditEvent.objects.get(object_type="cases.Person", detail__linkage_run=run.pk)
    assert read.action == "view" and read.actor_id == coordinator.pk
    assert len(read.object_ids) == run.records
    assert run.clusters == LinkedRecord.objects.filter(run=run).values("cluster").distinct().count()


def test_a_consented_run_reads_only_persons_whose_consent_covers_linkage(registry, coordinator):
    run = _run(coordinator, Mode.CONSENTED)
    assert run.status == Status.DONE, run.error
    read = set(LinkedRecord.objects.filter(run=run).values_list("person_id", flat=True))
    everyone = set(Person.objects.values_list("pk", flat=True))
    assert registry["no_consent"] and read == everyone - registry["no_consent"]
    assert run.left_out == len(registry["no_consent"])
    assert _cluster(run, registry["sherzod_a"]) == _cluster(run, registry["sherzod_b"])
    left, right = sorted((registry["sherzod_a"].pk, registry["sherzod_b"].pk))
    pair = CandidatePair.objects.get(run=run, left__person_id=left, right__person_id=right)
    assert pair.agreement["family_name"] == "agree" and pair.agreement["birth"] == "date"


def test_a_withdrawn_consent_takes_the_person_out_of_a_consented_run(registry, coordinator):
    from django.utils import timezone

    from palermo.referrals.models import Consent

    Consent.objects.filter(case__persons=registry["sherzod_b"]).update(
        withdrawn_at=timezone.now())
    run = _run(coordinator, Mode.CONSENTED)
    read = set(LinkedRecord.objects.filter(run=run).values_list("person_id", flat=True))
    assert registry["sherzod_a"].pk in read and registry["sherzod_b"].pk not in read


def test_nothing_a_run_stores_or_audits_holds_a_name(registry, coordinator):
    run = _run(coordinator, Mode.ENCODED)
    stored = json.dumps([
        list(LinkageRun.objects.filter(pk=run.pk).values()),
        list(LinkedRecord.objects.filter(run=run).values()),
        list(CandidatePair.objects.filter(run=run).values()),
        list(AuditEvent.objects.values("detail", "object_ids")),
    ], default=str, ensure_ascii=False)
    for name in ("Шерзод", "Рахимов", "Sherzod", "Rakhimov", "1990-03-05"):
        assert name not in stored


def test_within_organisation_matches_become_duplicate_suggestions(registry, org_b, coordinator):
    copy = Person.objects.get(pk=registry["sherzod_b"].pk)
    twin = person(org_b, "Шерзод", "Рахимов", copy.birth_date)
    case(org_b, [twin])
    run = _run(coordinator, Mode.ENCODED)
    first, second = sorted((copy.pk, twin.pk))
    suggestion = DuplicateSuggestion.objects.get(first_id=first, second_id=second)
    assert suggestion.organisation_id == org_b.pk and suggestion.run_id == run.pk
    # A second run does not offer the pair twice.
    _run(coordinator, Mode.ENCODED)
    assert DuplicateSuggestion.objects.filter(first_id=first, second_id=second).count() == 1


def test_a_failing_run_is_marked_failed_with_the_reason(registry, coordinator):
    run = _run(coordinator, Mode.ENCODED, threshold=0.9, review_low=0.95)
    assert run.status == Status.FAILED
    assert "LinkError" in run.error


def test_starting_a_run_queues_the_task_and_audits(registry, coordinator,
                                                  django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(user=coordinator, mode=Mode.ENCODED, basis="opened", start=START,
                                 end=END, threshold=0.9, review_low=0.5)
    assert run.status == Status.QUEUED
    assert DBTaskResult.objects.filter(task_path__endswith="run_linkage").count() == 1
    event = AuditEvent.objects.filter(object_type="linkage.LinkageRun").get()
    assert event.object_ids == [str(run.pk)] and event.detail["mode"] == Mode.ENCODED


def test_an_analyst_may_not_start_a_consented_run(analyst):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_run(user=analyst, mode=Mode.CONSENTED, basis="opened", start=START,
                           end=END, threshold=0.9, review_low=0.5)
    assert not LinkageRun.objects.exists()


def test_clusters_keep_namesakes_born_years_apart_unless_a_reviewer_joins_them(
        org_a, org_b, coordination_body, coordinator):
    """The app clusters as the engine does: an undated record matching two namesakes born 27
    years apart joins only the likelier one; a reviewer's acceptance decides otherwise."""
    young = person(org_a, "Шерзод", "Рахимов", datetime.date(1990, 3, 5))
    old = person(org_b, "Sherzod", "Rakhimov", datetime.date(1963, 8, 21))
    undated = person(org_b, "Sherzod", "Rahimov", None)
    run = finished_run(coordination_body, coordinator, [young, old, undated],
                       [(young, undated, 0.97), (old, undated, 0.95)])
    cluster = dict(LinkedRecord.objects.filter(run=run).values_list("person_id", "cluster"))
    assert cluster[young.pk] == cluster[undated.pk]
    assert cluster[old.pk] != cluster[young.pk]

    CandidatePair.objects.filter(run=run, probability=0.95).update(decision=Decision.ACCEPTED)
    runs.recluster(run)
    cluster = dict(LinkedRecord.objects.filter(run=run).values_list("person_id", "cluster"))
    assert cluster[old.pk] == cluster[undated.pk]
    assert cluster[young.pk] != cluster[undated.pk]
