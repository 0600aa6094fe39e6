"""Organisation A's UPR recommendation, a duplicate suggestion between two of A's persons, and a
linkage run of the coordination body over A's and B's persons: the kinds ``objects.build_org_a``
does not make.

Recommendations are read by the staff of every member organisation and written by their owner;
the run belongs to the coordination body (only it may run linkage); so neither is in
``policy.PRIVATE_KINDS``. The suggestion is A's alone.
"""

from __future__ import annotations

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Person
from palermo.linkage.models import CandidatePair, DuplicateSuggestion, Mode
from tests.linkage.app_fixtures import finished_run
from tests.monitoring.recommendation_helpers import assessment, recommendation
from tests.security.objects import OrgA


def build_more(found: OrgA, *, org_b: Organisation, caseworker: User,
               coordinator: User) -> None:
    """Add the recommendation and linkage records to ``found``."""
    rec = recommendation(caseworker)
    assessment(caseworker, rec)
    found.add("recommendation", rec.pk)
    found.add("csv_format", "uhri", "upr-info")

    persons = list(Person.objects.filter(organisation=caseworker.organisation).order_by("pk"))
    first = persons[0]
    twin = Person.objects.create(organisation=first.organisation, code="P-S-000001",
                                 given_name=first.given_name, family_name=first.family_name,
                                 birth_date=first.birth_date)
    found.add("duplicate", DuplicateSuggestion.objects.create(
        organisation=first.organisation, first_id=first.pk, second_id=twin.pk,
        probability=0.97).pk)
    other = Person.objects.create(organisation=org_b, code="P-S-000002", given_name="Dilnoza",
                                  family_name="Karimova", birth_date=first.birth_date)
    assert coordinator.organisation is not None
    run = finished_run(coordinator.organisation, coordinator, [first, twin, other],
                       [(first, other, 0.7), (first, twin, 0.95)], mode=Mode.ENCODED)
    pair = CandidatePair.objects.filter(run=run, uncertain=True).order_by("pk").first()
    assert pair is not None
    found.add("run", run.pk)
    found.add("pair", pair.pk)
