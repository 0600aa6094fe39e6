"""Justice records of a case (investigations, prosecutions with their hearings and defendants,
proceedings against the person) and official statistics (published figures and the indicators
computed from them).

Justice records are the owning organisation's only: they are scoped through the case's
organisation and no referral shares them. Published figures are public data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_stubs_ext import StrOrPromise

from palermo.accounts.roles import Capability, has_capability
from palermo.cases.fields import CodeListField
from palermo.core.fields import EncryptedTextField
from palermo.core.scoping import ScopedQuerySet
from palermo.justice import codes

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def _not_before(errors: dict[str, StrOrPromise], field: str, later: datetime.date | None,
                earlier: datetime.date | None, message: StrOrPromise) -> None:
    if later is not None and earlier is not None and later < earlier:
        errors[field] = message


class JusticeQuerySet(ScopedQuerySet[models.Model]):
    """Rows of the cases the user's organisation owns (never of cases shared with it)."""

    owner_field = "case__organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> JusticeQuerySet:
        if not has_capability(user, Capability.SEE_IDENTITIES):  # type: ignore[arg-type]
            return self.none()
        return super().visible_to(user)


class Investigation(models.Model):
    """A criminal investigation (pre-trial proceedings) into what happened in a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="investigations")
    agency = models.CharField(_("investigating agency"), max_length=200)
    articles = CodeListField(_("Criminal Code articles"), choices=codes.Article.choices)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=16, choices=codes.InvestigationStatus.choices,
                              default=codes.InvestigationStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16,
                               choices=codes.InvestigationOutcome.choices,
                               default=codes.InvestigationOutcome.PENDING)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JusticeQuerySet.as_manager()

    class Meta:
        ordering = ["opened_on", "id"]
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self) -> str:
        return f"investigation {self.pk} of {self.case_id}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if not self.articles:
            errors["articles"] = _("Choose at least one article.")
        _not_before(errors, "closed_on", self.closed_on, self.opened_on,
                    _("The investigation cannot close before it opened."))
        if self.status == codes.InvestigationStatus.CLOSED and self.closed_on is None:
            errors["closed_on"] = _("Give the date a closed investigation closed on.")
        if errors:
            raise ValidationError(errors)


class Prosecution(models.Model):
    """A criminal case in court against the perpetrators (its defendants), with its verdict.

    One verdict for all its defendants: defendants with different verdicts are recorded as
    separate prosecutions.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="prosecutions")
    investigation = models.ForeignKey(Investigation, on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="prosecutions",
                                      verbose_name=_("investigation"))
    charges = CodeListField(_("charges (Criminal Code articles)"), choices=codes.Article.choices)
    court = models.CharField(_("court"), max_length=200)
    filed_on = models.DateField(_("sent to court on"))
    verdict = models.CharField(_("verdict"), max_length=16, choices=codes.Verdict.choices,
                               default=codes.Verdict.PENDING)
    verdict_on = models.DateField(_("verdict on"), null=True, blank=True)
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    sentence_months = models.PositiveIntegerField(_("months of imprisonment"), null=True,
                                                  blank=True)
    appeal_status = models.CharField(_("appeal"), max_length=16,
                                     choices=codes.AppealStatus.choices,
                                     default=codes.AppealStatus.NONE)
    appeal_on = models.DateField(_("appeal date"), null=True, blank=True)
    victim_role = models.CharField(_("victim's role"), max_length=16,
                                   choices=codes.VictimRole.choices,
                                   default=codes.VictimRole.INJURED_PARTY)
    victim_represented = models.BooleanField(_("victim legally represented"), default=False)
    representative = models.CharField(_("represented by"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JusticeQuerySet.as_manager()

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = _("prosecution")
        verbose_name_plural = _("prosecutions")

    def __str__(self) -> str:
        return f"prosecution {self.pk} of {self.case_id}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if not self.charges:
            errors["charges"] = _("Choose at least one article charged.")
        if self.investigation is not None and self.investigation.case_id != self.case_id:
            errors["investigation"] = _("Choose an investigation of this case.")
        if self.investigation is not None:
            _not_before(errors, "filed_on", self.filed_on, self.investigation.opened_on,
                        _("A case cannot go to court before its investigation opened."))
        pending = self.verdict == codes.Verdict.PENDING
        if pending and self.verdict_on is not None:
            errors["verdict_on"] = _("A pending case has no verdict date.")
        if not pending and self.verdict_on is None:
            errors["verdict_on"] = _("Give the date of the verdict.")
        _not_before(errors, "verdict_on", self.verdict_on, self.filed_on,
                    _("The verdict cannot come before the case went to court."))
        if self.verdict != codes.Verdict.CONVICTED and (self.sentence or
                                                        self.sentence_months is not None):
            errors["sentence"] = _("Only a conviction has a sentence.")
        if self.appeal_status != codes.AppealStatus.NONE and pending:
            errors["appeal_status"] = _("There is no verdict to appeal yet.")
        if self.appeal_status == codes.AppealStatus.NONE and self.appeal_on is not None:
            errors["appeal_on"] = _("Choose the appeal's status, or leave its date empty.")
        _not_before(errors, "appeal_on", self.appeal_on, self.verdict_on,
                    _("The appeal cannot come before the verdict."))
        if self.representative and not self.victim_represented:
            errors["representative"] = _("Tick “legally represented” to name the "
                                         "representative.")
        if errors:
            raise ValidationError(errors)


class ProsecutionChildQuerySet(ScopedQuerySet[models.Model]):
    owner_field = "prosecution__case__organisation"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ProsecutionChildQuerySet:
        if not has_capability(user, Capability.SEE_IDENTITIES):  # type: ignore[arg-type]
            return self.none()
        return super().visible_to(user)


class Hearing(models.Model):
    prosecution = models.ForeignKey(Prosecution, on_delete=models.CASCADE,
                                    related_name="hearings")
    held_on = models.DateField(_("hearing date"))
    note = models.CharField(_("what happened"), max_length=300, blank=True)

    objects = ProsecutionChildQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self) -> str:
        return f"hearing {self.pk} of prosecution {self.prosecution_id}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        _not_before(errors, "held_on", self.held_on, self.prosecution.filed_on,
                    _("A hearing cannot come before the case went to court."))
        if errors:
            raise ValidationError(errors)


