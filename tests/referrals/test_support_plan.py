"""The support plan (HTCDS spl_*): the owning organisation's alone; bad dates refused."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from palermo.accounts.models import User
from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.referrals import support
from palermo.referrals.models import Referral, SupportPlan
from tests.cases.conftest import case_a, person_a
from tests.referrals.test_assistance import accepted, shelter_c

__all__ = ["accepted", "case_a", "person_a", "shelter_c"]

ClientFor = Callable[[User], Client]
TODAY = timezone.localdate()


def test_owner_writes_and_rewrites_the_plan(caseworker: User, case_a: Case) -> None:
    plan = support.save_plan(user=caseworker, case=case_a, types=["Health", "Legal"],
                             objectives="Recover; get documents back.",
                             planned_end=TODAY + datetime.timedelta(days=90))
    assert plan.types == ["Health", "Legal"]
    again = support.save_plan(user=caseworker, case=case_a, types=["Health"],
                              objectives="Recover; get documents back.",
                              planned_end=plan.planned_end, actual_end=TODAY)
    assert again.pk == plan.pk
    event = AuditEvent.objects.filter(detail__support_plan=plan.pk).order_by("-seq").first()
    assert event is not None
    assert event.detail["fields"] == ["types", "actual_end"]
    assert "Recover" not in str(event.detail)


@pytest.mark.parametrize(("values", "field"), [
    ({"types": ["Spa"]}, "types"),
    ({"planned_end": datetime.date(2000, 1, 1)}, "planned_end"),
    ({"actual_end": datetime.date(2000, 1, 1)}, "actual_end"),
    ({"actual_end": TODAY + datetime.timedelta(days=1)}, "actual_end"),
])
def test_bad_values_are_refused(caseworker: User, case_a: Case, values: dict[str, object],
                                field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        support.save_plan(user=caseworker, case=case_a, **{"types": [], **values})  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not SupportPlan.objects.exists()


def test_receiver_of_a_referral_does_not_see_the_plan(
    caseworker: User, receiver: User, case_a: Case, accepted: Referral,
    client_for: ClientFor,
) -> None:
    support.save_plan(user=caseworker, case=case_a, types=["Health"], objectives="Private")
    with pytest.raises(Http404):
        support.plan_of(receiver, case_a)
    client = client_for(receiver)
    assert client.get(f"/cases/{case_a.pk}/assistance/plan/").status_code == 404
    assert "Private" not in client.get(f"/cases/{case_a.pk}/assistance/").content.decode()


def test_plan_page_saves_and_refuses_bad_input(client_for: ClientFor, caseworker: User,
                                               case_a: Case) -> None:
    client = client_for(caseworker)
    url = f"/cases/{case_a.pk}/assistance/plan/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"types": ["Health"], "actual_end": "1999-01-01"})
    assert bad.status_code == 400
    assert "The plan cannot end before the case was opened." in bad.content.decode()
    assert not SupportPlan.objects.exists()
    nonsense = client.post(url, {"types": ["Nope"], "planned_end": "soon"})
    assert nonsense.status_code == 400
    assert not SupportPlan.objects.exists()
    good = client.post(url, {"types": ["Health", "Legal"], "objectives": "Recover",
                             "action_plan": "Clinic weekly"})
    assert good.status_code == 302
    shown = client.get(f"/cases/{case_a.pk}/assistance/").content.decode()
    assert "Clinic weekly" in shown and "Health" in shown


def test_plan_page_answers_strangers(client: Client, client_for: ClientFor, outsider: User,
                                     analyst: User, case_a: Case) -> None:
    url = f"/cases/{case_a.pk}/assistance/plan/"
    assert client.get(url).status_code == 302
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(analyst).get(url).status_code == 403
