"""The case registry: persons (the subjects), their cases, and what is recorded about them.

Field names follow HTCDS v2.0 where it has one (see ``htcds.py`` for the column mapping).
Identifying values are encrypted (``core.fields``); what statistics need stays in clear.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from palermo.accounts.roles import Capability, has_capability
from palermo.cases import codes
from palermo.cases.fields import CodeListField
from palermo.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from palermo.core.scoping import ScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def _may_see_cases(user: AbstractBaseUser | AnonymousUser) -> bool:
    return has_capability(user, Capability.SEE_IDENTITIES)  # type: ignore[arg-type]


class PersonQuerySet(ScopedQuerySet["Person"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> PersonQuerySet:
        """Persons of the user's organisation, and persons of cases a live referral shares with
        it (which of their fields: ``cases/access.py``), for roles that work with identities."""
        if not _may_see_cases(user):
            return self.none()
        from palermo.referrals.sharing import SHARED_LIST_LIMIT, shared_case_ids

        org = getattr(user, "organisation_id", None)
        if org is None:
            return self.none()
        # Ids read now, not a subquery, as for cases (below); the subquery past the limit.
        links = Case.persons.through.objects.filter(case_id__in=shared_case_ids(user))
        shared = set(links.values_list("person_id", flat=True).order_by().distinct()
                     [:SHARED_LIST_LIMIT + 1])
        if not shared:
            return self.filter(organisation_id=org)
        if len(shared) > SHARED_LIST_LIMIT:
            return self.filter(models.Q(organisation_id=org)
                               | models.Q(pk__in=links.values("person_id")))
        return self.filter(models.Q(organisation_id=org) | models.Q(pk__in=sorted(shared)))

    def owned_by(self, user: AbstractBaseUser | AnonymousUser) -> PersonQuerySet:
        """Only the organisation's own persons: for changes, name search and new cases."""
        if not _may_see_cases(user):
            return self.none()
        return super().visible_to(user)


class CaseQuerySet(ScopedQuerySet["Case"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CaseQuerySet:
        """Cases the user's organisation owns, and cases a referral currently shares with it
        (``referrals/sharing.py`` says which, and which of their fields)."""
        if not _may_see_cases(user):
            return self.none()
        from palermo.referrals.sharing import shared_case_id_list, shared_case_ids

        org = getattr(user, "organisation_id", None)
        if org is None:
            return self.none()
        # Ids read now, not a subquery: "organisation = X OR id IN (…)" is two index lookups.
        # Past the limit (a large receiver) the subquery; its case list pages apart anyway.
        shared = shared_case_id_list(user)
        if shared is None:
            return self.filter(models.Q(organisation_id=org)
                               | models.Q(pk__in=shared_case_ids(user)))
        if not shared:
            return self.filter(organisation_id=org)
        return self.filter(models.Q(organisation_id=org) | models.Q(pk__in=shared))

    def owned_by(self, user: AbstractBaseUser | AnonymousUser) -> CaseQuerySet:
        """Only the cases the user's organisation owns: for changes, exports and imports."""
        if not _may_see_cases(user):
            return self.none()
        return super().visible_to(user)


class CaseChildQuerySet(ScopedQuerySet[models.Model]):
    """Events, perpetrators, notes, attachments: visible exactly when their case is."""

    owner_field = "case__organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CaseChildQuerySet:
        if not _may_see_cases(user):
            return self.none()
        return super().visible_to(user)


class Person(models.Model):
    """The subject of a case: a victim or presumed victim. Shown by ``code``, not by name."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    # Names as written in the person's own script, and in Latin letters (passport spelling).
    given_name = EncryptedTextField(_("given name"), blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    patronymic = EncryptedTextField(_("patronymic"), blank=True)
    given_name_latin = EncryptedTextField(_("given name (Latin)"), blank=True)
    family_name_latin = EncryptedTextField(_("family name (Latin)"), blank=True)
    patronymic_latin = EncryptedTextField(_("patronymic (Latin)"), blank=True)
    aliases = EncryptedJSONField(_("other names and spellings"), default=list, blank=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    documents = EncryptedJSONField(_("identity documents"), default=list, blank=True)
    contacts = EncryptedJSONField(_("contacts"), default=list, blank=True)
    addresses = EncryptedJSONField(_("addresses"), default=list, blank=True)
    # In clear, for statistics.
    gender = models.CharField(
        _("gender"), max_length=24, choices=codes.Gender.choices,
        default=codes.Gender.UNKNOWN,
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    citizenships = CountryField(_("citizenship"), multiple=True, blank=True)
    languages = CodeListField(_("languages"), choices=codes.Language.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.code


class PersonSearchToken(models.Model):
    """Blind-index tokens of a person's names and document numbers, in every recorded script.

    A typed name or number is normalised and HMAC'd the same way and looked up here; the
    table says nothing about which field a token came from.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_tokens")
    token = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="person_token_unique")
        ]

    def __str__(self) -> str:
        return f"token of {self.person_id}"


