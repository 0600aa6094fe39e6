"""The demo's referral mechanism: a service directory for the five demo organisations, and
consents and referrals in every state for a few of the demo cases (``palermo demo``).

Everything goes through ``referrals.services``, as the pages would, so the audit chain, events and
notifications are the real ones. The same demo database always gets the same services and the
same cases referred (the first demo cases of each kind, by code). Run once: a second run finds
the services and the marker row and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from palermo.accounts.models import Organisation, User
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction, AuditEvent
from palermo.referrals import services
from palermo.referrals.codes import ServiceType, ShareGroup
from palermo.referrals.models import Referral, Service

#: Who acts for each demo organisation (``accounts.demo`` keys and usernames).
ACTORS = {"A": "caseworker", "B": "shelter", "legal": "legal-caseworker",
          "inspectorate": "inspector", "national": "coordinator"}
#: The audit detail that marks the demo referrals as loaded.
MARK = {"demo": "referrals"}


@dataclass(frozen=True)
class DemoService:
    organisation: str  # an accounts.demo key
    service_type: str
    name: str
    region: str
    capacity_total: int | None = None
    capacity_free: int | None = None
    languages: tuple[str, ...] = ("ru",)
    eligible_genders: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    eligible_nationalities: str = ""
    description: str = ""
    contact: str = ""
    opening_hours: str = ""


S = ServiceType
SERVICES: tuple[DemoService, ...] = (
    DemoService("B", S.SHELTER, "Crisis shelter for women", "St Petersburg", 24, 5,
                ("ru", "en", "uz", "ky"), ("Feminine",), min_age=18,
                description="Safe, confidential housing for up to six months, with meals, "
                            "a social worker and help with documents.",
                contact="+7 812 555-01-10 (24 h)", opening_hours="24 hours, every day"),
    DemoService("B", S.SHELTER, "Shelter for girls", "St Petersburg", 8, 1, ("ru",),
                ("Feminine",), min_age=14, max_age=17,
                description="Places for girls aged 14 to 17, with a guardian's or the "
                            "guardianship authority's consent.",
                contact="+7 812 555-01-11", opening_hours="24 hours, every day"),
    DemoService("B", S.MEDICAL, "Medical check-up and STI testing", "St Petersburg", 10, 4,
                ("ru", "en"), ("Feminine",), min_age=14,
                contact="+7 812 555-01-12", opening_hours="Mon–Fri 9:00–17:00"),
    DemoService("B", S.PSYCHOLOGICAL, "Trauma counselling", "St Petersburg", 15, 3,
                ("ru", "en", "uk"), contact="+7 812 555-01-13",
                opening_hours="Mon–Sat 10:00–19:00"),
    DemoService("A", S.MATERIAL_AID, "Emergency material aid", "Moscow",
                languages=("ru", "uz", "tg", "ky"),
                description="Food, clothes, a phone and a travel card in the first days.",
                contact="+7 495 555-02-20", opening_hours="Mon–Fri 10:00–18:00"),
    DemoService("A", S.INTERPRETATION, "Interpreters: Uzbek, Tajik, Kyrgyz, Vietnamese",
                "Moscow", 6, 2, ("ru", "uz", "tg", "ky", "vi"),
                contact="+7 495 555-02-21", opening_hours="On request, within 24 hours"),
    DemoService("A", S.MEDICAL, "Escort to a partner clinic", "Moscow", 5, 5,
                ("ru", "uz", "tg"), contact="+7 495 555-02-22",
                opening_hours="Mon–Fri 9:00–18:00"),
    DemoService("legal", S.LEGAL_AID, "Legal aid for victims of trafficking", "Moscow", 30, 7,
                ("ru", "en"),
                description="Advice, complaints and representation as an injured party in "
                            "criminal proceedings; residence and work permits.",
                contact="+7 495 555-03-30", opening_hours="Mon–Fri 10:00–19:00"),
    DemoService("legal", S.LEGAL_AID, "Representation of prisoners and conscripts",
                "Moscow Oblast", 12, 2, ("ru",), ("Masculine",), min_age=18,
                description="Complaints about forced labour in penal colonies and forced "
                            "recruitment; court representation.",
                contact="+7 495 555-03-31", opening_hours="Mon–Fri 10:00–18:00"),
    DemoService("inspectorate", S.EMPLOYMENT, "Wage recovery and safe employment advice",
                "Moscow Oblast", languages=("ru",),
                description="Inspection of the employer, recovery of unpaid wages, advice on "
                            "lawful work.",
                contact="+7 495 555-04-40", opening_hours="Mon–Thu 9:00–18:00"),
    DemoService("national", S.RETURN, "Assisted voluntary return and reintegration",
                "Moscow", 20, 9, ("ru", "en", "uz", "tg", "ky", "vi"),
                eligible_nationalities="UZ,TJ,KG,VN,NG,UA",
                description="Travel documents, the journey home and a reintegration grant, "
                            "with partner organisations in the country of origin.",
                contact="+7 495 555-05-50", opening_hours="Mon–Fri 9:00–18:00"),
)


@dataclass(frozen=True)
class DemoReferral:
    """The next demo case of ``owner`` (by code; with a person of ``gender`` if given) referred
    to ``service`` and taken along ``path``."""

    owner: str
    service: str
    path: tuple[str, ...]
    groups: tuple[str, ...] = (ShareGroup.NARRATIVE, ShareGroup.EVENTS)
    gender: str = ""
    message: str = ""
    decline: tuple[str, str] = ("", "")
    withdraw_consent: bool = False
    override_reason: str = ""


G = ShareGroup
REFERRALS: tuple[DemoReferral, ...] = (
    DemoReferral("A", "Crisis shelter for women", ("accept", "start"),
                 (G.IDENTITY, G.CONTACT, G.NARRATIVE), gender="Feminine",
                 message="Needs a safe place tonight; the employer holds her passport."),
    DemoReferral("A", "Legal aid for victims of trafficking", (),
                 (G.NARRATIVE, G.EVENTS, G.SCREENING),
                 message="Wants to claim unpaid wages and to testify against the recruiter."),
    DemoReferral("A", "Crisis shelter for women", ("decline",), gender="Feminine",
                 decline=("no_capacity", "No free bed until Monday; please ask again then.")),
    DemoReferral("A", "Legal aid for victims of trafficking", ("accept", "complete"),
                 (G.NARRATIVE, G.EVENTS, G.PERPETRATORS),
                 message="Statement to the police prepared together; needs a lawyer for it."),
    DemoReferral("A", "Trauma counselling", ("revoke",),
                 message="Sent by mistake: the person chose a counsellor near home."),
    DemoReferral("A", "Medical check-up and STI testing", ("accept",), (G.IDENTITY,),
                 gender="Feminine", withdraw_consent=True),
    DemoReferral("national", "Crisis shelter for women", ("accept",), (G.CONTACT,),
                 gender="Feminine",
                 override_reason="The person is in hospital after an assault and cannot sign; "
                                 "the police asked for a shelter place today."),
    DemoReferral("B", "Interpreters: Uzbek, Tajik, Kyrgyz, Vietnamese", (),
                 (G.CONTACT,), message="An interpreter for the interview on Thursday."),
)


def loaded() -> bool:
    return AuditEvent.objects.filter(object_type="referrals.Referral", action=AuditAction.CREATE,
                                     detail__demo="referrals").exists()


def ensure_services(organisations: dict[str, Organisation]) -> int:
    """The demo directory, each service created if its organisation has none of that name."""
    users = _actors()
    created = 0
    for spec in SERVICES:
        organisation = organisations[spec.organisation]
        if Service.objects.filter(organisation=organisation, name=spec.name).exists():
            continue
        services.create_service(
            user=users[spec.organisation], service_type=spec.service_type, name=spec.name,
            region=spec.region, capacity_total=spec.capacity_total,
            capacity_free=spec.capacity_free, languages=list(spec.languages),
            eligible_genders=list(spec.eligible_genders), min_age=spec.min_age,
            max_age=spec.max_age, eligible_nationalities=spec.eligible_nationalities,
            description=spec.description, contact=spec.contact,
            opening_hours=spec.opening_hours, active=True)
        created += 1
    return created


def _actors() -> dict[str, User]:
    by_name = {u.username: u for u in User.objects.filter(username__in=ACTORS.values())}
    return {key: by_name[name] for key, name in ACTORS.items() if name in by_name}


def _case(organisation: Organisation, gender: str, used: set[int]) -> Case | None:
    """The organisation's first case by code not referred yet (with a person of ``gender``)."""
    cases = Case.objects.filter(organisation=organisation).exclude(pk__in=used)
    if gender:
        cases = cases.filter(persons__gender=gender)
    return cases.order_by("code").first()


