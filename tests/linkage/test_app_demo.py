"""The demo's linkage material: organisation A's persons recorded again in Latin letters by other
demo organisations (one by A itself), consents to linkage for half, and a queued encoded run."""

from __future__ import annotations

import datetime

import pytest

from palermo.accounts import demo
from palermo.cases.models import Person
from palermo.linkage import demo as linkage_demo
from palermo.linkage.models import LinkageRun, Mode, Status
from palermo.referrals.models import Consent
from tests.linkage.app_fixtures import GIVEN, case, person

pytestmark = pytest.mark.django_db

FAMILIES = [("Каримов", "Karimov"), ("Юсупов", "Yusupov"), ("Назаров", "Nazarov"),
            ("Хасанов", "Khasanov"), ("Сафаров", "Safarov"), ("Мирзаев", "Mirzaev"),
            ("Усмонов", "Usmonov")]


def test_the_demo_records_persons_again_in_latin_and_queues_a_run(
        django_capture_on_commit_callbacks):
    demo.ensure_accounts()
    organisations = demo.ensure_organisations()
    org_a = organisations["A"]
    originals = []
    for number, ((cyrillic, latin), given) in enumerate(zip(FAMILIES, GIVEN.items(),
                                                           strict=False)):
        one = person(org_a, given[0], cyrillic, datetime.date(1980 + number, 2, 3))
        one.given_name_latin, one.family_name_latin = given[1], latin
        one.save()
        case(org_a, [one])
        originals.append(one)
    with django_capture_on_commit_callbacks(execute=True):
        assert linkage_demo.ensure() is True
    copies = Person.objects.exclude(pk__in=[p.pk for p in originals])
    assert copies.count() == linkage_demo.RECORDED_AGAIN
    first = next(c for c in copies if c.family_name == "Karimov")
    assert first.organisation == org_a and first.given_name == originals[0].given_name_latin
    assert first.birth_date == originals[0].birth_date
    elsewhere = {c.organisation.name for c in copies.exclude(pk=first.pk)}
    assert org_a.name not in elsewhere and len(elsewhere) == 3
    assert Consent.objects.filter(groups__has="linkage",
                                  recipient=organisations["national"]).count() == 6
    run = LinkageRun.objects.get()
    assert run.mode == Mode.ENCODED and run.status == Status.QUEUED
    assert linkage_demo.ensure() is False
    assert LinkageRun.objects.count() == 1