class Case(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    code = models.CharField(_("case code"), max_length=20, unique=True, editable=False)
    persons = models.ManyToManyField(Person, related_name="cases", verbose_name=_("persons"))
    case_type = models.CharField(_("case type"), max_length=32, choices=codes.CaseType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=codes.CaseStatus.choices,
        default=codes.CaseStatus.ACTIVE,
    )
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=32, choices=codes.TraffickingStatus.choices,
        default=codes.TraffickingStatus.POSSIBLE,
    )
    status_decided_by = models.CharField(
        _("status decided by"), max_length=40, choices=codes.DecidingOrganisation.choices,
        blank=True,
    )
    exploitation = CodeListField(_("types of exploitation"), choices=codes.Exploitation.choices)
    industry = models.CharField(
        _("forced-labour industry"), max_length=60, choices=codes.Industry.choices, blank=True
    )
    sex_exploitation = CodeListField(
        _("type of sexual exploitation"), choices=codes.SexExploitation.choices
    )
    means_of_control = CodeListField(_("means of control"), choices=codes.MeansOfControl.choices)
    recruitment = CodeListField(_("method of recruitment"), choices=codes.Recruitment.choices)
    relationship = models.CharField(
        _("relationship to trafficker"), max_length=20, choices=codes.Relationship.choices,
        blank=True,
    )
    age_when_trafficked = models.PositiveSmallIntegerField(
        _("age when trafficked"), null=True, blank=True
    )
    recruitment_country = CountryField(_("country of recruitment"), blank=True)
    recruitment_region = models.CharField(_("region of recruitment"), max_length=100, blank=True)
    exploitation_country = CountryField(_("country of exploitation"), blank=True)
    exploitation_region = models.CharField(
        _("region of exploitation"), max_length=100, blank=True
    )
    opened_on = models.DateField(_("opened on"))
    exploitation_started_on = models.DateField(_("exploitation began"), null=True, blank=True)
    exploitation_ended_on = models.DateField(_("exploitation ended"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    narrative = EncryptedTextField(_("narrative"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "-opened_on", "-id"]),
            # exploitation is carried so that a status + exploitation filter (and its count) is
            # answered from the index alone; -id serves the list's tie-break without a sort.
            models.Index(fields=["organisation", "status", "-opened_on", "-id", "exploitation"]),
        ]

    def __str__(self) -> str:
        return self.code


class Event(models.Model):
    """HTCDS ``hte_*``: a recruitment, transit or exploitation event with place and date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(_("event"), max_length=20, choices=codes.EventType.choices)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    place = EncryptedTextField(_("place"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.event_type} of {self.case_id}"


class Perpetrator(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    roles = CodeListField(_("role in the process"), choices=codes.PerpetratorRole.choices)
    name = EncryptedTextField(_("name"), blank=True)
    details = EncryptedTextField(_("details"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=24, choices=codes.Gender.choices, default=codes.Gender.UNKNOWN
    )
    citizenship = CountryField(_("citizenship"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"perpetrator {self.pk} of {self.case_id}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk} of {self.case_id}"


class Attachment(models.Model):
    """A file kept encrypted under ``PALERMO_DATA_DIR/attachments/``; served only through an
    access-checked view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = EncryptedTextField(_("file name"))
    description = EncryptedTextField(_("description"), blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"attachment {self.pk} of {self.case_id}"


class CodeCounter(models.Model):
    """The last number handed out per prefix and year (``P-2026-000123``, ``C-2026-000045``)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="code_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
