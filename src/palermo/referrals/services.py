"""Writes of the referral mechanism: the directory, consents, referrals and their workflow,
notifications. Each is keyword-only, runs in one transaction and writes its audit row inside it
(ids, codes and field names only: never a reason, a message or a note).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Capability, has_capability
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.referrals import selectors
from palermo.referrals.codes import DeclineReason, ReferralStatus, ShareGroup
from palermo.referrals.models import Consent, Notification, Referral, ReferralEvent, Service
from palermo.referrals.transitions import TRANSITIONS, Side, target

#: A referral in one of these states is still open: another to the same service is a duplicate.
OPEN_STATES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)


class TransitionRefused(Exception):
    """The referral's state no longer allows the action (someone acted first): nothing changed.
    ``str()`` is a message for people."""


# --- Service directory ------------------------------------------------------------------------

SERVICE_FIELDS = (
    "service_type", "name", "description", "region", "capacity_total", "capacity_free",
    "languages", "eligible_genders", "min_age", "max_age", "eligible_nationalities", "contact",
    "opening_hours", "active",
)


def normalise_nationalities(value: Any) -> str:
    """ISO 3166-1 alpha-2 codes as stored (``UZ,TJ``), from text (commas or spaces) or a list;
    an unknown code is a ValidationError naming it."""
    if isinstance(value, str):
        parts = value.replace(";", ",").replace(" ", ",").split(",")
    else:
        parts = [str(v) for v in value or []]
    codes = [p.strip().upper() for p in parts if p.strip()]
    unknown = [c for c in codes if c not in countries]
    if unknown:
        raise ValidationError(
            {"eligible_nationalities": _("Unknown country code(s): %(codes)s. Use ISO 3166-1 "
                                         "alpha-2 codes such as UZ, TJ.")
             % {"codes": ", ".join(unknown)}})
    return ",".join(dict.fromkeys(codes))


def check_service(service: Service) -> None:
    """Model validation plus the directory's own rules, every error on its field."""
    errors: dict[str, list[str]] = {}
    try:
        service.eligible_nationalities = normalise_nationalities(service.eligible_nationalities)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        service.full_clean(exclude=["organisation"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    free, total = service.capacity_free, service.capacity_total
    if free is not None and total is not None and free > total:
        errors.setdefault("capacity_free", []).append(
            _("Free places cannot exceed the capacity (%(total)s).") % {"total": total})
    if service.min_age is not None and service.max_age is not None \
            and service.min_age > service.max_age:
        errors.setdefault("max_age", []).append(
            _("The maximum age cannot be below the minimum age."))
    for field in ("min_age", "max_age"):
        value = getattr(service, field)
        if value is not None and value > 120:
            errors.setdefault(field, []).append(_("Enter an age of at most 120."))
    if errors:
        raise ValidationError(errors)


def _require_service_editor(user: User) -> int:
    if not selectors.may_edit_services(user) or user.organisation_id is None:
        raise PermissionDenied
    return user.organisation_id


def _apply(service: Service, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if name not in SERVICE_FIELDS:
            raise TypeError(f"not a service field: {name}")
        if getattr(service, name) != value:
            setattr(service, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def create_service(*, user: User, **values: Any) -> Service:
    """A service of the user's own organisation."""
    organisation_id = _require_service_editor(user)
    service = Service(organisation_id=organisation_id)
    _apply(service, values)
    check_service(service)
    service.save()
    audit.record(actor=user, action=AuditAction.CREATE, object_type="referrals.Service",
                 objects=[service])
    return service


@transaction.atomic
def update_service(*, user: User, service: Service, **values: Any) -> Service:
    organisation_id = _require_service_editor(user)
    if service.organisation_id != organisation_id:
        raise PermissionDenied
    changed = _apply(service, values)
    check_service(service)
    if changed:
        service.save()
        audit.record(actor=user, action=AuditAction.UPDATE, object_type="referrals.Service",
                     objects=[service], detail={"fields": sorted(changed)})
    return service


def set_free_places(*, user: User, service: Service, free: int | None) -> Service:
    """The quick update a shelter makes each morning: how many places are free now."""
    return update_service(user=user, service=service, capacity_free=free)


# --- Consents ---------------------------------------------------------------------------------


def _require_owner_editor(user: User, case: Case) -> None:
    """Only the case's own organisation, and only staff who edit cases, handle its consents."""
    if not has_capability(user, Capability.EDIT_CASES) or user.organisation_id is None:
        raise PermissionDenied
    if case.organisation_id != user.organisation_id:
        raise PermissionDenied


@transaction.atomic
def record_consent(*, user: User, case: Case, recipient: Organisation, groups: Iterable[str],
                   given_on: datetime.date, valid_until: datetime.date | None = None) -> Consent:
    """The person's consent to share their case with ``recipient``: which groups of fields,
    given when, until when (None: until withdrawn)."""
    _require_owner_editor(user, case)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if recipient.pk == case.organisation_id:
        errors["recipient"] = [_("Your own organisation already sees the case.")]
    elif not recipient.is_active:
        errors["recipient"] = [_("This organisation is no longer active.")]
    if given_on > today:
        errors["given_on"] = [_("Consent cannot be recorded before it is given.")]
    if valid_until is not None:
        if valid_until < given_on:
            errors["valid_until"] = [_("The end date cannot be before the day consent was "
                                       "given.")]
        elif valid_until < today:
            errors["valid_until"] = [_("This consent would already have expired.")]
    consent = Consent(case=case, recipient=recipient, groups=list(dict.fromkeys(groups)),
                      given_on=given_on, valid_until=valid_until, recorded_by=user)
    try:
        consent.full_clean(exclude=["case", "recipient", "recorded_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    consent.save()
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail={"consent_recorded": consent.pk,
                                         "recipient": recipient.pk,
                                         "groups": sorted(consent.groups)})
    return consent


@transaction.atomic
def withdraw_consent(*, user: User, consent: Consent) -> Consent:
    """Withdraw at once: every referral resting on it stops sharing on the next request."""
    case = consent.case
    _require_owner_editor(user, case)
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."), code="withdrawn")
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = user
    locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail={"consent_withdrawn": locked.pk,
                                         "recipient": locked.recipient_id})
    return locked


# --- Referrals --------------------------------------------------------------------------------


def may_override(user: Any) -> bool:
    return has_capability(user, Capability.OVERRIDE_CONSENT)


def no_consent_message(case: Case, organisation: Organisation) -> str:
    return _(
        "Not sent: the person has not given a consent to share case %(case)s with "
        "%(organisation)s that holds today (none recorded, withdrawn or expired). Record their "
        "consent on the case's Referrals tab first, or ask a coordinator to override it with a "
        "written reason."
    ) % {"case": case.code, "organisation": organisation.name}


@transaction.atomic
def send_referral(*, user: User, case: Case, service: Service, message: str = "",
                  override_reason: str = "", override_groups: Iterable[str] | None = None,
                  override_valid_until: datetime.date | None = None) -> Referral:
    """Refer the case to another organisation's service.

    The consent gate: a consent of the person to share with the service's organisation that
    holds today gives the referral its groups and end date. Without one, only a user who may
    override consent can send it, with a written reason (kept encrypted) and the groups they
    choose; the audit row says it was an override. Where a consent holds, the override fields
    are not used.
    """
    if not has_capability(user, Capability.SEND_REFERRALS) or user.organisation_id is None:
        raise PermissionDenied
    if case.organisation_id != user.organisation_id:
        raise PermissionDenied  # only the case's owner refers it on
    receiver = service.organisation
    if receiver.pk == case.organisation_id:
        raise ValidationError({"service": [_("Choose a service of another organisation: your "
                                             "own organisation already has the case.")]})
    if not service.active or not receiver.is_active:
        raise ValidationError({"service": [_("This service is not accepting referrals.")]})
    if Referral.objects.filter(case=case, service=service, status__in=OPEN_STATES).exists():
        raise ValidationError({"service": [_("This case already has an open referral to this "
                                             "service.")]})
    consent = selectors.active_consent(case, receiver.pk)
    referral = Referral(case=case, sender_id=case.organisation_id, receiver=receiver,
                        service=service, message=message.strip(), sent_by=user)
    if consent is not None:
        referral.consent = consent
        referral.groups = list(consent.groups)
        referral.valid_until = consent.valid_until
    else:
        reason = override_reason.strip()
        if not reason:
            if override_reason or override_groups:
                _require_override(user)
                raise ValidationError({"override_reason": [
                    _("Write why the case is sent without the person's consent.")]})
            raise ValidationError(no_consent_message(case, receiver), code="no_consent")
        _require_override(user)
        if override_valid_until is not None and override_valid_until < timezone.localdate():
            raise ValidationError({"override_valid_until": [
                _("The end date cannot be in the past.")]})
        groups = list(dict.fromkeys(override_groups or []))
        unknown = [g for g in groups if g not in ShareGroup.values]
        if unknown:
            raise ValidationError({"override_groups": [
                _("Unknown group(s): %(codes)s.") % {"codes": ", ".join(unknown)}]})
        referral.groups = groups
        referral.override_reason = reason
        referral.valid_until = override_valid_until
    referral.full_clean(exclude=["case", "sender", "receiver", "service", "consent", "sent_by"])
    referral.save()
    ReferralEvent.objects.create(referral=referral, actor=user, from_status="",
                                 to_status=ReferralStatus.SENT, at=referral.sent_at)
    Notification.objects.create(organisation=receiver, referral=referral,
                                status=ReferralStatus.SENT, created_at=referral.sent_at)
    detail: dict[str, Any] = {"referral_sent": referral.pk, "receiver": receiver.pk,
                              "service": service.pk, "groups": sorted(referral.groups)}
    if consent is not None:
        detail["consent"] = consent.pk
    else:
        detail["consent_override"] = True
    audit.record(actor=user, action=AuditAction.UPDATE, object_type="cases.Case",
                 objects=[case], detail=detail)
    return referral


def _require_override(user: User) -> None:
    if not may_override(user):
        raise PermissionDenied


#: What a person reads when the referral moved on before their action reached it.
REFUSED: dict[str, Any] = {
    "accept": gettext_lazy("This referral is now “%(status)s” and can no longer be accepted. "
                           "Nothing was changed."),
    "decline": gettext_lazy("This referral is now “%(status)s” and can no longer be declined. "
                            "Nothing was changed."),
    "start": gettext_lazy("This referral is now “%(status)s”: work on it cannot be started. "
                          "Nothing was changed."),
    "complete": gettext_lazy("This referral is now “%(status)s” and can no longer be "
                             "completed. Nothing was changed."),
    "revoke": gettext_lazy("This referral is now “%(status)s” and can no longer be revoked. "
                           "Nothing was changed."),
}


def refused_message(action: str, status: str) -> str:
    return str(REFUSED[action]) % {"status": ReferralStatus(status).label}


def changed_message(status: str) -> str:
    return _("This referral changed while you were looking at it: it is now “%(status)s”. "
             "Nothing was changed; look again and choose what to do.") % {
        "status": ReferralStatus(status).label}


def transition(*, user: User, referral: Referral, action: str, decline_reason: str = "",
               decline_note: str = "", expected_status: str = "") -> Referral:
    """Move the referral by ``action`` as ``transitions.TRANSITIONS`` allows.

    The wrong side (or a role that does not act on referrals) gets PermissionDenied; a decline
    without a reason code and a note a ValidationError. The referral row is locked and its state
    read again inside the transaction, so of two people acting at once the second finds the new
    state and gets TransitionRefused; nothing is written then. Each change writes a
    ReferralEvent, a Notification to the other organisation and an audit row.

    ``expected_status`` is the state the user saw when they chose the action (the page sends
    it): if the referral has moved on since, the action is refused even where the new state
    would allow it, so nobody revokes an acceptance they have not seen.
    """
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    side = selectors.side_of(user, referral)
    allowed_side, _sources, _goal = TRANSITIONS[action]
    if side is None or side != allowed_side:
        raise PermissionDenied
    if action == "decline":
        errors: dict[str, list[str]] = {}
        if decline_reason not in DeclineReason.values:
            errors["decline_reason"] = [_("Choose a reason.")]
        if not decline_note.strip():
            errors["decline_note"] = [_("Explain the decline to the sending organisation.")]
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if expected_status and locked.status != expected_status:
            raise TransitionRefused(changed_message(locked.status))
        goal = target(action, side, locked.status)
        if goal is None:
            raise TransitionRefused(refused_message(action, locked.status))
        now = timezone.now()
        previous = locked.status
        locked.status = goal
        fields = ["status", "updated_at"]
        if action in ("accept", "decline"):
            locked.responded_at = now
            fields.append("responded_at")
        if action == "decline":
            locked.decline_reason = decline_reason
            locked.decline_note = decline_note.strip()
            fields += ["decline_reason", "decline_note"]
        if action in ("complete", "revoke", "decline"):
            locked.closed_at = now
            fields.append("closed_at")
        locked.save(update_fields=fields)
        ReferralEvent.objects.create(referral=locked, actor=user, from_status=previous,
                                     to_status=goal, at=now)
        other = locked.receiver_id if side == Side.SENDER else locked.sender_id
        Notification.objects.create(organisation_id=other, referral=locked, status=goal,
                                    created_at=now)
        detail: dict[str, Any] = {"transition": action, "from": previous, "to": goal,
                                  "case": locked.case_id}
        if action == "decline":
            detail["reason"] = decline_reason
        audit.record(actor=user, action=AuditAction.UPDATE, object_type="referrals.Referral",
                     objects=[locked], detail=detail)
    return locked


# --- Notifications ----------------------------------------------------------------------------


@transaction.atomic
def mark_read(*, user: User, notification_ids: Iterable[int] | None = None,
              referral: Referral | None = None) -> int:
    """Mark the organisation's notifications read: those of ``notification_ids``, or of
    ``referral``, or all unread ones; returns how many changed. Ids of other organisations'
    notifications change nothing."""
    unread = selectors.notifications_for(user).filter(read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    if referral is not None:
        unread = unread.filter(referral=referral)
    return unread.update(read_at=timezone.now())
