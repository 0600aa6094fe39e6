"""Wrong signing passwords count: after 5 within 15 minutes, signing is refused for 15 minutes
from the last one, whatever password is given; the count is in the database."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from palermo.screening import services
from palermo.screening.models import IdentificationDecision, SigningFailure
from tests.conftest import PASSWORD

MINUTE = datetime.timedelta(minutes=1)


def _sign(user, case, **overrides):
    values: dict[str, Any] = {"decision": "ActualVictimOfTrafficking", "deciding_org": "NGO",
                              "reasons": "Deceived, documents taken.", "password": PASSWORD}
    values.update(overrides)
    return services.sign_decision(user=user, case=case, **values)


def _wrong(user, case, times):
    for _ in range(times):
        with pytest.raises(ValidationError) as error:
            _sign(user, case, password="guess")
        assert "The password is not right" in str(error.value)


def _failures_at(user, *minutes_ago):
    now = timezone.now()
    for minutes in minutes_ago:
        SigningFailure.objects.create(user=user, failed_at=now - minutes * MINUTE)


def test_five_wrong_passwords_lock_signing_even_with_the_right_one(lawyer, case_a):
    _wrong(lawyer, case_a, 5)
    assert SigningFailure.objects.filter(user=lawyer).count() == 5  # outlived the refusals
    with pytest.raises(ValidationError) as error:
        _sign(lawyer, case_a)
    assert "Too many wrong passwords. Signing is blocked until" in str(error.value)
    assert not IdentificationDecision.objects.exists()
    assert SigningFailure.objects.filter(user=lawyer).count() == 5  # not checked while locked


def test_four_wrong_passwords_do_not_lock_and_a_signature_clears_them(lawyer, case_a):
    _wrong(lawyer, case_a, 4)
    assert _sign(lawyer, case_a).pk
    assert not SigningFailure.objects.filter(user=lawyer).exists()
    _wrong(lawyer, case_a, 4)
    assert services.signing_locked_until(lawyer) is None


def test_the_lock_ends_15_minutes_after_the_last_failure(lawyer, case_a):
    _failures_at(lawyer, 20, 19, 18, 17, 14)
    until = services.signing_locked_until(lawyer)
    assert until is not None
    assert until - timezone.now() == pytest.approx(MINUTE, abs=datetime.timedelta(seconds=5))
    SigningFailure.objects.filter(user=lawyer).update(failed_at=timezone.now() - 16 * MINUTE)
    assert services.signing_locked_until(lawyer) is None
    assert _sign(lawyer, case_a).pk


def test_failures_spread_over_more_than_15_minutes_do_not_lock(lawyer):
    _failures_at(lawyer, 25, 20, 14, 10, 5)  # 20 minutes between the first and the fifth
    assert services.signing_locked_until(lawyer) is None
    _failures_at(lawyer, 1)  # the last five: 20, 14, 10, 5, 1 minutes ago, 19 apart
    assert services.signing_locked_until(lawyer) is None
    _failures_at(lawyer, 0)  # 14, 10, 5, 1, 0 minutes ago: within 15 minutes
    assert services.signing_locked_until(lawyer) is not None


def test_one_users_failures_do_not_lock_another(lawyer, coordinator, case_a):
    _wrong(lawyer, case_a, 5)
    assert services.signing_locked_until(coordinator) is None
    assert services.signing_locked_until(lawyer) is not None


def test_old_failures_are_removed_when_a_new_one_is_written(lawyer, case_a):
    _failures_at(lawyer, 60 * 24, 45)
    _wrong(lawyer, case_a, 1)
    assert SigningFailure.objects.filter(user=lawyer).count() == 1


def test_the_decision_page_says_signing_is_blocked(client_for, lawyer, case_a):
    client = client_for(lawyer)
    _failures_at(lawyer, 4, 3, 2, 1, 0)
    response = client.post(f"/cases/{case_a.pk}/screening/decision/", {
        "decision": "ActualVictimOfTrafficking", "deciding_org": "NGO",
        "reasons": "Deceived.", "password": PASSWORD,
    })
    assert response.status_code == 400
    assert "Too many wrong passwords. Signing is blocked until" in response.content.decode()
    assert not IdentificationDecision.objects.exists()
