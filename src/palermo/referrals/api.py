"""``/api/v1/services``, ``/consents``, ``/referrals``, ``/notifications``: the referral mechanism
in JSON, with the pages' rules (the same services and selectors, the same answers: 404 for what
the caller may not see, 403 for what their role may not do, 422 for bad input or a referral the
consent gate refuses, 409 for an action the referral's state no longer allows)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Capability, has_capability
from palermo.api.common import ERRORS, acting_user, writable_values
from palermo.api.errors import ErrorOut, error_response, invalid_fields
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.core.scoping import get_visible_or_404
from palermo.referrals import selectors, services
from palermo.referrals.api_schemas import (
    ActionQuery,
    ConsentCreate,
    ConsentList,
    ConsentOut,
    ConsentQuery,
    DeclineIn,
    Marked,
    NotificationOut,
    NotificationPage,
    NotificationQuery,
    ReferralCreate,
    ReferralOut,
    ReferralPage,
    ReferralQuery,
    ServiceCreate,
    ServiceOut,
    ServicePage,
    ServiceQuery,
    ServiceWrite,
)
from palermo.referrals.codes import SHARING_STATES
from palermo.referrals.models import Consent, Notification, Referral, ReferralEvent, Service
from palermo.referrals.transitions import TRANSITIONS, Side, actions_for

services_router = Router(tags=["services"])
consents_router = Router(tags=["consents"])
referrals_router = Router(tags=["referrals"])
notifications_router = Router(tags=["notifications"])

TRANSITION_ERRORS: dict[int, Any] = {**ERRORS, 409: ErrorOut}
DECLINE_FIELDS = {"decline_reason": "reason", "decline_note": "note"}


def _require(user: User, capability: Capability) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


# --- Services ---------------------------------------------------------------------------------

SERVICE_EMPTY: dict[str, Any] = {
    "description": "", "capacity_total": None, "capacity_free": None, "languages": [],
    "eligible_genders": [], "min_age": None, "max_age": None, "eligible_nationalities": [],
    "contact": "", "opening_hours": "",
}


def service_out(service: Service, editable: bool) -> dict[str, Any]:
    return {
        "id": service.pk,
        "organisation": {"id": service.organisation_id, "name": service.organisation.name},
        "service_type": service.service_type, "name": service.name,
        "description": service.description, "region": service.region,
        "capacity_total": service.capacity_total, "capacity_free": service.capacity_free,
        "languages": list(service.languages), "eligible_genders": list(service.eligible_genders),
        "min_age": service.min_age, "max_age": service.max_age,
        "eligible_nationalities": [c for c in service.eligible_nationalities.split(",") if c],
        "contact": service.contact, "opening_hours": service.opening_hours,
        "active": service.active, "updated_at": service.updated_at, "editable": editable,
    }


def _service_values(payload: ServiceWrite) -> tuple[dict[str, Any], dict[str, list[str]]]:
    values, errors = writable_values(payload.model_dump(exclude_unset=True), SERVICE_EMPTY)
    if "eligible_nationalities" in values:
        values["eligible_nationalities"] = ",".join(values["eligible_nationalities"])
    return values, errors


def _own_service(user: User, service_id: int) -> Service:
    """A service of the caller's organisation (another organisation's: 404 for changes)."""
    service = selectors.get_service(user, service_id)
    if service.organisation_id != user.organisation_id:
        raise Http404
    if not selectors.may_edit_services(user):
        raise PermissionDenied
    return service


@services_router.get("", response={200: ServicePage, **ERRORS},
                     summary="The service directory, filtered")
def list_services(request: HttpRequest, filters: Query[ServiceQuery]) -> dict[str, Any]:
    """Every member organisation's services (no personal data). ``age``, ``sex`` and
    ``citizenship`` keep the services a person with them may use."""
    user = acting_user(request)
    found = selectors.filter_services(user, selectors.ServiceFilters(
        service_type=filters.service_type or "", region=filters.region,
        language=filters.language or "", free_only=filters.free, age=filters.age,
        sex=filters.sex or "", citizenship=filters.citizenship, q=filters.q))
    page = list(found[filters.offset:filters.offset + filters.limit])
    own = user.organisation_id if selectors.may_edit_services(user) else None
    return {"count": found.count(), "limit": filters.limit, "offset": filters.offset,
            "items": [service_out(s, s.organisation_id == own) for s in page]}


@services_router.post("", response={201: ServiceOut, **ERRORS},
                      summary="Add a service of your organisation")
def create_service(request: HttpRequest, payload: ServiceCreate) -> Any:
    user = acting_user(request)
    if not selectors.may_edit_services(user):
        raise PermissionDenied
    values, errors = _service_values(payload)
    if errors:
        return invalid_fields(errors)
    service = services.create_service(user=user, **values)
    return Status(201, service_out(Service.objects.select_related("organisation")
                                   .get(pk=service.pk), True))


@services_router.get("/{service_id}", response={200: ServiceOut, **ERRORS},
                     summary="Read a service")
def read_service(request: HttpRequest, service_id: int) -> dict[str, Any]:
    user = acting_user(request)
    service = selectors.get_service(user, service_id)
    editable = (selectors.may_edit_services(user)
                and service.organisation_id == user.organisation_id)
    return service_out(service, editable)


@services_router.patch("/{service_id}", response={200: ServiceOut, **ERRORS},
                       summary="Change a service of your organisation (free places too)")
def update_service(request: HttpRequest, service_id: int, payload: ServiceWrite) -> Any:
    """Send only what changes, e.g. ``{"capacity_free": 4}`` each morning."""
    user = acting_user(request)
    service = _own_service(user, service_id)
    values, errors = _service_values(payload)
    if errors:
        return invalid_fields(errors)
    services.update_service(user=user, service=service, **values)
    return service_out(Service.objects.select_related("organisation").get(pk=service.pk), True)


# --- Consents ---------------------------------------------------------------------------------


def consent_out(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk, "case_id": consent.case_id, "case_code": consent.case.code,
        "recipient": {"id": consent.recipient_id, "name": consent.recipient.name},
        "groups": list(consent.groups), "given_on": consent.given_on,
        "valid_until": consent.valid_until, "recorded_at": consent.recorded_at,
        "withdrawn_at": consent.withdrawn_at, "state": selectors.consent_state(consent),
    }


def _consents(user: User) -> Any:
    _require(user, Capability.SEE_IDENTITIES)
    return Consent.objects.visible_to(user).select_related("case", "recipient")


@consents_router.get("", response={200: ConsentList, **ERRORS},
                     summary="Consents to share of your organisation's cases")
def list_consents(request: HttpRequest, filters: Query[ConsentQuery]) -> dict[str, Any]:
    """Only the case's own organisation sees its consents; newest first."""
    user = acting_user(request)
    consents = _consents(user)
    if filters.case_id is not None:
        consents = consents.filter(case_id=filters.case_id)
    return {"items": [consent_out(c) for c in consents.order_by("-recorded_at", "-id")[:500]]}


