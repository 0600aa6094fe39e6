"""Assistance delivered to the person of a case: who may record it, who sees which records, and
the one write (one transaction, audit row inside it).

The owner of a case sees all assistance recorded on it; another organisation sees only what it
recorded itself. Recording is open to the owner's staff who edit cases, and to the staff (who
edit cases) of an organisation whose referral of the case is accepted or in progress (and still
shares the case, see ``sharing.py``); such a record answers that referral.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.assistance_currencies import CURRENCIES
from palermo.referrals.codes import ReferralStatus, ServiceType
from palermo.referrals.models import Assistance, AssistanceQuerySet, Referral, ReferralQuerySet
from palermo.referrals.sharing import owns

#: Referral states in which the receiver records the help it gives.
WORKING_STATES = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)


def assistance_on(user: Any, case: Case) -> AssistanceQuerySet:
    """The assistance on ``case`` the user sees (all for the owner, its own for a provider)."""
    return Assistance.objects.visible_to(user).filter(case=case).select_related(
        "provider", "referral__service")


def answerable_referrals(user: Any, case: Case) -> ReferralQuerySet:
    """Referrals of ``case`` to the user's organisation that it is working on now."""
    org = getattr(user, "organisation_id", None)
    if org is None:
        return Referral.objects.none()
    return (Referral.objects.filter(case=case, receiver_id=org, status__in=WORKING_STATES)
            .sharing().select_related("service").order_by("-sent_at", "-id"))


def may_record(user: Any, case: Case) -> bool:
    """The owner's editors, and the editors of an organisation working on a referral of it."""
    if not has_capability(user, Capability.EDIT_CASES):
        return False
    return owns(user, case) or answerable_referrals(user, case).exists()


def clean_values(*, case: Case, delivered_on: datetime.date | None, quantity: Decimal | None,
                 unit: str, cost: Decimal | None, currency: str,
                 service_type: str) -> dict[str, list[str]]:
    """Field errors of an assistance record (empty when it may be written)."""
    errors: dict[str, list[str]] = {}
    if service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose the type of help.")]
    if delivered_on is None:
        errors["delivered_on"] = [_("Give the date the help was delivered.")]
    elif delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("The date cannot be in the future.")]
    if quantity is not None and quantity < 0:
        errors["quantity"] = [_("The quantity cannot be negative.")]
    if quantity is not None and not unit:
        errors["unit"] = [_("Say what the quantity counts (nights, sessions, hours…).")]
    if unit and quantity is None:
        errors["quantity"] = [_("Give the quantity this unit counts.")]
    if cost is not None and cost < 0:
        errors["cost"] = [_("The cost cannot be negative.")]
    if currency and currency not in CURRENCIES:
        errors["currency"] = [_("Use an ISO 4217 currency code, such as RUB, EUR or USD.")]
    if cost is not None and not currency:
        errors["currency"] = [_("Give the currency of the cost.")]
    if currency and cost is None and "currency" not in errors:
        errors["cost"] = [_("Give the cost in this currency.")]
    return errors


def record_assistance(*, user: Any, case: Case, service_type: str, delivered_on: datetime.date,
                      quantity: Decimal | None = None, unit: str = "",
                      cost: Decimal | None = None, currency: str = "", outcome: str = "",
                      referral: Referral | None = None) -> Assistance:
    """Record help the user's organisation delivered on ``case``.

    PermissionDenied when the user may not record on this case; ValidationError (by field) for
    bad values, a referral that is not one the organisation is working on, or a missing
    referral when the organisation is not the owner. Nothing is written on either.
    """
    if not may_record(user, case):
        raise PermissionDenied
    unit, currency, outcome = unit.strip(), currency.strip().upper(), outcome.strip()
    errors = clean_values(case=case, delivered_on=delivered_on, quantity=quantity, unit=unit,
                          cost=cost, currency=currency, service_type=service_type)
    working = answerable_referrals(user, case)
    if referral is not None and not working.filter(pk=referral.pk).exists():
        errors["referral"] = [_("Choose a referral your organisation is working on.")]
    if referral is None and not owns(user, case):
        errors["referral"] = [_("Choose the referral this help answers.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = Assistance(case=case, provider_id=user.organisation_id, referral=referral,
                            service_type=service_type, delivered_on=delivered_on,
                            quantity=quantity, unit=unit, cost=cost, currency=currency,
                            outcome=outcome, recorded_by=user)
        record.full_clean()
        record.save()
        audit.record(actor=user, action=AuditAction.CREATE, object_type="cases.Case",
                     objects=[case], detail={"assistance_added": record.pk,
                                             "referral": referral.pk if referral else None})
    return record
