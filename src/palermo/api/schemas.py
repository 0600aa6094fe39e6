"""Request and response shapes of the registry API. Codes are the HTCDS values of
``cases.codes`` (unknown codes are refused with the field named); countries ISO 3166-1 alpha-2.

List items carry no identifying field: names, dates of birth, documents, contacts, addresses
and narratives are only in the single-object read.

A case shared with the caller's organisation through a referral carries its summary and the
groups of fields the referral shares (``groups``); a field outside them is ``null`` (see
docs/security/sharing.md).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict

from palermo.cases import codes

#: The largest offset a page may start at: far past any registry, and within what every
#: database's OFFSET takes (a larger one made the list fail instead of answering 422).
MAX_OFFSET = 10**9


def _country(value: str) -> str:
    value = value.strip().upper()
    if value and value not in countries:
        raise ValueError(_("Unknown country code; use ISO 3166-1 alpha-2, such as RU or UZ."))
    return value


#: ISO 3166-1 alpha-2; an empty string means "not recorded".
CountryCode = Annotated[
    str, AfterValidator(_country), Field(max_length=2, examples=["UZ"]),
]


class InputSchema(Schema):
    """Unknown keys are refused, so a misspelt field never silently does nothing."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Document(InputSchema):
    type: str = Field("", max_length=50, examples=["passport"])
    number: str = Field(..., max_length=100)
    country: CountryCode = ""


class DocumentOut(Schema):
    type: str = ""
    number: str = ""
    country: str = ""


class Page(Schema):
    count: int = Field(..., description="Matching records in all pages.")
    limit: int
    offset: int


# --- Persons --------------------------------------------------------------------------------


class PersonWrite(InputSchema):
    given_name: str | None = Field(None, max_length=200)
    family_name: str | None = Field(None, max_length=200)
    patronymic: str | None = Field(None, max_length=200)
    given_name_latin: str | None = Field(None, max_length=200)
    family_name_latin: str | None = Field(None, max_length=200)
    patronymic_latin: str | None = Field(None, max_length=200)
    aliases: list[Annotated[str, Field(max_length=200)]] | None = None
    birth_date: datetime.date | None = None
    documents: list[Document] | None = None
    contacts: list[Annotated[str, Field(max_length=300)]] | None = None
    addresses: list[Annotated[str, Field(max_length=500)]] | None = None
    gender: codes.Gender | None = Field(None, description="HTCDS prs_Gender.")
    birth_year: int | None = Field(None, ge=1900, le=2100)
    citizenships: list[CountryCode] | None = None
    languages: list[codes.Language] | None = Field(None, description="ISO 639-1.")


class PersonListItem(Schema):
    """What statistics may show: no name, date of birth, document, contact or address."""

    id: int
    code: str
    gender: str
    birth_year: int | None
    citizenships: list[str]
    languages: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PersonOut(PersonListItem):
    """Identity fields are null unless ``identity`` is in ``groups``; contacts and addresses
    unless ``contact`` is."""

    given_name: str | None
    family_name: str | None
    patronymic: str | None
    given_name_latin: str | None
    family_name_latin: str | None
    patronymic_latin: str | None
    aliases: list[str] | None
    birth_date: datetime.date | None
    documents: list[DocumentOut] | None
    contacts: list[str | dict[str, Any]] | None
    addresses: list[str | dict[str, Any]] | None
    cases: list[str] = Field(..., description="Codes of the person's cases you may see.")
    groups: list[str] = Field(
        ..., description="The groups of fields this record carries: all of them for your "
        "organisation's persons, the shared ones for a person of a case shared with you.")


class PersonPage(Page):
    items: list[PersonListItem]


# --- Cases ----------------------------------------------------------------------------------


class CaseWrite(InputSchema):
    persons: list[int] | None = Field(None, description="Ids of the subject persons.")
    case_type: codes.CaseType | None = None
    status: codes.CaseStatus | None = Field(None, description="HTCDS cas_Status.")
    trafficking_status: codes.TraffickingStatus | None = Field(
        None, description="HTCDS vic_TraffickingStatus."
    )
    status_decided_by: codes.DecidingOrganisation | None = None
    exploitation: list[codes.Exploitation] | None = Field(
        None, description="HTCDS vic_TypeOfExploitation."
    )
    industry: codes.Industry | None = Field(None, description="ISIC rev. 4 section.")
    sex_exploitation: list[codes.SexExploitation] | None = None
    means_of_control: list[codes.MeansOfControl] | None = Field(
        None, description="HTCDS vic_MethodsOfControl."
    )
    recruitment: list[codes.Recruitment] | None = None
    relationship: codes.Relationship | None = None
    age_when_trafficked: int | None = Field(None, ge=0, le=120)
    recruitment_country: CountryCode | None = None
    recruitment_region: str | None = Field(None, max_length=100)
    exploitation_country: CountryCode | None = None
    exploitation_region: str | None = Field(None, max_length=100)
    opened_on: datetime.date | None = None
    exploitation_started_on: datetime.date | None = None
    exploitation_ended_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    narrative: str | None = Field(None, max_length=50_000)


class CaseCreate(CaseWrite):
    persons: list[int] = Field(..., min_length=1, description="Ids of the subject persons.")
    case_type: codes.CaseType
    opened_on: datetime.date


class CaseListItem(Schema):
    id: int
    code: str
    persons: list[str] = Field(..., description="Codes of the subject persons.")
    case_type: str
    status: str
    trafficking_status: str
    status_decided_by: str
    exploitation: list[str]
    industry: str
    sex_exploitation: list[str]
    means_of_control: list[str] | None = Field(..., description="Null unless the narrative "
                                               "is shared with you.")
    recruitment: list[str] | None
    relationship: str | None
    age_when_trafficked: int | None
    recruitment_country: str
    recruitment_region: str
    exploitation_country: str
    exploitation_region: str
    opened_on: datetime.date
    exploitation_started_on: datetime.date | None
    exploitation_ended_on: datetime.date | None
    closed_on: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    shared_by: str | None = Field(
        ..., description="For a case another organisation shares with yours through a "
        "referral: that organisation's name; null for your own cases.")


class EventOut(Schema):
    id: int
    event_type: str
    country: str
    region: str
    place: str
    date: datetime.date | None
    description: str


class PerpetratorOut(Schema):
    id: int
    roles: list[str]
    name: str
    details: str
    gender: str
    citizenship: str


class CaseOut(CaseListItem):
    """A group of fields a referral does not share is null (``narrative``, ``events``,
    ``perpetrators``, and the narrative's codes)."""

    person_ids: list[int]
    narrative: str | None
    events: list[EventOut] | None
    perpetrators: list[PerpetratorOut] | None
    groups: list[str] = Field(
        ..., description="The groups of fields this record carries: all of them for your "
        "organisation's cases, the shared ones for a case shared with you.")


class CasePage(Page):
    items: list[CaseListItem]


class CaseQuery(Schema):
    """The case-list filters of the pages."""

    status: codes.CaseStatus | None = None
    case_type: codes.CaseType | None = None
    exploitation: codes.Exploitation | None = None
    region: str = Field("", max_length=100, description="Region of recruitment or exploitation.")
    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None
    q: str = Field(
        "", max_length=200,
        description="A case or person code, or a person's exact name or document number.",
    )
    sort: str = Field("-opened", pattern=r"^-?(opened|code|updated)$|^status$")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PersonQuery(Schema):
    q: str = Field("", max_length=200, description="A person code, exact name or document number.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
