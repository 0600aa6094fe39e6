"""Reads of the referral mechanism, always scoped to the user: the service directory and its
filters, a case's consents (its owner only), referrals in and out, notifications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.models import Case, Person
from palermo.core.scoping import get_visible_or_404
from palermo.referrals.codes import ReferralStatus
from palermo.referrals.models import (
    Consent,
    ConsentQuerySet,
    Notification,
    NotificationQuerySet,
    Referral,
    ReferralQuerySet,
    Service,
    ServiceQuerySet,
)
from palermo.referrals.transitions import Side

# --- Service directory ------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFilters:
    service_type: str = ""
    region: str = ""
    language: str = ""
    free_only: bool = False
    age: int | None = None
    sex: str = ""
    citizenship: str = ""
    q: str = ""
    active_only: bool = False


def services_visible_to(user: Any) -> ServiceQuerySet:
    return Service.objects.visible_to(user)


def services_editable_by(user: Any) -> ServiceQuerySet:
    """Services the user may change: their organisation's, for staff who send referrals or
    manage accounts; nothing for anyone else."""
    if not (has_capability(user, Capability.SEND_REFERRALS)
            or has_capability(user, Capability.MANAGE_USERS)):
        return Service.objects.none()
    return Service.objects.editable_by(user)


def may_edit_services(user: Any) -> bool:
    return (getattr(user, "organisation_id", None) is not None
            and (has_capability(user, Capability.SEND_REFERRALS)
                 or has_capability(user, Capability.MANAGE_USERS)))


def get_service(user: Any, pk: int) -> Service:
    return get_visible_or_404(Service.objects.select_related("organisation"), user, pk=pk)


def get_editable_service(user: Any, pk: int) -> Service:
    """A service the user may change; 404 for everyone else (another organisation's service
    exists for them only in the directory, read-only)."""
    try:
        return services_editable_by(user).select_related("organisation").get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def nationality_filter(code: str) -> Q:
    """Services open to citizens of ``code``: those naming no nationality, or naming it
    (``eligible_nationalities`` is kept as ``UZ,TJ,KG``)."""
    code = code.strip().upper()
    return (Q(eligible_nationalities="") | Q(eligible_nationalities=code)
            | Q(eligible_nationalities__startswith=f"{code},")
            | Q(eligible_nationalities__endswith=f",{code}")
            | Q(eligible_nationalities__contains=f",{code},"))


def eligibility_filter(*, age: int | None = None, sex: str = "", citizenship: str = "") -> Q:
    """Services a person of this age, sex and citizenship may use; unknown values exclude
    nothing."""
    condition = Q()
    if age is not None:
        condition &= (Q(min_age__isnull=True) | Q(min_age__lte=age))
        condition &= (Q(max_age__isnull=True) | Q(max_age__gte=age))
    if sex:
        condition &= (Q(eligible_genders="") | Q(eligible_genders__has=sex))
    if citizenship:
        condition &= nationality_filter(citizenship)
    return condition


def filter_services(user: Any, filters: ServiceFilters) -> ServiceQuerySet:
    services = services_visible_to(user)
    if filters.service_type:
        services = services.filter(service_type=filters.service_type)
    if filters.region:
        services = services.filter(region__iexact=filters.region.strip())
    if filters.language:
        services = services.filter(languages__has=filters.language)
    if filters.free_only:
        services = services.filter(capacity_free__gt=0)
    if filters.active_only:
        services = services.filter(active=True)
    services = services.filter(eligibility_filter(
        age=filters.age, sex=filters.sex, citizenship=filters.citizenship))
    if filters.q.strip():
        services = services.filter(name__icontains=filters.q.strip())
    return services.select_related("organisation").order_by(
        "service_type", "region", "name", "pk")


def directory_regions(user: Any) -> list[str]:
    """The regions the directory has services in, for the region filter."""
    return sorted(set(services_visible_to(user).values_list("region", flat=True)), key=str.lower)


def person_age(person: Person, today: datetime.date | None = None) -> int | None:
    """Age in whole years from the year of birth (in clear; the encrypted date is not read)."""
    if person.birth_year is None:
        return None
    return (today or timezone.localdate()).year - person.birth_year


def case_eligibility(case: Case, today: datetime.date | None = None) -> Q:
    """Services every person of the case may use, as far as their age, sex and citizenship are
    known (codes and statistics fields only: no identity is decrypted)."""
    condition = Q()
    persons = case.persons.only("id", "gender", "birth_year", "citizenships")
    for person in persons:
        sex = person.gender if person.gender != "NonSpecifiedUnknown" else ""
        condition &= eligibility_filter(age=person_age(person, today), sex=sex)
        citizenships = [str(c) for c in person.citizenships or []]
        if citizenships:
            any_of = Q(pk__in=[])
            for code in citizenships:
                any_of |= nationality_filter(code)
            condition &= any_of
    return condition


# --- Consents ---------------------------------------------------------------------------------


def consents_of(user: Any, case: Case) -> ConsentQuerySet:
    """The case's consents, for its owner organisation only (receivers see none)."""
    return Consent.objects.visible_to(user).filter(case=case).select_related(
        "recipient", "recorded_by", "withdrawn_by")


