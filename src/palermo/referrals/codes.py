"""Code lists of the referral mechanism: service types, referral states, what a consent covers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceType(models.TextChoices):
    """What an organisation offers; the HTCDS ``spl_Type`` it maps to is in ``HTCDS_SUPPORT``."""

    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    MATERIAL_AID = "material_aid", _("Material aid")
    INTERPRETATION = "interpretation", _("Interpretation")
    RETURN = "return_reintegration", _("Return and reintegration")
    EMPLOYMENT = "employment", _("Employment")
    EDUCATION = "education", _("Education")


class SupportType(models.TextChoices):
    """HTCDS ``spl_Type`` (support plan type, multiple)."""

    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_REHAB = "LabourExploitationRehabilitation", _("Rehabilitation after labour exploitation")
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_REHAB = "SexualExploitationRehabilitation", _(
        "Rehabilitation after sexual exploitation")
    SOCIAL_CARE = "SocialCare", _("Social care")


#: Where a service type has an HTCDS ``spl_Type``; interpretation has none.
HTCDS_SUPPORT: dict[str, str] = {
    ServiceType.SHELTER: SupportType.SOCIAL_CARE,
    ServiceType.MEDICAL: SupportType.HEALTH,
    ServiceType.PSYCHOLOGICAL: SupportType.HEALTH,
    ServiceType.LEGAL_AID: SupportType.LEGAL,
    ServiceType.MATERIAL_AID: SupportType.FINANCIAL,
    ServiceType.RETURN: SupportType.SOCIAL_CARE,
    ServiceType.EMPLOYMENT: SupportType.LIVELIHOOD,
    ServiceType.EDUCATION: SupportType.EDUCATION,
}


class ReferralStatus(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral status", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    IN_PROGRESS = "in_progress", pgettext_lazy("referral status", "In progress")
    COMPLETED = "completed", pgettext_lazy("referral status", "Completed")
    REVOKED = "revoked", pgettext_lazy("referral status", "Revoked")


#: States in which the receiving organisation sees the case (if the consent still holds).
SHARING_STATES = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)
#: States from which nothing moves on.
FINAL_STATES = (ReferralStatus.DECLINED, ReferralStatus.REVOKED)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No free capacity")
    NOT_ELIGIBLE = "not_eligible", _("The person is not eligible")
    NOT_OFFERED = "not_offered", _("We do not offer what is needed")
    OTHER = "other", _("Other reason")


class ShareGroup(models.TextChoices):
    """What a consent lets a receiving organisation see, beyond the case summary (codes, type,
    status, forms of exploitation, regions, dates; a person's code, gender, birth year,
    citizenship), which every referral shares."""

    IDENTITY = "identity", _("Names, date of birth and identity documents")
    CONTACT = "contact", _("Contacts and addresses")
    NARRATIVE = "narrative", _("The case narrative")
    EVENTS = "events", _("Events")
    PERPETRATORS = "perpetrators", _("Perpetrators")
    NOTES = "notes", _("Notes")
    ATTACHMENTS = "attachments", _("Attachments")
    SCREENING = "screening", _("Legal screening and identification decisions")
    LINKAGE = "linkage", _("Record linkage of the names in clear (to count each person once)")
