"""Something for record linkage to find in ``palermo demo``: a few of organisation A's migrant
workers (recorded in Cyrillic) recorded again by the legal aid network, the labour inspectorate
or the shelter in passport Latin letters only, one of them twice by A itself; half of them with a
consent to linkage by the national coordination body. Then an encoded run, queued for the
worker, so the linkage page has a result."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Min

from palermo.accounts import demo
from palermo.accounts.models import User
from palermo.accounts.roles import Role
from palermo.cases import services as case_services
from palermo.cases.models import Case, Person
from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent
from palermo.estimates.lists import Basis
from palermo.linkage import services
from palermo.linkage.models import Mode
from palermo.referrals.codes import ShareGroup
from palermo.referrals.models import Consent

MARK = "linkage"
RECORDED_AGAIN = 6
TARGETS = ("legal", "inspectorate", "B")


def _latin_copy(person: Person, user: User, like: Case) -> Case:
    copy = case_services.create_person(
        user=user, given_name=person.given_name_latin, family_name=person.family_name_latin,
        birth_date=person.birth_date, birth_year=person.birth_year, gender=person.gender,
        citizenships=person.citizenships)
    return case_services.create_case(
        user=user, persons=[copy], case_type=like.case_type, opened_on=like.opened_on,
        exploitation=like.exploitation)


def _owner(key: str) -> User | None:
    return User.objects.filter(username=demo.CASE_OWNERS[key], is_active=True).first()


@transaction.atomic
def ensure() -> bool:
    """Record the demo's duplicates and queue a run unless done before; True when done now."""
    if AuditEvent.objects.filter(object_type="cases.Person", detail__demo=MARK).exists():
        return False
    organisations = demo.ensure_organisations()
    analyst = User.objects.filter(role=Role.ANALYST, is_active=True,
                                  organisation=organisations["national"]).first()
    national = organisations["national"]
    owners = {key: _owner(key) for key in ("A", *TARGETS)}
    candidates = Person.objects.filter(organisation=organisations["A"]).order_by("pk")[:200]
    persons = [p for p in candidates
               if p.given_name and p.given_name_latin and p.given_name != p.given_name_latin
               and p.cases.exists()][:RECORDED_AGAIN]
    if analyst is None or None in owners.values() or len(persons) < RECORDED_AGAIN:
        return False
    made: list[Person] = []
    for number, person in enumerate(persons):
        first = person.cases.order_by("opened_on", "pk").first()
        assert first is not None  # noqa: S101 - persons were chosen with a case
        key = "A" if number == 0 else TARGETS[number % len(TARGETS)]
        owner = owners[key]
        assert owner is not None  # noqa: S101 - checked above
        copy_case = _latin_copy(person, owner, first)
        made.extend(copy_case.persons.all())
        if number % 2 == 0:
            for item, by in ((first, owners["A"]), (copy_case, owner)):
                assert by is not None  # noqa: S101 - checked above
                Consent.objects.create(case=item, recipient=national,
                                       groups=[ShareGroup.LINKAGE], given_on=item.opened_on,
                                       recorded_by=by)
    audit.record(actor=None, action=AuditAction.CREATE, object_type="cases.Person",
                 objects=made, detail={"demo": MARK})
    period = Case.objects.aggregate(start=Min("opened_on"), end=Max("opened_on"))
    services.start_run(user=analyst, mode=Mode.ENCODED, basis=Basis.OPENED,
                       start=period["start"], end=period["end"], threshold=0.9,
                       review_low=0.5)
    return True
