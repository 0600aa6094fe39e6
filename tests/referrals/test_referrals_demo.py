"""The demo's directory and referrals: every organisation offers something, referrals in every
state (and an override, a withdrawn consent, one incoming to organisation A), the same on every
database, loaded once."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from django.core.management import call_command

from palermo.accounts import demo
from palermo.accounts.models import Organisation
from palermo.cases import demo_data
from palermo.core import audit
from palermo.core.models import AuditEvent
from palermo.referrals import demo as referrals_demo
from palermo.referrals.codes import ReferralStatus
from palermo.referrals.models import Consent, Notification, Referral, Service


def _load() -> dict[str, Organisation]:
    demo.ensure_accounts()
    organisations = demo.ensure_organisations()
    users = {key: demo.CASE_OWNERS[key] for key in organisations}
    from palermo.accounts.models import User

    ids = dict(User.objects.filter(username__in=users.values()).values_list("username", "pk"))
    demo_data.seed(seed=demo_data.DEMO_SEED, count=60,
                   organisations={k: o.pk for k, o in organisations.items()},
                   created_by={k: ids.get(u) for k, u in users.items()}, screenings=False)
    return organisations


def _snapshot() -> list[tuple[str, str, str, str, list[str]]]:
    return [(r.case.code, r.sender.name, r.service.name, r.status, sorted(r.groups))
            for r in Referral.objects.select_related("case", "sender", "service")
            .order_by("case__code", "service__name")]


def test_the_demo_directory_and_referrals(db: None) -> None:
    organisations = _load()
    made = referrals_demo.ensure(organisations)
    assert made == (len(referrals_demo.SERVICES), len(referrals_demo.REFERRALS))
    offering = set(Service.objects.values_list("organisation__name", flat=True))
    assert offering == {spec.name for spec in demo.ORGANISATIONS}
    shelters = Service.objects.filter(service_type="shelter", region="St Petersburg")
    assert shelters.count() == 2 and all(s.capacity_free for s in shelters)
    states = Counter(Referral.objects.values_list("status", flat=True))
    assert set(states) == set(ReferralStatus.values)
    assert Referral.objects.filter(consent__isnull=True).count() == 1  # the override
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 1
    assert Referral.objects.filter(receiver=organisations["A"]).exists()
    assert Notification.objects.filter(organisation=organisations["A"]).exists()
    assert AuditEvent.objects.filter(detail__consent_override=True).count() == 1
    assert audit.verify().intact


def test_the_demo_follows_its_script_and_is_loaded_once(db: None) -> None:
    organisations = _load()
    referrals_demo.ensure(organisations)
    final = {"": "sent", "accept": "accepted", "start": "in_progress", "complete": "completed",
             "decline": "declined", "revoke": "revoked"}
    expected = sorted((spec.service, final[(spec.path or ("",))[-1]])
                      for spec in referrals_demo.REFERRALS)
    first = _snapshot()
    assert sorted((service, status) for _c, _s, service, status, _g in first) == expected
    # The first cases by code of each organisation, so the same seed gives the same cases.
    codes = [code for code, sender, *_ in first if sender == organisations["A"].name]
    own = list(organisations["A"].cases.order_by("code").values_list("code", flat=True))
    assert set(codes) <= set(own[:12])
    events = AuditEvent.objects.count()
    assert referrals_demo.ensure(organisations) == (0, 0)
    assert AuditEvent.objects.count() == events and _snapshot() == first


def test_palermo_demo_loads_them_with_the_cases(db: None, settings: Any) -> None:
    settings.DEMO = True
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out, stderr=io.StringIO())
    assert f"{len(referrals_demo.REFERRALS)} demo referrals" in out.getvalue()
    assert Referral.objects.count() == len(referrals_demo.REFERRALS)
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out, stderr=io.StringIO())
    assert "demo referrals" not in out.getvalue()
    assert Referral.objects.count() == len(referrals_demo.REFERRALS)
