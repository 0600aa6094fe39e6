"""Reads of a case's justice records, for its owning organisation only (a receiver of a shared
case gets 404, as if the records were absent), and the case's justice timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext as _

from palermo.cases.models import Case
from palermo.core.scoping import get_visible_or_404
from palermo.justice.codes import Verdict
from palermo.justice.models import (
    Defendant,
    Hearing,
    Investigation,
    ProceedingAgainstPerson,
    Prosecution,
)


def investigations_of(user: Any, case: Case) -> list[Investigation]:
    return cast(list[Investigation],
                list(Investigation.objects.visible_to(user).filter(case=case)))


def prosecutions_of(user: Any, case: Case) -> list[Prosecution]:
    return cast(list[Prosecution], list(
        Prosecution.objects.visible_to(user).filter(case=case)
        .prefetch_related("hearings", "defendants")))


def proceedings_of(user: Any, case: Case) -> list[ProceedingAgainstPerson]:
    return cast(list[ProceedingAgainstPerson], list(
        ProceedingAgainstPerson.objects.visible_to(user).filter(case=case)
        .select_related("person")))


def get_investigation(user: Any, case: Case, pk: int) -> Investigation:
    found = get_visible_or_404(Investigation.objects.filter(case=case), user, pk=pk)
    return cast(Investigation, found)


def get_prosecution(user: Any, case: Case, pk: int) -> Prosecution:
    found = get_visible_or_404(Prosecution.objects.filter(case=case), user, pk=pk)
    return cast(Prosecution, found)


def get_proceeding(user: Any, case: Case, pk: int) -> ProceedingAgainstPerson:
    found = get_visible_or_404(ProceedingAgainstPerson.objects.filter(case=case), user, pk=pk)
    return cast(ProceedingAgainstPerson, found)


def get_hearing(user: Any, prosecution: Prosecution, pk: int) -> Hearing:
    found = get_visible_or_404(Hearing.objects.filter(prosecution=prosecution), user, pk=pk)
    return cast(Hearing, found)


def get_defendant(user: Any, prosecution: Prosecution, pk: int) -> Defendant:
    found = get_visible_or_404(Defendant.objects.filter(prosecution=prosecution), user, pk=pk)
    return cast(Defendant, found)


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    kind: str
    title: str
    detail: str
    #: "against-person" for proceedings against the victim, shown apart.
    tone: str = ""


def timeline(investigations: list[Investigation], prosecutions: list[Prosecution],
             proceedings: list[ProceedingAgainstPerson]) -> list[Entry]:
    """Everything dated in the case's justice records, oldest first."""
    entries: list[Entry] = []
    for inv in investigations:
        articles = ", ".join(inv.articles)
        entries.append(Entry(inv.opened_on, "investigation",
                             _("Investigation opened by %(agency)s") % {"agency": inv.agency},
                             articles))
        if inv.closed_on:
            entries.append(Entry(inv.closed_on, "investigation", _("Investigation closed"),
                                 inv.get_outcome_display()))
    for pro in prosecutions:
        entries.append(Entry(pro.filed_on, "prosecution",
                             _("Sent to court: %(court)s") % {"court": pro.court},
                             ", ".join(pro.charges)))
        for hearing in cast(list[Hearing], pro.hearings.all()):
            entries.append(Entry(hearing.held_on, "hearing", _("Hearing"), hearing.note))
        if pro.verdict_on:
            tone = "good" if pro.verdict == Verdict.CONVICTED else ""
            entries.append(Entry(pro.verdict_on, "verdict",
                                 _("Verdict: %(verdict)s") % {
                                     "verdict": pro.get_verdict_display()},
                                 pro.sentence, tone))
        if pro.appeal_on:
            entries.append(Entry(pro.appeal_on, "appeal", pro.get_appeal_status_display(), ""))
    for proc in proceedings:
        entries.append(Entry(proc.opened_on, "against-person",
                             _("Proceedings against %(person)s: %(offence)s") % {
                                 "person": proc.person.code,
                                 "offence": proc.get_offence_category_display()},
                             proc.article or proc.article_text, "against-person"))
        if proc.closed_on:
            entries.append(Entry(proc.closed_on, "against-person",
                                 _("Proceedings against %(person)s closed") % {
                                     "person": proc.person.code},
                                 proc.get_outcome_display(), "against-person"))
    return sorted(entries, key=lambda entry: entry.date)