class Defendant(models.Model):
    """A person prosecuted: what GLOTIP counts (sex, age group, citizenship), taken from the
    case's perpetrator record when one is linked."""

    prosecution = models.ForeignKey(Prosecution, on_delete=models.CASCADE,
                                    related_name="defendants")
    perpetrator = models.ForeignKey("cases.Perpetrator", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="defendants",
                                    verbose_name=_("perpetrator"))
    sex = models.CharField(_("sex"), max_length=8, choices=codes.DefendantSex.choices,
                           default=codes.DefendantSex.UNKNOWN)
    age_group = models.CharField(_("age group"), max_length=8, choices=codes.AgeGroup.choices,
                                 default=codes.AgeGroup.ADULT)
    citizenship = CountryField(_("citizenship"), blank=True)

    objects = ProsecutionChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")

    def __str__(self) -> str:
        return f"defendant {self.pk} of prosecution {self.prosecution_id}"

    def clean(self) -> None:
        if (self.perpetrator is not None
                and self.perpetrator.case_id != self.prosecution.case_id):
            raise ValidationError({"perpetrator": _("Choose a perpetrator of this case.")})


class ProceedingAgainstPerson(models.Model):
    """Proceedings against the victim (the case's person) for an offence, flagged under the
    non-punishment principle; counted apart from proceedings against perpetrators."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="proceedings_against_person")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("person"))
    offence_category = models.CharField(_("offence"), max_length=24,
                                        choices=codes.OffenceCategory.choices)
    article = models.CharField(_("article"), max_length=16, choices=codes.Article.choices,
                               blank=True)
    article_text = models.CharField(_("article (other code)"), max_length=120, blank=True)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=16, choices=codes.ProceedingStatus.choices,
                              default=codes.ProceedingStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16,
                               choices=codes.ProceedingOutcome.choices,
                               default=codes.ProceedingOutcome.PENDING)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    non_punishment_confirmed = models.BooleanField(
        _("non-punishment confirmed by a lawyer"), default=False)
    #: Computed by the service: a covered offence category, or confirmed by a lawyer.
    non_punishment = models.BooleanField(_("non-punishment principle applies"), default=False,
                                         editable=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JusticeQuerySet.as_manager()

    class Meta:
        ordering = ["opened_on", "id"]
        verbose_name = _("proceeding against the person")
        verbose_name_plural = _("proceedings against the person")

    def __str__(self) -> str:
        return f"proceeding {self.pk} against the person of {self.case_id}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.person_id is not None and not self.case.persons.filter(
                pk=self.person_id).exists():
            errors["person"] = _("Choose a person of this case.")
        _not_before(errors, "closed_on", self.closed_on, self.opened_on,
                    _("The proceedings cannot close before they opened."))
        if self.status == codes.ProceedingStatus.CLOSED and self.closed_on is None:
            errors["closed_on"] = _("Give the date closed proceedings closed on.")
        if errors:
            raise ValidationError(errors)


MIN_YEAR, MAX_YEAR = 1990, 2100


class PublishedFigure(models.Model):
    """A figure from official statistics, as published: a count per year, or for a period of
    several years (``year`` to ``year_to``) the published average per year."""

    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100)
    article = models.CharField(_("article"), max_length=8, choices=codes.ArticleGroup.choices)
    measure = models.CharField(_("measure"), max_length=24, choices=codes.Measure.choices)
    value = models.PositiveIntegerField(_("value"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "article", "year", "year_to", "id"]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "jurisdiction", "measure", "article", "year", "year_to"],
                name="justice_figure_unique"),
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year")),
                                   name="justice_figure_period"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.article} {self.year}-{self.year_to}: {self.value}"

    @property
    def is_period(self) -> bool:
        return self.year_to != self.year

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        for field in ("year", "year_to"):
            value = getattr(self, field)
            if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
                errors[field] = gettext("Give a year between %(low)d and %(high)d.") % {
                    "low": MIN_YEAR, "high": MAX_YEAR}
        if not errors and self.year_to is not None and self.year is not None \
                and self.year_to < self.year:
            errors["year_to"] = _("The period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class ComputedIndicator(models.Model):
    """An indicator defined as data and computed from published figures, never typed in:
    e.g. the average of persons convicted per year under art. 127.1 for 2018–2022."""

    slug = models.SlugField(_("short name"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    measure = models.CharField(_("measure"), max_length=24, choices=codes.Measure.choices)
    article = models.CharField(_("article"), max_length=8, choices=codes.ArticleGroup.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    method = models.CharField(_("method"), max_length=8, choices=codes.Method.choices,
                              default=codes.Method.MEAN)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("computed indicator")
        verbose_name_plural = _("computed indicators")
        constraints = [
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year_from")),
                                   name="justice_indicator_period"),
        ]

    def __str__(self) -> str:
        return self.slug

    def clean(self) -> None:
        if self.year_to is not None and self.year_from is not None \
                and self.year_to < self.year_from:
            raise ValidationError({"year_to": _("The period cannot end before it starts.")})
