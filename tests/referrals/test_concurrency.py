"""The receiver accepting and the sender revoking the same referral at the same moment, each in
its own thread with its own database connection: the row lock makes one of them act on the
other's result, so the referral ends in a state the workflow allows, its events form a path of
the table, and who sees the case matches the final state."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from palermo.accounts.models import User
from palermo.cases.models import Case
from palermo.referrals import services
from palermo.referrals.codes import ReferralStatus, ServiceType
from palermo.referrals.models import Notification, Referral, ReferralEvent
from palermo.referrals.transitions import TRANSITIONS

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) exist only on PostgreSQL; SQLite has none "
               "and serialises writers with IMMEDIATE transactions instead. CI runs the "
               "suite on PostgreSQL too.",
    ),
]

ROUNDS = 8


def _race(referral: Referral, sender: User, receiver: User,
          expected_status: str) -> dict[str, Any]:
    """Accept and revoke at once; what each thread got (the new state, or the refusal)."""
    start = threading.Barrier(2, timeout=30)
    outcome: dict[str, Any] = {}

    def act(name: str, user: User, action: str) -> None:
        try:
            start.wait()
            fresh = Referral.objects.get(pk=referral.pk)
            moved = services.transition(user=user, referral=fresh, action=action,
                                        expected_status=expected_status)
            outcome[name] = moved.status
        except services.TransitionRefused as exc:
            outcome[name] = exc
        except Exception as exc:  # noqa: BLE001 - any other failure is the finding
            outcome[name] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=("accept", receiver, "accept")),
               threading.Thread(target=act, args=("revoke", sender, "revoke"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def _referrals(caseworker: User, receiver: User, case: Case) -> list[Referral]:
    made = []
    for n in range(ROUNDS):
        service = services.create_service(user=receiver, service_type=ServiceType.SHELTER,
                                          name=f"Shelter {n}", region="St Petersburg")
        made.append(services.send_referral(user=caseworker, case=case, service=service))
    return made


def _assert_consistent(referral: Referral, receiver: User, case: Case) -> list[str]:
    referral.refresh_from_db()
    path = list(ReferralEvent.objects.filter(referral=referral).order_by("at", "id")
                .values_list("to_status", flat=True))
    assert path[0] == ReferralStatus.SENT and path[-1] == referral.status
    # Each step is one the table allows from the step before.
    froms = list(ReferralEvent.objects.filter(referral=referral).order_by("at", "id")
                 .values_list("from_status", flat=True))
    assert froms == ["", *path[:-1]]
    goals: dict[str, tuple[str, ...]] = {
        str(goal): tuple(sources) for _side, sources, goal in TRANSITIONS.values()}
    for before, after in zip(path, path[1:], strict=False):
        assert before in goals[after], (before, after)
    # One notification per change, each to the side that did not act.
    assert Notification.objects.filter(referral=referral).count() == len(path)
    sees = Case.objects.visible_to(receiver).filter(pk=case.pk).exists()
    assert sees == (referral.status == ReferralStatus.ACCEPTED)
    return path


def test_concurrent_accept_and_revoke_of_what_both_saw_leave_exactly_one_change(
    caseworker, receiver, case_a, consent_c
):
    """Both act on the referral as they saw it (sent): exactly one of them wins."""
    finals = set()
    for referral in _referrals(caseworker, receiver, case_a):
        outcome = _race(referral, caseworker, receiver, ReferralStatus.SENT)
        assert not any(isinstance(v, str) and v.startswith("error") for v in outcome.values()), \
            outcome
        won = [name for name, result in outcome.items() if isinstance(result, str)]
        assert len(won) == 1, outcome
        path = _assert_consistent(referral, receiver, case_a)
        assert len(path) == 2, path  # sent, then exactly one change
        assert path[1] in (ReferralStatus.ACCEPTED, ReferralStatus.REVOKED)
        assert path[1] == outcome[won[0]]
        finals.add(path[1])
        # The accepted one stays open: revoke it, so the receiver sees no case between rounds.
        if path[1] == ReferralStatus.ACCEPTED:
            services.transition(user=caseworker, referral=referral, action="revoke")
    assert finals <= {ReferralStatus.ACCEPTED, ReferralStatus.REVOKED}


def test_concurrent_accept_and_revoke_without_expectations_end_revoked_either_way(
    caseworker, receiver, case_a, consent_c
):
    """Revoking is allowed after acceptance: whichever goes first, the referral ends revoked,
    and the acceptance is either recorded before the revocation or refused."""
    for referral in _referrals(caseworker, receiver, case_a):
        outcome = _race(referral, caseworker, receiver, "")
        assert outcome["revoke"] == ReferralStatus.REVOKED, outcome
        path = _assert_consistent(referral, receiver, case_a)
        if isinstance(outcome["accept"], services.TransitionRefused):
            assert path == ["sent", "revoked"]
        else:
            assert path == ["sent", "accepted", "revoked"]
        assert not Case.objects.visible_to(receiver).filter(pk=case_a.pk).exists()
