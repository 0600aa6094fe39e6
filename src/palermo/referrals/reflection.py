"""The recovery and reflection period (CoE Convention art. 13): opened when a signed decision
makes a person a presumed victim, closed by a conclusive one (identified, or not a victim).

``follow_decision`` is called by ``screening.services`` inside the signing transaction, so the
decision and the period commit or roll back together.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from palermo.cases.codes import TraffickingStatus
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals.models import ReflectionPeriod, ReflectionPeriodQuerySet

CONCLUSIVE = (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM)
#: A period ending within this many days is shown to the coordinator as at risk.
WARNING_DAYS = 7


def follow_decision(*, user: Any, case: Case, decision: str,
                    day: datetime.date | None = None) -> ReflectionPeriod | None:
    """Open a period for a presumed victim (unless one is open), close the open one on a
    conclusive decision. Returns the period opened or closed, or None when nothing changed."""
    day = day or timezone.localdate()
    with transaction.atomic():
        current = (ReflectionPeriod.objects.select_for_update()
                   .filter(case=case, closed_on__isnull=True).first())
        if decision == TraffickingStatus.POSSIBLE:
            if current is not None:
                return None
            period = ReflectionPeriod.objects.create(
                case=case, started_on=day,
                ends_on=day + datetime.timedelta(days=settings.PALERMO_REFLECTION_DAYS))
            audit.record(actor=user, action=AuditAction.CREATE, object_type="cases.Case",
                         objects=[case], detail={"reflection_opened": period.pk})
            return period
        if decision in CONCLUSIVE and current is not None:
            current.closed_on = day
            current.save(update_fields=["closed_on"])
            audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                         objects=[case], detail={"reflection_closed": current.pk})
            return current
    return None


def current_period(case: Case) -> ReflectionPeriod | None:
    """The case's open period, else its latest one (the case summary shows either)."""
    return ReflectionPeriod.objects.filter(case=case).order_by(
        F("closed_on").asc(nulls_first=True), "-started_on", "-id").first()


def at_risk(today: datetime.date | None = None, *,
            region: str = "") -> ReflectionPeriodQuerySet:
    """Open periods ending within WARNING_DAYS, or already ended with no conclusive decision
    (across every organisation: for the coordinator's aggregate view)."""
    day = today or timezone.localdate()
    periods = ReflectionPeriod.objects.filter(
        closed_on__isnull=True, ends_on__lte=day + datetime.timedelta(days=WARNING_DAYS))
    if region:
        periods = periods.filter(Q(case__organisation__region__iexact=region))
    return periods
