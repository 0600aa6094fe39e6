"""Request and response shapes of the referral API (``api.py``). Codes are those of
``referrals.codes`` and ``cases.codes``; countries ISO 3166-1 alpha-2."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from palermo.api.schemas import MAX_OFFSET, CountryCode, InputSchema, Page
from palermo.cases.codes import Gender, Language
from palermo.referrals.codes import DeclineReason, ReferralStatus, ServiceType, ShareGroup

# --- Services ---------------------------------------------------------------------------------


class ServiceWrite(InputSchema):
    """Send only what changes; null clears a field that may be empty."""

    service_type: ServiceType | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    region: str | None = Field(None, min_length=1, max_length=100)
    capacity_total: int | None = Field(None, ge=0, description="Places in all, e.g. beds.")
    capacity_free: int | None = Field(None, ge=0, description="At most capacity_total.")
    languages: list[Language] | None = Field(None, description="ISO 639-1.")
    eligible_genders: list[Gender] | None = Field(None, description="Empty: anyone.")
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    eligible_nationalities: list[CountryCode] | None = Field(
        None, description="ISO 3166-1 alpha-2 codes; empty: citizens of any country.")
    contact: str | None = Field(None, max_length=2000)
    opening_hours: str | None = Field(None, max_length=200)
    active: bool | None = Field(None, description="Accepting referrals.")


class ServiceCreate(ServiceWrite):
    service_type: ServiceType
    name: str = Field(..., min_length=1, max_length=200)
    region: str = Field(..., min_length=1, max_length=100)


class OrganisationRef(Schema):
    id: int
    name: str


class ServiceOut(Schema):
    id: int
    organisation: OrganisationRef
    service_type: str
    name: str
    description: str
    region: str
    capacity_total: int | None
    capacity_free: int | None
    languages: list[str]
    eligible_genders: list[str]
    min_age: int | None
    max_age: int | None
    eligible_nationalities: list[str]
    contact: str
    opening_hours: str
    active: bool
    updated_at: datetime.datetime
    editable: bool = Field(..., description="Whether you may change it.")


class ServicePage(Page):
    items: list[ServiceOut]


class ServiceQuery(Schema):
    service_type: ServiceType | None = None
    region: str = Field("", max_length=100, description="Exact, any case.")
    language: Language | None = None
    free: bool = Field(False, description="Only services with free places (> 0).")
    age: int | None = Field(None, ge=0, le=120, description="A person's age: services open "
                            "to it.")
    sex: Gender | None = Field(None, description="A person's sex: services open to it.")
    citizenship: CountryCode = Field("", description="A person's citizenship.")
    q: str = Field("", max_length=100, description="Part of the name.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


# --- Consents ---------------------------------------------------------------------------------


class ConsentCreate(InputSchema):
    case_id: int
    recipient_id: int = Field(..., description="The organisation the person consents to "
                              "share with.")
    groups: list[ShareGroup] = Field(default_factory=list, description="Beyond the summary.")
    given_on: datetime.date
    valid_until: datetime.date | None = Field(None, description="Null: until withdrawn.")


class ConsentOut(Schema):
    id: int
    case_id: int
    case_code: str
    recipient: OrganisationRef
    groups: list[str]
    given_on: datetime.date
    valid_until: datetime.date | None
    recorded_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    state: Literal["active", "withdrawn", "expired", "pending"]


class ConsentQuery(Schema):
    case_id: int | None = None


class ConsentList(Schema):
    items: list[ConsentOut]


# --- Referrals --------------------------------------------------------------------------------


class ReferralCreate(InputSchema):
    case_id: int
    service_id: int
    message: str = Field("", max_length=5000)
    override_reason: str = Field(
        "", max_length=5000, description="Only without a consent that holds, and only for a "
        "role that may override consent: why the case is sent anyway (kept encrypted).")
    groups: list[ShareGroup] = Field(
        default_factory=list, description="With an override: what to share beyond the "
        "summary. Ignored where a consent holds (its groups are used).")
    valid_until: datetime.date | None = Field(
        None, description="With an override: share until. Ignored where a consent holds.")


class ActionQuery(Schema):
    expected_status: ReferralStatus | None = Field(
        None, description="Act only if the referral is still in this state (the one you "
        "showed the user); 409 otherwise.")


class DeclineIn(InputSchema):
    """Both are required; they are checked once the referral is found (so an organisation that
    is not party to it gets 404 whatever it sends)."""

    reason: str = Field("", max_length=20, description="One of: " + ", ".join(
        DeclineReason.values) + ".", examples=[DeclineReason.NO_CAPACITY.value])
    note: str = Field("", max_length=5000, description="The explanation for the sender.")


class ReferralEventOut(Schema):
    from_status: str
    to_status: str
    at: datetime.datetime
    organisation: str


class ReferralOut(Schema):
    id: int
    case_id: int
    case_code: str
    sender: OrganisationRef
    receiver: OrganisationRef
    service: OrganisationRef = Field(..., description="The service's id and name.")
    status: ReferralStatus
    groups: list[str] = Field(..., description="Shared beyond the summary.")
    valid_until: datetime.date | None
    message: str
    decline_reason: str
    decline_note: str
    sent_at: datetime.datetime
    responded_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    shares_case: bool = Field(..., description="Whether the receiver sees the case now.")
    actions: list[str] = Field(..., description="What you may do now (POST …/{action}).")
    consent_id: int | None = Field(..., description="Sender only; null for the receiver.")
    override: bool | None = Field(..., description="Sender only: sent without consent.")
    override_reason: str | None = Field(..., description="Sender only.")
    events: list[ReferralEventOut]


class ReferralQuery(Schema):
    direction: Literal["incoming", "outgoing"] = "incoming"
    status: ReferralStatus | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ReferralPage(Page):
    items: list[ReferralOut]


# --- Notifications ----------------------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    referral_id: int
    case_code: str
    status: str
    message: str = Field(..., examples=["Case C-2026-000012 referral accepted by Neva "
                                        "Shelter for Women"])
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationQuery(Schema):
    unread: bool = Field(False, description="Only unread ones.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class NotificationPage(Page):
    unread: int
    items: list[NotificationOut]


class Marked(Schema):
    marked: int