@consents_router.post("", response={201: ConsentOut, **ERRORS},
                      summary="Record the person's consent to share a case")
def create_consent(request: HttpRequest, payload: ConsentCreate) -> Any:
    user = acting_user(request)
    _require(user, Capability.EDIT_CASES)
    case = Case.objects.owned_by(user).filter(pk=payload.case_id).first()
    recipient = Organisation.objects.filter(pk=payload.recipient_id).first()
    errors: dict[str, list[str]] = {}
    if case is None:
        errors["case_id"] = [_("No such case of your organisation.")]
    if recipient is None:
        errors["recipient_id"] = [_("No such organisation.")]
    if errors:
        return invalid_fields(errors)
    assert case is not None and recipient is not None  # noqa: S101 - checked just above
    consent = services.record_consent(user=user, case=case, recipient=recipient,
                                      groups=payload.groups, given_on=payload.given_on,
                                      valid_until=payload.valid_until)
    return Status(201, consent_out(consent))


@consents_router.get("/{consent_id}", response={200: ConsentOut, **ERRORS},
                     summary="Read a consent")
def read_consent(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    user = acting_user(request)
    return consent_out(get_visible_or_404(_consents(user), user, pk=consent_id))


@consents_router.post("/{consent_id}/withdraw", response={200: ConsentOut, **ERRORS},
                      summary="Withdraw a consent, effective at once")
def withdraw_consent(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    """Every referral resting on it stops sharing the case on the receiver's next request."""
    user = acting_user(request)
    consent = get_visible_or_404(_consents(user), user, pk=consent_id)
    _require(user, Capability.EDIT_CASES)
    withdrawn = services.withdraw_consent(user=user, consent=consent)
    withdrawn.case, withdrawn.recipient = consent.case, consent.recipient
    return consent_out(withdrawn)


# --- Referrals --------------------------------------------------------------------------------


def referral_out(referral: Referral, user: User) -> dict[str, Any]:
    side = selectors.side_of(user, referral)
    sender_side = side == Side.SENDER
    events: list[ReferralEvent] = list(referral.events.all())
    return {
        "id": referral.pk, "case_id": referral.case_id, "case_code": referral.case.code,
        "sender": {"id": referral.sender_id, "name": referral.sender.name},
        "receiver": {"id": referral.receiver_id, "name": referral.receiver.name},
        "service": {"id": referral.service_id, "name": referral.service.name},
        "status": referral.status, "groups": list(referral.groups),
        "valid_until": referral.valid_until, "message": referral.message,
        "decline_reason": referral.decline_reason, "decline_note": referral.decline_note,
        "sent_at": referral.sent_at, "responded_at": referral.responded_at,
        "closed_at": referral.closed_at,
        "shares_case": referral.status in SHARING_STATES and selectors.consent_holds(referral),
        "actions": actions_for(side, referral.status) if side else [],
        "consent_id": referral.consent_id if sender_side else None,
        "override": referral.consent_id is None if sender_side else None,
        "override_reason": referral.override_reason if sender_side else None,
        "events": [{"from_status": e.from_status, "to_status": e.to_status, "at": e.at,
                    "organisation": (referral.sender.name if e.to_status in ("sent", "revoked")
                                     else referral.receiver.name)} for e in events],
    }


def _referral(user: User, referral_id: int) -> Referral:
    _require(user, Capability.SEND_REFERRALS)
    return selectors.get_referral(user, referral_id)


def _fresh(referral_id: int) -> Referral:
    return Referral.objects.select_related(
        "case", "sender", "receiver", "service", "consent"
    ).prefetch_related(Prefetch("events", ReferralEvent.objects.order_by("at", "id"))).get(
        pk=referral_id)


@referrals_router.get("", response={200: ReferralPage, **ERRORS},
                      summary="Referrals your organisation received or sent")
def list_referrals(request: HttpRequest, filters: Query[ReferralQuery]) -> dict[str, Any]:
    """Newest first. Writes one audit row naming the referrals shown."""
    user = acting_user(request)
    _require(user, Capability.SEND_REFERRALS)
    found = selectors.referrals_for(user, direction=filters.direction,
                                    status=filters.status or "").select_related("consent")
    page = list(found.prefetch_related(
        Prefetch("events", ReferralEvent.objects.order_by("at", "id")))[
        filters.offset:filters.offset + filters.limit])
    audit.record(actor=user, action=AuditAction.VIEW, object_type="referrals.Referral",
                 objects=page, detail={"api": "list", "direction": filters.direction})
    return {"count": found.count(), "limit": filters.limit, "offset": filters.offset,
            "items": [referral_out(r, user) for r in page]}


@referrals_router.post("", response={201: ReferralOut, **ERRORS},
                       summary="Refer a case to a service (the consent gate applies)")
def send_referral(request: HttpRequest, payload: ReferralCreate) -> Any:
    """Refused with 422 ``no_consent`` unless the person's consent to share with the service's
    organisation holds today, or a role that may override consent gives ``override_reason``
    (403 for other roles)."""
    user = acting_user(request)
    _require(user, Capability.SEND_REFERRALS)
    case = Case.objects.owned_by(user).filter(pk=payload.case_id).first()
    service = selectors.services_visible_to(user).select_related("organisation").filter(
        pk=payload.service_id).first()
    errors: dict[str, list[str]] = {}
    if case is None:
        errors["case_id"] = [_("No such case of your organisation.")]
    if service is None:
        errors["service_id"] = [_("No such service.")]
    if errors:
        return invalid_fields(errors)
    assert case is not None and service is not None  # noqa: S101 - checked just above
    try:
        referral = services.send_referral(
            user=user, case=case, service=service, message=payload.message,
            override_reason=payload.override_reason, override_groups=payload.groups,
            override_valid_until=payload.valid_until)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "no_consent":
            return error_response(422, "no_consent", " ".join(exc.messages))
        raise
    return Status(201, referral_out(_fresh(referral.pk), user))


@referrals_router.get("/{referral_id}", response={200: ReferralOut, **ERRORS},
                      summary="Read a referral")
def read_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """Writes an audit row."""
    user = acting_user(request)
    referral = _referral(user, referral_id)
    audit.record(actor=user, action=AuditAction.VIEW, object_type="referrals.Referral",
                 objects=[referral], detail={"api": "read", "case": referral.case_id})
    return referral_out(_fresh(referral.pk), user)


def _act(request: HttpRequest, referral_id: int, action: str, expected: ActionQuery,
         **extra: str) -> Any:
    user = acting_user(request)
    referral = _referral(user, referral_id)
    try:
        services.transition(user=user, referral=referral, action=action,
                            expected_status=expected.expected_status or "", **extra)
    except services.TransitionRefused as exc:
        return error_response(409, "transition_refused", str(exc))
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        # The service names its arguments; the API's body says reason and note.
        return invalid_fields({DECLINE_FIELDS.get(name, name): [str(m) for m in messages]
                               for name, messages in exc.message_dict.items()})
    return referral_out(_fresh(referral.pk), user)


def _transition_route(action: str) -> None:
    side, sources, goal = TRANSITIONS[action]

    def view(request: HttpRequest, referral_id: int, expected: Query[ActionQuery]) -> Any:
        return _act(request, referral_id, action, expected)

    view.__name__ = f"{action}_referral"
    view.__doc__ = (f"For the {side} only (403 otherwise), from {', '.join(sources)}; leads to "
                    f"{goal}. 409 when the referral's state no longer allows it, or is no "
                    "longer ``expected_status``.")
    referrals_router.post(f"/{{referral_id}}/{action}",
                          response={200: ReferralOut, **TRANSITION_ERRORS},
                          summary=f"{action.capitalize()} the referral")(view)


for _action in ("accept", "start", "complete", "revoke"):
    _transition_route(_action)


@referrals_router.post("/{referral_id}/decline",
                       response={200: ReferralOut, **TRANSITION_ERRORS},
                       summary="Decline the referral (reason code and note)")
def decline_referral(request: HttpRequest, referral_id: int, payload: DeclineIn,
                     expected: Query[ActionQuery]) -> Any:
    """For the receiver only (403 otherwise), from sent; leads to declined. 409 when the
    referral's state no longer allows it."""
    return _act(request, referral_id, "decline", expected, decline_reason=payload.reason,
                decline_note=payload.note)


# --- Notifications ----------------------------------------------------------------------------


def notification_out(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk, "referral_id": notification.referral_id,
        "case_code": notification.referral.case.code, "status": notification.status,
        "message": selectors.notification_message(notification),
        "created_at": notification.created_at, "read_at": notification.read_at,
    }


@notifications_router.get("", response={200: NotificationPage, **ERRORS},
                          summary="Your organisation's notifications, newest first")
def list_notifications(request: HttpRequest,
                       filters: Query[NotificationQuery]) -> dict[str, Any]:
    user = acting_user(request)
    _require(user, Capability.SEND_REFERRALS)
    found = selectors.notifications_for(user)
    if filters.unread:
        found = found.filter(read_at__isnull=True)
    page = selectors.notification_rows(found)[filters.offset:filters.offset + filters.limit]
    return {"count": found.count(), "unread": selectors.unread_count(user),
            "limit": filters.limit, "offset": filters.offset,
            "items": [notification_out(n) for n in page]}


@notifications_router.post("/read", response={200: Marked, **ERRORS},
                           summary="Mark all your organisation's notifications read")
def read_all(request: HttpRequest) -> dict[str, int]:
    user = acting_user(request)
    _require(user, Capability.SEND_REFERRALS)
    return {"marked": services.mark_read(user=user)}


@notifications_router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS},
                           summary="Mark one notification read")
def read_one(request: HttpRequest, notification_id: int) -> Any:
    user = acting_user(request)
    _require(user, Capability.SEND_REFERRALS)
    notification = selectors.notification_rows(selectors.notifications_for(user)).filter(
        pk=notification_id).first()
    if notification is None:
        raise Http404
    services.mark_read(user=user, notification_ids=[notification.pk])
    notification.refresh_from_db(fields=["read_at"])
    return notification_out(notification)
