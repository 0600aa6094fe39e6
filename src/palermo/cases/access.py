"""Field-level sharing of the case registry: which fields of a case and its persons a user sees.

The owner sees everything. An organisation a live referral shares the case with sees the summary
(``CASE_SUMMARY_FIELDS``, ``PERSON_SUMMARY_FIELDS``) plus the groups of fields the referral names
(``referrals.codes.ShareGroup``); which referrals are live is decided in ``referrals/sharing.py``
alone. docs/security/sharing.md lists what each group opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from palermo.referrals.codes import ShareGroup
from palermo.referrals.models import Referral
from palermo.referrals.sharing import ALL_GROUPS, owns, shared_groups

#: What every live referral shares about a case.
CASE_SUMMARY_FIELDS = (
    "code", "case_type", "status", "trafficking_status", "status_decided_by", "exploitation",
    "sex_exploitation", "industry", "recruitment_country", "recruitment_region",
    "exploitation_country", "exploitation_region", "opened_on", "exploitation_started_on",
    "exploitation_ended_on", "closed_on",
)
#: The story of the case: shared with the ``narrative`` group only.
NARRATIVE_FIELDS = (
    "narrative", "means_of_control", "recruitment", "relationship", "age_when_trafficked",
)
#: What every live referral shares about a person of the case.
PERSON_SUMMARY_FIELDS = ("code", "gender", "birth_year", "citizenships", "languages")
IDENTITY_FIELDS = (
    "given_name", "family_name", "patronymic", "given_name_latin", "family_name_latin",
    "patronymic_latin", "aliases", "birth_date", "documents",
)
CONTACT_FIELDS = ("contacts", "addresses")

#: A group that only the owning organisation ever sees (the case's audit history).
OWNER_ONLY = "owner"


@dataclass(frozen=True)
class Access:
    """What one user sees of one case (or person): ``owned`` or the shared ``groups``."""

    owned: bool
    groups: frozenset[str]
    shared_by: str = ""

    def sees(self, group: str) -> bool:
        if group == OWNER_ONLY:
            return self.owned
        return group in self.groups

    @property
    def flags(self) -> dict[str, bool]:
        """``{"identity": True, ...}`` for templates (``sees.narrative``)."""
        return {group: group in self.groups for group in ShareGroup.values}

    @property
    def shared_labels(self) -> list[str]:
        """The shared groups in words, in the order of ``ShareGroup``."""
        return [str(label) for value, label in ShareGroup.choices if value in self.groups]


def case_access(user: Any, case: Any) -> Access:
    """What ``user`` sees of ``case`` (a case they may see: call after ``get_case``)."""
    if owns(user, case):
        return Access(owned=True, groups=ALL_GROUPS)
    return Access(owned=False, groups=shared_groups(user, case),
                  shared_by=case.organisation.name)


def person_access(user: Any, person: Any) -> Access:
    """What ``user`` sees of ``person``: everything for the owner, else the union of the groups
    of the live referrals of the person's cases."""
    if getattr(user, "organisation_id", None) == person.organisation_id and getattr(
        user, "is_active", False
    ):
        return Access(owned=True, groups=ALL_GROUPS)
    ids = [case.pk for case in person.cases.all()]
    groups: set[str] = set()
    for codes in groups_by_case(user, ids).values():
        groups.update(codes)
    return Access(owned=False, groups=frozenset(groups))


def groups_by_case(user: Any, case_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """For cases shared with the user's organisation, the groups each shares (one query; cases
    the organisation owns or does not see are absent)."""
    org = getattr(user, "organisation_id", None)
    ids = list(case_ids)
    if org is None or not ids or not getattr(user, "is_active", False):
        return {}
    found: dict[int, set[str]] = {}
    rows = (Referral.objects.filter(receiver_id=org, case_id__in=ids).sharing()
            .values_list("case_id", "groups"))
    for case_id, codes in rows:
        found.setdefault(case_id, set()).update(codes)
    return {case_id: frozenset(codes) for case_id, codes in found.items()}


def withheld(values: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """``values`` with ``fields`` set to None (an API answer's "not shared with you")."""
    return {**values, **{name: None for name in fields if name in values}}
