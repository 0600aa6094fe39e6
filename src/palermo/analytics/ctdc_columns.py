"""The CTDC global-dataset columns (reference §2.3a) derived from palermo's HTCDS fields.

``derive(record)`` turns one victim (a person in a case, as a ``VictimRecord``) into one CTDC
row: flags 0/1, ``-99`` for anything not recorded. Pure Python; ``ctdc.py`` reads the records
from the registry. docs/statistics.md lists every mapping and what HTCDS cannot tell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from palermo.analytics.ctdc_anonymise import MISSING, QUASI_IDENTIFIERS

#: ``ageBroad`` bins: (first age, last age or None, label).
AGE_BINS = ((0, 8, "0--8"), (9, 17, "9--17"), (18, 20, "18--20"), (21, 23, "21--23"),
            (24, 26, "24--26"), (27, 29, "27--29"), (30, 38, "30--38"), (39, 47, "39--47"),
            (48, None, "48+"))

GENDER = {"Feminine": "Female", "Masculine": "Male",
          "TransgenderFeminine": "Trans/Transgender/NonConforming",
          "TransgenderMasculine": "Trans/Transgender/NonConforming",
          "NonConforming": "Trans/Transgender/NonConforming"}

#: CTDC means-of-control flag → the HTCDS codes that set it. ``RestrictsMovement`` has no
#: HTCDS code (always -99); ``UsesChildren`` is the Field Definitions' name for the picklist's
#: ``ThreatensChildrenFamily``.
MEANS = {
    "DebtBondage": ("DebtBondage",), "TakesEarnings": ("TakesEarnings",),
    "RestrictsFinancialAccess": ("RestrictsFinancialAccess",), "Threats": ("PhysicalThreats",),
    "PsychologicalAbuse": ("PsychologicalAbuse",), "PhysicalAbuse": ("PhysicalAbuse",),
    "SexualAbuse": ("SexualAbuse",), "FalsePromises": ("FalsePromises",),
    "PsychoactiveSubstances": ("PsychoactiveSubstance",), "RestrictsMovement": (),
    "RestrictsMedicalCare": ("RestrictsMedicalCare",),
    "ExcessiveWorkingHours": ("ExcessiveWorkingHours",),
    "UsesChildren": ("ThreatensChildrenFamily",),
    "ThreatOfLawEnforcement": ("ThreatsLawEnforcement",),
    "WithholdsNecessities": ("WithholdsNecessities",),
    "WithholdsDocuments": ("WithholdsDocuments",), "Other": ("Other",),
}

EXPLOITATION = {
    "isForcedLabour": ("ForcedLabour", "ChildLabour"),
    "isSexualExploit": ("SexualExploitation",),
    "isOtherExploit": ("ForcedBegging", "ForcedAdoption", "Surrogacy", "Other"),
    "isForcedMarriage": ("ForcedMarriage",),
    "isForcedMilitary": ("ForcedMilitaryByNonStateActors",),
    "isOrganRemoval": ("OrganRemoval",),
    "isSlaveryAndPractices": ("Servitude",),
}
LABOUR_FORMS = ("ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging")

#: CTDC labour sector → ISIC v4 sections (or the begging form). Aquafarming, illicit
#: activities and peddling have no ISIC section of their own: never set from HTCDS.
LABOUR = {
    "Agriculture": ("A",), "Aquafarming": (), "Begging": (), "Construction": ("F",),
    "DomesticWork": ("T",), "Hospitality": ("I",), "IllicitActivities": (),
    "Manufacturing": ("C",), "MiningOrDrilling": ("B",), "Peddling": (),
    "Transportation": ("H",),
}
SEX_TYPES = ("Prostitution", "Pornography", "RemoteInteractiveServices",
             "PrivateSexualServices")
#: HTCDS relationship → CTDC recruiter relation (HTCDS has no intimate partner or friend).
RELATION = {"Familial": "Family", "Acquainted": "Other", "Unaquainted": "Other"}
RELATIONS = ("IntimatePartner", "Friend", "Family", "Other", "Unknown")

COLUMNS: tuple[str, ...] = (
    "yearOfRegistration", "Datasource", "gender", "ageBroad", "majorityStatus",
    "majorityStatusAtExploit", "majorityEntry", "citizenship",
    *(f"meansOfControl{m}" for m in MEANS), "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    *EXPLOITATION, "isSexAndLabour", "typeOfExploitConcatenated",
    *(f"typeOfLabour{s}" for s in LABOUR), "typeOfLabourOther", "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    *(f"typeOfSex{t}" for t in SEX_TYPES), "typeOfSexConcatenated",
    "isAbduction", "RecruiterRelationship", "CountryOfExploitation",
    *(f"recruiterRelation{r}" for r in RELATIONS),
)


@dataclass(frozen=True)
class VictimRecord:
    """What the export reads of one person in one case."""

    year: int
    gender: str = ""
    birth_year: int | None = None
    age_when_trafficked: int | None = None
    exploitation_started: int | None = None  # year
    citizenships: Sequence[str] = ()  # ISO-2
    means: Sequence[str] = ()
    exploitation: Sequence[str] = ()
    industry: str = ""  # ISIC section code, "F_Construction"
    sex_exploitation: Sequence[str] = ()
    relationship: str = ""
    exploitation_country: str = ""
    #: True / False when perpetrators are recorded (a kidnapper among them or not), else None.
    abduction: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def age_bin(age: int | None) -> str:
    if age is None or age < 0 or age > 120:
        return MISSING
    for low, high, label in AGE_BINS:
        if age >= low and (high is None or age <= high):
            return label
    return MISSING  # pragma: no cover - the last bin is open


def majority(age: int | None) -> str:
    if age is None or age < 0 or age > 120:
        return MISSING
    return "Minor" if age < 18 else "Adult"


def _flags(prefix: str, names: Sequence[str], present: set[str], known: bool) -> dict[str, Any]:
    return {f"{prefix}{n}": (int(n in present) if known else MISSING) for n in names}


def _joined(names: Sequence[str]) -> str:
    return ";".join(names) if names else MISSING


def quasi_identifiers(record: VictimRecord) -> tuple[str, ...]:
    """The quasi-identifiers of a victim's row, in ``ctdc_anonymise.QUASI_IDENTIFIERS`` order,
    as text (what ``combination_of(derive(record))`` gives, without the rest of the row)."""
    age = record.year - record.birth_year if record.birth_year else None
    at_exploit = (record.exploitation_started - record.birth_year
                  if record.birth_year and record.exploitation_started else None)
    return (str(record.year), GENDER.get(record.gender, MISSING), age_bin(age), majority(age),
            majority(at_exploit), majority(record.age_when_trafficked),
            min(record.citizenships) if record.citizenships else MISSING,
            record.exploitation_country or MISSING)


def derive(record: VictimRecord) -> dict[str, Any]:
    """One CTDC row for one victim."""
    means_codes = set(record.means)
    means = [m for m, codes in MEANS.items() if means_codes & set(codes)]
    known_means = bool(means_codes)
    forms = set(record.exploitation)
    types = [t for t, codes in EXPLOITATION.items() if forms & set(codes)]
    labour = bool(forms & set(LABOUR_FORMS))
    sexual = "SexualExploitation" in forms
    section = record.industry.split("_", 1)[0] if record.industry else ""
    sectors = [s for s, sections in LABOUR.items() if section in sections]
    if "ForcedBegging" in forms:
        sectors = [*sectors, "Begging"]
    other_sector = bool(section) and not any(section in v for v in LABOUR.values())
    relation = RELATION.get(record.relationship, "Unknown")
    row: dict[str, Any] = dict(zip(QUASI_IDENTIFIERS, quasi_identifiers(record), strict=True))
    row["Datasource"] = "Case Management"
    row.update(_flags("meansOfControl", list(MEANS), set(means), known_means))
    row["meansOfControlRestrictsMovement"] = MISSING
    row["meansOfControlNotSpecified"] = int(not known_means)
    row["meansOfControlConcatenated"] = _joined(means)
    row.update(_flags("", list(EXPLOITATION), set(types), bool(forms)))
    row["isSexAndLabour"] = int(labour and sexual) if forms else MISSING
    row["typeOfExploitConcatenated"] = _joined(types)
    row.update(_flags("typeOfLabour", list(LABOUR), set(sectors), labour))
    row["typeOfLabourOther"] = int(other_sector) if labour else MISSING
    row["typeOfLabourNotSpecified"] = int(not section and not sectors) if labour else MISSING
    row["typeOfLabourConcatenated"] = (
        _joined(sectors + (["Other"] if other_sector else [])) if labour else MISSING)
    sex_types = [t for t in SEX_TYPES if t in set(record.sex_exploitation)]
    row.update(_flags("typeOfSex", SEX_TYPES, set(sex_types), sexual))
    row["typeOfSexConcatenated"] = _joined(sex_types) if sexual else MISSING
    row["isAbduction"] = MISSING if record.abduction is None else int(record.abduction)
    row["RecruiterRelationship"] = relation
    row.update(_flags("recruiterRelation", RELATIONS, {relation}, True))
    return {column: row[column] for column in COLUMNS}
