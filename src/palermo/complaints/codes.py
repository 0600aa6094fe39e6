"""Code lists of the complaint channel: categories, answers, facility and recruiter types."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PRISON_LABOUR = "prison_labour", _("Forced labour in prison")
    MILITARY_RECRUITMENT = "military_recruitment", _("Forced military recruitment or mobilisation")
    CONSCIENTIOUS_OBJECTION = (
        "conscientious_objection", _("Prosecution for conscientious objection")
    )
    FORCED_LABOUR = "forced_labour", _("Trafficking or forced labour elsewhere")
    OTHER = "other", _("Something else")


class Answer(models.TextChoices):
    """A yes/no question the person may not know the answer to."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I do not know")


class Reporter(models.TextChoices):
    SELF = "self", _("About myself")
    RELATIVE = "relative", _("About a relative or friend")
    OTHER = "other", _("About someone else")


class PersonStatus(models.TextChoices):
    PRISONER = "prisoner", _("A prisoner")
    RESERVIST = "reservist", _("A reservist")
    CONSCRIPT = "conscript", _("A conscript")
    OTHER = "other", _("Someone else")


class RecruiterType(models.TextChoices):
    STATE = "state", _("The state (army, military enlistment office)")
    PRIVATE_MILITARY = "private_military", _("A private military company")
    PRISON = "prison", _("The prison administration")
    OTHER = "other", _("Someone else, or I do not know")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CONVERTED = "converted", _("Turned into a case")
    MERGED = "merged", _("Merged into another complaint")
    SPAM = "spam", _("Spam")


#: Complaints that count in statistics and in the triage queue's default view.
COUNTED = [Status.NEW, Status.IN_PROGRESS, Status.ANSWERED, Status.CONVERTED]


class FacilityType(models.TextChoices):
    PENAL_COLONY = "penal_colony", _("Penal colony")
    PRISON = "prison", _("Prison")
    PRE_TRIAL = "pre_trial", _("Pre-trial detention centre")
    CORRECTIONAL_CENTRE = "correctional_centre", _("Correctional centre (forced-labour sentence)")
    MILITARY_UNIT = "military_unit", _("Military unit or training ground")
    ENLISTMENT_OFFICE = "enlistment_office", _("Military enlistment office")
    WORKSITE = "worksite", _("Worksite")
    OTHER = "other", _("Other place")


class Author(models.TextChoices):
    COMPLAINANT = "complainant", _("The person who reported")
    STAFF = "staff", _("Our organisation")