def get_consent(user: Any, case: Case, pk: int) -> Consent:
    return get_visible_or_404(Consent.objects.filter(case=case), user, pk=pk)


def active_consent(case: Case, organisation_id: int,
                   today: datetime.date | None = None) -> Consent | None:
    """The newest consent of the case to share with ``organisation_id`` that holds today: not
    withdrawn, not expired, already given."""
    day = today or timezone.localdate()
    return (Consent.objects.filter(case=case, recipient_id=organisation_id,
                                   withdrawn_at__isnull=True, given_on__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .order_by("-recorded_at", "-id").first())


def consent_state(consent: Consent, today: datetime.date | None = None) -> str:
    """``withdrawn``, ``expired``, ``pending`` (given in the future) or ``active``."""
    day = today or timezone.localdate()
    if consent.withdrawn_at is not None:
        return "withdrawn"
    if consent.valid_until is not None and consent.valid_until < day:
        return "expired"
    if consent.given_on > day:
        return "pending"
    return "active"


# --- Referrals --------------------------------------------------------------------------------

DIRECTIONS = ("incoming", "outgoing")


def referrals_visible_to(user: Any) -> ReferralQuerySet:
    return Referral.objects.visible_to(user)


def referrals_for(user: Any, *, direction: str = "incoming", status: str = "") -> ReferralQuerySet:
    """The organisation's incoming (received) or outgoing (sent) referrals, newest first."""
    org = getattr(user, "organisation_id", None)
    referrals = referrals_visible_to(user)
    referrals = (referrals.filter(receiver_id=org) if direction == "incoming"
                 else referrals.filter(sender_id=org))
    if status:
        referrals = referrals.filter(status=status)
    return referrals.select_related("case", "sender", "receiver", "service").order_by(
        "-sent_at", "-id")


def case_referrals(user: Any, case: Case) -> ReferralQuerySet:
    """The case's referrals the user's organisation is party to (all of them for its owner)."""
    return referrals_visible_to(user).filter(case=case).select_related(
        "sender", "receiver", "service").order_by("-sent_at", "-id")


def get_referral(user: Any, pk: int) -> Referral:
    return get_visible_or_404(
        Referral.objects.select_related("case", "sender", "receiver", "service", "consent",
                                        "sent_by"),
        user, pk=pk)


def side_of(user: Any, referral: Referral) -> Side | None:
    """Which side of the referral the user acts for, if their role may act on referrals."""
    if not has_capability(user, Capability.SEND_REFERRALS):
        return None
    org = getattr(user, "organisation_id", None)
    if org is not None and org == referral.sender_id:
        return Side.SENDER
    if org is not None and org == referral.receiver_id:
        return Side.RECEIVER
    return None


def consent_holds(referral: Referral, today: datetime.date | None = None) -> bool:
    """Whether what the referral shares still stands: an override, or a consent neither
    withdrawn nor past the referral's end date."""
    day = today or timezone.localdate()
    if referral.valid_until is not None and referral.valid_until < day:
        return False
    return referral.consent is None or referral.consent.withdrawn_at is None


# --- Notifications ----------------------------------------------------------------------------


def notifications_for(user: Any) -> NotificationQuerySet:
    """The organisation's notifications, for staff who act on referrals."""
    if not has_capability(user, Capability.SEND_REFERRALS):
        return Notification.objects.none()
    return Notification.objects.visible_to(user)


def unread_count(user: Any) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def notification_rows(notifications: QuerySet[Notification, Any]) -> QuerySet[Notification, Any]:
    """What a notification line needs: the case code and the organisations' names only."""
    return notifications.select_related(
        "referral__case", "referral__sender", "referral__receiver"
    ).only(
        "id", "organisation_id", "status", "created_at", "read_at", "referral_id",
        "referral__case__code", "referral__sender__name", "referral__receiver__name",
        "referral__sender_id", "referral__receiver_id",
    )


#: The line a notification shows: the case code and an organisation's name only.
NOTIFICATION_TEXTS: dict[str, Any] = {
    ReferralStatus.SENT: gettext_lazy("Case %(case)s referred to you by %(organisation)s"),
    ReferralStatus.ACCEPTED: gettext_lazy("Case %(case)s referral accepted by %(organisation)s"),
    ReferralStatus.DECLINED: gettext_lazy("Case %(case)s referral declined by %(organisation)s"),
    ReferralStatus.IN_PROGRESS: gettext_lazy(
        "Case %(case)s referral: work started by %(organisation)s"),
    ReferralStatus.COMPLETED: gettext_lazy(
        "Case %(case)s referral completed by %(organisation)s"),
    ReferralStatus.REVOKED: gettext_lazy("Case %(case)s referral revoked by %(organisation)s"),
}


def notification_message(notification: Notification) -> str:
    """"Case C-… referral accepted by …": the other organisation is the one that acted."""
    referral = notification.referral
    actor = (referral.sender if notification.organisation_id == referral.receiver_id
             else referral.receiver)
    return str(NOTIFICATION_TEXTS[notification.status]) % {
        "case": referral.case.code, "organisation": actor.name}