@transaction.atomic
def ensure_referrals(organisations: dict[str, Organisation]) -> int:
    """Consents and referrals of ``REFERRALS`` for the demo cases; returns how many referrals
    were made (0 when loaded before, or when there are no demo cases)."""
    if loaded():
        return 0
    users = _actors()
    today = timezone.localdate()
    made: list[Referral] = []
    used: set[int] = set()
    for number, spec in enumerate(REFERRALS):
        owner = organisations[spec.owner]
        sender = users.get(spec.owner)
        case = _case(owner, spec.gender, used)
        service = Service.objects.select_related("organisation").filter(name=spec.service).first()
        if case is None or sender is None or service is None:
            continue
        used.add(case.pk)
        receiver_key = next(k for k, o in organisations.items() if o.pk == service.organisation_id)
        receiving = users[receiver_key]
        consent = None
        if not spec.override_reason:
            consent = services.record_consent(
                user=sender, case=case, recipient=service.organisation, groups=list(spec.groups),
                given_on=today - datetime.timedelta(days=len(REFERRALS) - number),
                valid_until=today + datetime.timedelta(days=180))
        referral = services.send_referral(
            user=sender, case=case, service=service, message=spec.message,
            override_reason=spec.override_reason,
            override_groups=list(spec.groups) if spec.override_reason else None)
        for action in spec.path:
            actor = sender if action == "revoke" else receiving
            reason, note = spec.decline
            extra = {"decline_reason": reason, "decline_note": note} if action == "decline" else {}
            referral = services.transition(user=actor, referral=referral, action=action, **extra)
        if spec.withdraw_consent and consent is not None:
            services.withdraw_consent(user=sender, consent=consent)
        made.append(referral)
    if made:
        audit.record(actor=None, action=AuditAction.CREATE, object_type="referrals.Referral",
                     objects=made, detail=dict(MARK))
    return len(made)


def ensure(organisations: dict[str, Organisation]) -> tuple[int, int]:
    """The demo directory and referrals: (services created, referrals made) now."""
    return ensure_services(organisations), ensure_referrals(organisations)

