"""Writes of the screening app: a screening with its derived facts and legal result, and the
signed identification decision. Each is one transaction with its audit row inside it; audit
details hold ids and field names only, never answers or reasons.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from palermo import law
from palermo.accounts.models import User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases import services as case_services
from palermo.cases.codes import DecidingOrganisation, TraffickingStatus
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals import reflection
from palermo.screening.derive import delphi_result, derive_facts
from palermo.screening.models import (
    IdentificationDecision,
    Screening,
    SigningFailure,
    decision_hash,
)
from palermo.screening.questionnaire import AnswersError, clean_answers, load


def assess(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Facts, legal result, Delphi result and the clear summary for checked ``answers``."""
    facts = derive_facts(answers)
    try:
        result = law.qualify(facts)
    except law.FactsError as exc:  # derive_facts only builds valid facts: this is a bug
        raise RuntimeError(f"derived facts were refused by the engine: {exc.errors}") from exc
    return {
        "facts": facts,
        "result": result,
        "delphi": delphi_result(answers),
        "result_summary": {fid: fw["qualifies"] for fid, fw in result["frameworks"].items()},
        "gap_codes": sorted({gap["code"] for gap in result["gaps"]}),
    }


def _checked(answers: Mapping[str, Any]) -> dict[str, str | int]:
    try:
        return clean_answers(answers)
    except AnswersError as exc:
        raise ValidationError({"answers": exc.errors}) from exc


@transaction.atomic
def save_screening(*, user: User, case: Case, answers: Mapping[str, Any],
                   screening: Screening | None = None) -> Screening:
    """Create a screening of ``case`` (or update ``screening``) from ``answers``.

    Raises PermissionDenied for a role that may not edit cases, ValidationError for answers that
    do not fit the questionnaire (nothing is written then).
    """
    organisation_id = case_services.require_editor(user)
    if case.organisation_id != organisation_id or (
        screening is not None and screening.case_id != case.pk
    ):
        raise PermissionDenied
    checked = _checked(answers)
    values = {"answers": checked, "questionnaire_version": load().version, **assess(checked)}
    if screening is None:
        screening = Screening(case=case, organisation_id=case.organisation_id, created_by=user,
                              **values)
        screening.save()
        detail: dict[str, Any] = {"screening_added": screening.pk}
    else:
        changed = sorted(name for name, value in values.items()
                         if getattr(screening, name) != value)
        if not changed:
            return screening
        for name, value in values.items():
            setattr(screening, name, value)
        screening.save()
        detail = {"screening_updated": screening.pk, "fields": changed}
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail=detail)
    return screening


#: Wrong signing passwords allowed within SIGNING_WINDOW before signing is refused for
#: SIGNING_LOCKOUT from the last of them (in the database: every server process counts them).
SIGNING_FAILURES = 5
SIGNING_WINDOW = datetime.timedelta(minutes=15)
SIGNING_LOCKOUT = datetime.timedelta(minutes=15)
#: Older failures can no longer lock anyone out; they are removed when a new one is written.
_FAILURES_KEPT = SIGNING_WINDOW + SIGNING_LOCKOUT


def signing_locked_until(user: User, *, now: datetime.datetime | None = None,
                         ) -> datetime.datetime | None:
    """When the user may sign again, or None when they may now: locked for SIGNING_LOCKOUT after
    the last of SIGNING_FAILURES wrong passwords given within SIGNING_WINDOW."""
    now = now or timezone.now()
    recent = list(SigningFailure.objects.filter(user=user, failed_at__gt=now - _FAILURES_KEPT)
                  .order_by("-failed_at").values_list("failed_at", flat=True)[:SIGNING_FAILURES])
    if len(recent) < SIGNING_FAILURES or recent[0] - recent[-1] > SIGNING_WINDOW:
        return None
    until = recent[0] + SIGNING_LOCKOUT
    return until if until > now else None


@transaction.atomic
def _record_signing_failure(*, user: User, case: Case) -> None:
    now = timezone.now()
    SigningFailure.objects.filter(user=user, failed_at__lt=now - _FAILURES_KEPT).delete()
    SigningFailure.objects.create(user=user, failed_at=now)
    audit.record(actor=user, action=AuditAction.FAILED_LOGIN, object_type="accounts.User",
                 objects=[user], detail={"reason": "signing_password", "case": case.pk})


def sign_decision(*, user: User, case: Case, decision: str, deciding_org: str, reasons: str,
                  password: str, screening: Screening | None = None) -> IdentificationDecision:
    """Sign an identification decision on ``case``: the user's current password is the signature.

    Sets the case's trafficking status and deciding organisation (through the case services, so
    the case's own audit row names the changed fields), stores the decision with the SHA-256 of
    its content, and audits it. Raises PermissionDenied without the sign-identification
    capability, ValidationError for a wrong password or invalid values (nothing is written but
    the failure). After SIGNING_FAILURES wrong passwords within SIGNING_WINDOW, signing is
    refused for SIGNING_LOCKOUT without checking the password.
    """
    if not has_capability(user, Capability.SIGN_IDENTIFICATION):
        raise PermissionDenied
    if case.organisation_id != user.organisation_id or (
        screening is not None and screening.case_id != case.pk
    ):
        raise PermissionDenied
    locked_until = signing_locked_until(user)
    if locked_until is not None:
        raise ValidationError({"password": [_(
            "Too many wrong passwords. Signing is blocked until %(time)s; nothing was signed."
        ) % {"time": formats.time_format(timezone.localtime(locked_until), "H:i")}]})
    errors: dict[str, list[str]] = {}
    if decision not in TraffickingStatus.values:
        errors["decision"] = [_("Choose one of the decisions.")]
    if deciding_org not in DecidingOrganisation.values:
        errors["deciding_org"] = [_("Choose the type of the deciding organisation.")]
    if not reasons.strip():
        errors["reasons"] = [_("Give the reasons for the decision.")]
    if not password or not user.check_password(password):
        # Written in its own transaction, before the refusal: it must outlive it.
        _record_signing_failure(user=user, case=case)
        errors["password"] = [_("The password is not right. The decision was not signed.")]
    if errors:
        raise ValidationError(errors)
    return _sign(user=user, case=case, decision=decision, deciding_org=deciding_org,
                 reasons=reasons.strip(), screening=screening)


@transaction.atomic
def _sign(*, user: User, case: Case, decision: str, deciding_org: str, reasons: str,
          screening: Screening | None) -> IdentificationDecision:
    SigningFailure.objects.filter(user=user).delete()
    case_services.update_case(user=user, case=case, trafficking_status=decision,
                              status_decided_by=deciding_org)
    signed_at = timezone.now()
    record = IdentificationDecision(
        case=case, screening=screening, decision=decision, deciding_org=deciding_org,
        reasons=reasons, decided_by=user, signed_at=signed_at,
        content_hash=decision_hash(case_id=case.pk, decision=decision,
                                   deciding_org=deciding_org, reasons=reasons, user_id=user.pk,
                                   signed_at=signed_at),
    )
    record.full_clean()
    record.save()
    audit.record(actor=user, action=AuditAction.CREATE, object_type="cases.Case",
                 objects=[case], detail={"decision_signed": record.pk,
                                         "screening": screening.pk if screening else None})
    reflection.follow_decision(user=user, case=case, decision=decision)
    return record
