"""The labour-standards check: a prison-labour complaint against dated reference values
(``data/labour_reference.json``: the minimum monthly wage by date, a 40-hour week, a day of
rest) and ILO C29's prison-labour test from the law engine."""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from palermo.complaints.codes import Answer, Category
from palermo.law import qualify

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "labour_reference.json"


@dataclass(frozen=True)
class Reference:
    weekly_hours: int
    rest_days_per_week: int
    minimum_wage: tuple[tuple[datetime.date, Decimal], ...]  # (in force from, roubles), sorted

    def minimum_wage_on(self, day: datetime.date) -> tuple[datetime.date, Decimal] | None:
        """The minimum monthly wage in force on ``day`` and the date it took effect."""
        found = None
        for since, amount in self.minimum_wage:
            if since <= day:
                found = (since, amount)
        return found


@functools.cache
def reference() -> Reference:
    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    wages = sorted(
        (datetime.date.fromisoformat(row["from"]), Decimal(str(row["roubles"])))
        for row in data["minimum_monthly_wage"]
    )
    return Reference(int(data["weekly_hours"]), int(data["rest_days_per_week"]), tuple(wages))


@dataclass(frozen=True)
class Flag:
    code: str  # "pay", "hours", "rest"
    message: str


def pay_share(monthly_pay: Decimal | None, day: datetime.date) -> Decimal | None:
    """Pay as a percentage of the minimum wage in force on ``day`` (None when unknown)."""
    wage = reference().minimum_wage_on(day)
    if monthly_pay is None or wage is None:
        return None
    return (Decimal(monthly_pay) * 100 / wage[1]).quantize(Decimal("0.1"))


def weekly_hours(hours_per_day: int | None, days_per_week: int | None) -> int | None:
    if hours_per_day is None or days_per_week is None:
        return None
    return hours_per_day * days_per_week


def flags(complaint: Any) -> list[Flag]:
    """What in a prison-labour complaint falls short of the reference values."""
    if complaint.category != Category.PRISON_LABOUR:
        return []
    ref = reference()
    found = []
    share = pay_share(complaint.monthly_pay, complaint.received_on)
    if share is not None and share < 100:
        wage = ref.minimum_wage_on(complaint.received_on)
        assert wage is not None  # noqa: S101 - pay_share returned a number, so a wage exists
        found.append(Flag("pay", _(
            "Paid %(share)s%% of the minimum wage (%(wage)s roubles a month since %(since)s)."
        ) % {"share": f"{share:g}", "wage": f"{wage[1]:,.0f}".replace(",", " "),
             "since": wage[0].isoformat()}))
    week = weekly_hours(complaint.hours_per_day, complaint.days_per_week)
    if week is not None and week > ref.weekly_hours:
        found.append(Flag("hours", _("%(hours)d hours a week (the limit is %(limit)d).") % {
            "hours": week, "limit": ref.weekly_hours}))
    if complaint.days_per_week is not None and complaint.days_per_week > 7 - ref.rest_days_per_week:
        found.append(Flag("rest", _("No day of rest.")))
    return found


def _tri(answer: str, *, yes: bool | None = True) -> bool | None:
    if answer == Answer.YES:
        return yes
    if answer == Answer.NO:
        return None if yes is None else not yes
    return None


def c29_facts(complaint: Any) -> dict[str, Any]:
    """The law engine's facts for a prison-labour complaint: what the answers say, the rest
    unknown (a penalty for refusing is a menace of penalty and rules out free consent; "no" to
    a penalty does not prove consent, so it leaves consent unknown)."""
    penalised = complaint.penalised_for_refusing
    menace = _tri(penalised)
    offered = False if penalised == Answer.YES else None
    return {"work": {
        "menace_of_penalty": menace,
        "offered_voluntarily": offered,
        "prison": {
            "court_conviction": None,
            "public_supervision": None,
            "private_party": _tri(complaint.private_company),
            "voluntary_consent": offered,
        },
    }}


@dataclass(frozen=True)
class C29Result:
    qualifies: bool | None
    elements: dict[str, str]
    explanation: str


def ilo_c29(complaint: Any) -> C29Result | None:
    if complaint.category != Category.PRISON_LABOUR:
        return None
    result = qualify(c29_facts(complaint))["frameworks"]["ilo_c29"]
    lang = "ru" if (get_language() or "en").startswith("ru") else "en"
    return C29Result(result["qualifies"], dict(result["elements"]), result["explanation"][lang])
