"""Controlled vocabularies for recommendations: OHCHR's Universal Human Rights Index (UHRI) theme
and affected-persons labels that bear on trafficking and forced labour, SDG targets, and UPR
Info's action categories. Stored values are short codes; the labels are UHRI's English wording
(``reference/upr-monitoring.md``), so an import can match either."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    SLAVERY_TRAFFICKING = "slavery_trafficking", _("Prohibition of slavery, trafficking")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    JUST_WORK = "just_work", _("Just and favourable conditions of work")
    DETENTION = "detention", _("Conditions of detention")
    TORTURE = "torture", _("Prohibition of torture and cruel, inhuman or degrading treatment")
    ADMIN_JUSTICE = "admin_justice", _("Administration of justice and fair trial")
    IMPUNITY = "impunity", _("Impunity")
    REMEDY = "remedy", _("Right to an effective remedy")
    INTERNATIONAL_INSTRUMENTS = "international_instruments", _(
        "Acceptance of international norms"
    )
    LEGAL_FRAMEWORK = "legal_framework", _("Legal and institutional reform")
    NHRI = "nhri", _("National human rights institution")
    HUMAN_RIGHTS_POLICIES = "hr_policies", _("Human rights policies and action plans")
    CIVIL_SOCIETY = "civil_society", _("Civil society and human rights defenders")
    MIGRANTS = "migrants", _("Migrants")
    CHILDREN = "children", _("Rights of the child")
    WOMEN = "women", _("Discrimination against women")
    GENDER_VIOLENCE = "gender_violence", _("Gender-based violence")
    ARMED_CONFLICT = "armed_conflict", _("Human rights and armed conflict")
    DATA = "data", _("Statistics and data collection")
    TRAINING = "training", _("Human rights education and training")
    COOPERATION = "cooperation", _("Cooperation with special procedures and treaty bodies")


class AffectedPersons(models.TextChoices):
    VICTIMS_OF_TRAFFICKING = "victims_of_trafficking", _("Victims of trafficking")
    MIGRANTS = "migrants", _("Migrants")
    MIGRANT_WORKERS = "migrant_workers", _("Migrant workers")
    PERSONS_DEPRIVED_OF_LIBERTY = "deprived_of_liberty", _("Persons deprived of their liberty")
    CHILDREN = "children", _("Children")
    WOMEN_AND_GIRLS = "women_girls", _("Women and girls")
    MILITARY_PERSONNEL = "military", _("Military personnel and conscripts")
    REFUGEES = "refugees", _("Refugees and asylum seekers")
    CIVIL_SOCIETY = "civil_society", _("Civil society and human rights defenders")
    GENERAL = "general", _("General")


#: SDG targets on trafficking, forced labour, migration and justice (code = target number).
SDG_TARGET_CHOICES: list[tuple[str, str | Promise]] = [
    ("5.2", _("5.2 Eliminate violence against women and girls, including trafficking")),
    ("5.3", _("5.3 Eliminate child, early and forced marriage")),
    ("8.7", _("8.7 End forced labour, modern slavery, human trafficking and child labour")),
    ("8.8", _("8.8 Protect labour rights, including of migrant workers")),
    ("10.7", _("10.7 Orderly, safe, regular and responsible migration")),
    ("16.1", _("16.1 Reduce all forms of violence")),
    ("16.2", _("16.2 End abuse, exploitation, trafficking and violence against children")),
    ("16.3", _("16.3 Rule of law and equal access to justice")),
    ("16.10", _("16.10 Public access to information and fundamental freedoms")),
    ("16.a", _("16.a Strengthen national institutions")),
    ("17.18", _("17.18 Availability of reliable, disaggregated data")),
]


class ActionCategory(models.IntegerChoices):
    """UPR Info's scale of the action a recommendation asks for (1 least, 5 most specific)."""

    MINIMAL = 1, _("1 Minimal action")
    CONTINUING = 2, _("2 Continuing action")
    CONSIDERING = 3, _("3 Considering action")
    GENERAL = 4, _("4 General action")
    SPECIFIC = 5, _("5 Specific action")
