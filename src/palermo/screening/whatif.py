"""What-if across the registry: for the cases a user's organisation owns, how many qualify under
each framework today and under the recommended amendment, and which cases are behind each number.

Cases shared with the organisation through a referral are left out: their screenings are another
organisation's work, and counting them as unscreened would be wrong.

Each case counts once, by its latest screening's clear ``result_summary`` and ``gap_codes`` (no
decryption: the summary holds answers, never facts or identities). Cases never screened are
counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from palermo.cases.models import Case, CaseQuerySet
from palermo.law import FRAMEWORK_IDS
from palermo.screening.models import Screening

ANSWERS = ("yes", "no", "undetermined")
UNSCREENED = "unscreened"
TODAY, AMENDED = "ru_cc_127_1", "ru_cc_127_1_proposed"


def answer_word(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "undetermined"}[value]


@dataclass
class WhatIf:
    """Counts over the visible cases; ``latest`` maps a screened case's id to its summary."""

    cases: int = 0
    latest: dict[int, tuple[dict[str, Any], list[str]]] = field(default_factory=dict)

    @property
    def screened(self) -> int:
        return len(self.latest)

    @property
    def unscreened(self) -> int:
        return self.cases - self.screened

    def by_framework(self) -> dict[str, Counter[str]]:
        counts = {fid: Counter[str]() for fid in FRAMEWORK_IDS}
        for summary, _gaps in self.latest.values():
            for fid in FRAMEWORK_IDS:
                counts[fid][answer_word(summary.get(fid))] += 1
        return counts

    def today_vs_amended(self) -> dict[tuple[str, str], int]:
        cells: Counter[tuple[str, str]] = Counter()
        for summary, _gaps in self.latest.values():
            cells[(answer_word(summary.get(TODAY)), answer_word(summary.get(AMENDED)))] += 1
        return {(t, a): cells[(t, a)] for t in ANSWERS for a in ANSWERS}

    def gaps(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for _summary, codes in self.latest.values():
            found.update(set(codes))
        return found


def _owned_cases(user: Any) -> CaseQuerySet:
    return Case.objects.owned_by(user)


def _visible_case_ids(user: Any) -> list[int]:
    return list(_owned_cases(user).values_list("pk", flat=True))


def what_if(user: Any) -> WhatIf:
    """The what-if counts over every case ``user``'s organisation owns."""
    case_ids = _visible_case_ids(user)
    result = WhatIf(cases=len(case_ids))
    rows = (
        Screening.objects.visible_to(user)
        .filter(case_id__in=_owned_cases(user).values("pk"))
        .order_by("case_id", "-created_at", "-id")
        .values_list("case_id", "result_summary", "gap_codes")
    )
    for case_id, summary, codes in rows.iterator(chunk_size=2000):
        if case_id not in result.latest:
            result.latest[case_id] = (summary or {}, list(codes or []))
    return result


@dataclass(frozen=True)
class Cell:
    """Which cell of the what-if table to list: one framework's answer, the today × amended
    crossing, a gap, or the unscreened cases."""

    framework: str = ""
    answer: str = ""
    today: str = ""
    amended: str = ""
    gap: str = ""
    unscreened: bool = False

    @classmethod
    def from_query(cls, query: Any, gap_codes: set[str]) -> Cell | None:
        """The cell a query string names, or None when it names none validly."""
        framework, answer = query.get("framework", ""), query.get("answer", "")
        today, amended, gap = query.get("today", ""), query.get("amended", ""), query.get("gap", "")
        if framework in FRAMEWORK_IDS and answer in ANSWERS:
            return cls(framework=framework, answer=answer)
        if today in ANSWERS and amended in ANSWERS:
            return cls(today=today, amended=amended)
        if gap in gap_codes:
            return cls(gap=gap)
        if query.get(UNSCREENED) == "1":
            return cls(unscreened=True)
        return None

    def matches(self, summary: dict[str, Any], codes: list[str]) -> bool:
        if self.framework:
            return answer_word(summary.get(self.framework)) == self.answer
        if self.today:
            return (answer_word(summary.get(TODAY)), answer_word(summary.get(AMENDED))) == (
                self.today, self.amended)
        return self.gap in codes


def cases_in_cell(user: Any, table: WhatIf, cell: Cell) -> Any:
    """The owned cases behind one cell, newest first (a queryset, for pagination)."""
    cases = _owned_cases(user)
    if cell.unscreened:
        return cases.exclude(pk__in=list(table.latest)).order_by("-opened_on", "-id")
    ids = [cid for cid, (summary, codes) in table.latest.items() if cell.matches(summary, codes)]
    return cases.filter(pk__in=ids).order_by("-opened_on", "-id")


def case_rows(cases: Any) -> Any:
    """Only what the cell list shows: codes and clear fields, never an identity."""
    return cases.select_related("organisation").only(
        "pk", "code", "case_type", "status", "trafficking_status", "opened_on",
        "organisation__name",
    )

