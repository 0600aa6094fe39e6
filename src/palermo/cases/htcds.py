"""The HTCDS v2.0 column mapping of the case registry: the one place that says which file column
holds which field, how it is written, and whether it may be shown in an error report.

One row of an import or export file is one person and one case. Columns marked ``extension`` are
palermo's own (HTCDS has no field for them); their names follow the HTCDS ``prefix_Name`` form.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from palermo.cases import codes

#: Separates the values of a multi-value cell (``ForcedLabour;Servitude``).
MULTI_SEPARATOR = ";"


class Kind(StrEnum):
    TEXT = "text"            # free text (names, region, narrative)
    TEXT_LIST = "text_list"  # several texts separated by ";" (aliases, document numbers)
    DATE = "date"            # ISO 8601 date, YYYY-MM-DD
    INTEGER = "integer"      # a whole number within [minimum, maximum]
    CODE = "code"            # one code of ``choices``
    CODES = "codes"          # several codes of ``choices``, separated by ";"
    COUNTRY = "country"      # one ISO 3166-1 alpha-2 code
    COUNTRIES = "countries"  # several ISO 3166-1 alpha-2 codes, separated by ";"
    SKIP = "skip"            # written on export, accepted and ignored on import (codes)


class Target(StrEnum):
    PERSON = "person"
    CASE = "case"


@dataclass(frozen=True)
class Column:
    name: str
    target: Target
    field: str  # the model field (``Person`` or ``Case``); "" for a column derived on export
    kind: Kind
    meaning: StrOrPromise
    choices: type[models.TextChoices] | None = None
    required: bool = False
    #: Identifying: the value is encrypted at rest and never shown in an error report.
    identifying: bool = False
    extension: bool = False
    max_length: int = 200
    minimum: int = 0
    maximum: int = 0


P, C = Target.PERSON, Target.CASE

COLUMNS: tuple[Column, ...] = (
    Column("prs_PersonCode", P, "code", Kind.SKIP, _("palermo's pseudonymous person code "
           "(written on export; ignored on import, where a new code is given)"), extension=True),
    Column("prs_FirstName", P, "given_name", Kind.TEXT,
           _("given name, in the person's own script"), identifying=True),
    Column("prs_MiddleName", P, "patronymic", Kind.TEXT,
           _("patronymic or middle name, in the person's own script"), identifying=True),
    Column("prs_SecondName", P, "family_name", Kind.TEXT,
           _("family name, in the person's own script"), identifying=True),
    Column("prs_FirstNameLatin", P, "given_name_latin", Kind.TEXT,
           _("given name in Latin letters (as in the passport)"), identifying=True,
           extension=True),
    Column("prs_MiddleNameLatin", P, "patronymic_latin", Kind.TEXT,
           _("patronymic in Latin letters"), identifying=True, extension=True),
    Column("prs_SecondNameLatin", P, "family_name_latin", Kind.TEXT,
           _("family name in Latin letters (as in the passport)"), identifying=True,
           extension=True),
    Column("prs_Aliases", P, "aliases", Kind.TEXT_LIST,
           _("other names and spellings, separated by ;"), identifying=True, extension=True),
    Column("prs_Birthdate", P, "birth_date", Kind.DATE, _("date of birth"), identifying=True),
    Column("prs_BirthYear", P, "birth_year", Kind.INTEGER,
           _("year of birth, when the full date is not known (filled from prs_Birthdate "
             "when empty)"), extension=True, minimum=1900, maximum=2100),
    Column("prs_Gender", P, "gender", Kind.CODE, _("gender (empty: NonSpecifiedUnknown)"),
           choices=codes.Gender),
    Column("prs_Citizenship", P, "citizenships", Kind.COUNTRIES, _("citizenship(s)")),
    Column("prs_PrimaryLanguage", P, "languages", Kind.CODE,
           _("main language (ISO 639-1)"), choices=codes.Language),
    Column("prs_SecondaryLanguage", P, "languages", Kind.CODES,
           _("other languages (ISO 639-1), separated by ;"), choices=codes.Language),
    Column("prs_IdentityNumber", P, "documents", Kind.TEXT_LIST,
           _("identity document numbers, separated by ;"), identifying=True),
    Column("cas_CaseCode", C, "code", Kind.SKIP, _("palermo's case code (written on export; "
           "ignored on import, where a new code is given)"), extension=True),
    Column("cas_Type", C, "case_type", Kind.CODE, _("case type"), choices=codes.CaseType,
           required=True, extension=True),
    Column("cas_Status", C, "status", Kind.CODE, _("case status (empty: Active)"),
           choices=codes.CaseStatus),
    Column("cas_OpenedDate", C, "opened_on", Kind.DATE, _("date the case was opened"),
           required=True, extension=True),
    Column("cas_ClosedDate", C, "closed_on", Kind.DATE, _("date the case was closed"),
           extension=True),
    Column("vic_TraffickingStatus", C, "trafficking_status", Kind.CODE,
           _("trafficking status (empty: PossibleVictimOfTrafficking)"),
           choices=codes.TraffickingStatus),
    Column("vic_TraffickingStatusDecisionMakingOrg", C, "status_decided_by", Kind.CODE,
           _("type of organisation that decided the trafficking status"),
           choices=codes.DecidingOrganisation),
    Column("vic_TypeOfExploitation", C, "exploitation", Kind.CODES,
           _("types of exploitation"), choices=codes.Exploitation),
    Column("vic_ForcedLabourIndustry", C, "industry", Kind.CODE,
           _("forced-labour industry (ISIC rev. 4 section)"), choices=codes.Industry),
    Column("vic_TypeOfSexExploitation", C, "sex_exploitation", Kind.CODES,
           _("types of sexual exploitation"), choices=codes.SexExploitation),
    Column("vic_MethodsOfControl", C, "means_of_control", Kind.CODES,
           _("means of control"), choices=codes.MeansOfControl),
    Column("vic_MethodOfRecruitment", C, "recruitment", Kind.CODES,
           _("methods of recruitment"), choices=codes.Recruitment),
    Column("vic_RelationshipToTrafficker", C, "relationship", Kind.CODE,
           _("relationship to the trafficker"), choices=codes.Relationship),
    Column("vic_AgeWhenTrafficked", C, "age_when_trafficked", Kind.INTEGER,
           _("age in years when first trafficked"), minimum=0, maximum=120),
    Column("vic_LocationOfRecruitment", C, "recruitment_country", Kind.COUNTRY,
           _("country of recruitment")),
    Column("vic_LocationOfRecruitmentRegion", C, "recruitment_region", Kind.TEXT,
           _("region of recruitment"), extension=True, max_length=100),
    Column("vic_LocationOfExploitation", C, "exploitation_country", Kind.COUNTRY,
           _("country of exploitation")),
    Column("vic_LocationOfExploitationRegion", C, "exploitation_region", Kind.TEXT,
           _("region of exploitation"), extension=True, max_length=100),
    Column("vic_ExploitationStartDate", C, "exploitation_started_on", Kind.DATE,
           _("date the exploitation began"), extension=True),
    Column("vic_ExploitationEndDate", C, "exploitation_ended_on", Kind.DATE,
           _("date the exploitation ended"), extension=True),
    Column("cas_Narrative", C, "narrative", Kind.TEXT, _("what happened, in free text"),
           identifying=True, extension=True, max_length=20000),
)

BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
NAMES: list[str] = [column.name for column in COLUMNS]
REQUIRED: list[str] = [column.name for column in COLUMNS if column.required]


@functools.cache
def allowed_values(column: Column) -> tuple[str, ...]:
    """The codes a code column accepts (for error messages and the documentation)."""
    if column.choices is None:
        return ()
    return tuple(str(value) for value in column.choices.values)
