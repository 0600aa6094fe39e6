"""Code lists of the justice app: Criminal Code articles, stages and outcomes of criminal
proceedings, the victim's role, proceedings against the person, and official-statistics measures.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.TextChoices):
    """Articles of the Criminal Code of the Russian Federation a case may be investigated or
    tried under (with their parts where the part changes the offence's gravity)."""

    A127_1_1 = "127.1-1", _("Art. 127.1 part 1 (trafficking in persons)")
    A127_1_2 = "127.1-2", _("Art. 127.1 part 2 (trafficking in persons, aggravated)")
    A127_1_3 = "127.1-3", _("Art. 127.1 part 3 (trafficking in persons, especially aggravated)")
    A127_2_1 = "127.2-1", _("Art. 127.2 part 1 (use of slave labour)")
    A127_2_2 = "127.2-2", _("Art. 127.2 part 2 (use of slave labour, aggravated)")
    A127_2_3 = "127.2-3", _("Art. 127.2 part 3 (use of slave labour, especially aggravated)")
    A322_1 = "322.1", _("Art. 322.1 (organisation of illegal migration)")
    A328 = "328", _("Art. 328 (evasion of military or alternative civilian service)")
    A359 = "359", _("Art. 359 (mercenarism)")
    A241 = "241", _("Art. 241 (organisation of prostitution)")
    A240 = "240", _("Art. 240 (involvement in prostitution)")
    OTHER = "other", _("Other article")


def article_group(code: str) -> str:
    """The article without its part (``127.1-2`` → ``127.1``): what statistics count by."""
    return code.split("-", 1)[0]


class ArticleGroup(models.TextChoices):
    """Articles as official statistics report them (without parts)."""

    ALL = "all", _("All articles")
    A127_1 = "127.1", _("Art. 127.1 (trafficking in persons)")
    A127_2 = "127.2", _("Art. 127.2 (use of slave labour)")
    A322_1 = "322.1", _("Art. 322.1 (organisation of illegal migration)")
    A328 = "328", _("Art. 328 (evasion of military or alternative civilian service)")
    A359 = "359", _("Art. 359 (mercenarism)")
    A241 = "241", _("Art. 241 (organisation of prostitution)")
    A240 = "240", _("Art. 240 (involvement in prostitution)")
    OTHER = "other", _("Other article")


class InvestigationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class InvestigationOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT_TO_COURT = "sent_to_court", _("Sent to court")
    NO_CRIME = "no_crime", _("Terminated: no crime established")
    NO_SUSPECT = "no_suspect", _("Suspended: suspect not identified")
    REFUSED = "refused", _("Opening refused")
    OTHER = "other", _("Other")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed")


class AppealStatus(models.TextChoices):
    NONE = "none", _("No appeal")
    FILED = "filed", _("Appeal filed")
    UPHELD = "upheld", _("Verdict upheld on appeal")
    OVERTURNED = "overturned", _("Verdict overturned on appeal")
    MODIFIED = "modified", _("Sentence modified on appeal")


class VictimRole(models.TextChoices):
    INJURED_PARTY = "injured_party", _("Injured party")
    WITNESS = "witness", _("Witness")
    NONE = "none", _("No procedural role")


class DefendantSex(models.TextChoices):
    """As GLOTIP counts persons prosecuted and convicted."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class AgeGroup(models.TextChoices):
    ADULT = "adult", _("Adult")
    MINOR = "minor", _("Minor")
    UNKNOWN = "unknown", _("Unknown")


class OffenceCategory(models.TextChoices):
    """What the person is prosecuted for. The first four are offences the non-punishment
    principle covers when the person was compelled (CoE Convention art. 26; OSCE guidance)."""

    COMPELLED = "compelled", _("Offence the person was compelled to commit")
    IMMIGRATION = "immigration", _("Immigration offence")
    DESERTION = "desertion", _("Refusal to fight or desertion")
    CONSCIENTIOUS = "conscientious_objection", _("Conscientious objection")
    OTHER = "other", _("Other offence")


#: Categories flagged under the non-punishment principle without a lawyer's confirmation.
NON_PUNISHMENT_CATEGORIES = frozenset({
    OffenceCategory.COMPELLED, OffenceCategory.IMMIGRATION, OffenceCategory.DESERTION,
    OffenceCategory.CONSCIENTIOUS,
})


class ProceedingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ProceedingOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    NOT_PUNISHED = "not_punished", _("Not punished (non-punishment applied)")
    DISMISSED = "dismissed", _("Dismissed on other grounds")
    ACQUITTED = "acquitted", _("Acquitted")
    FINED = "fined", _("Fined or administrative penalty")
    CONVICTED = "convicted", _("Convicted")
    DEPORTED = "deported", _("Expelled or deported")


class Measure(models.TextChoices):
    """What a published figure counts."""

    CRIMES_REGISTERED = "crimes_registered", _("Crimes registered")
    PERSONS_SUSPECTED = "persons_suspected", _("Persons suspected")
    PERSONS_PROSECUTED = "persons_prosecuted", _("Persons prosecuted")
    PERSONS_CONVICTED = "persons_convicted", _("Persons convicted")
    VICTIMS_IDENTIFIED = "victims_identified", _("Victims identified")


class Method(models.TextChoices):
    """How a computed indicator combines the figures it reads."""

    MEAN = "mean", _("Average per year")
    SUM = "sum", _("Total")
