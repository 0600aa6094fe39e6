"""The demo submission (``palermo demo``; idempotent): part of the source document rebuilt from
the demo data — two issues (human trafficking; exploitation of prisoners), the five seed
recommendations as previous recommendations, and figures cited from the demo indicators.

Texts of problems, developments and our recommendations follow the source document. Figures are
not typed here: each is an indicator of the monitoring demo (``monitoring.indicator_demo``),
read when the deck is built, so the deck shows the indicator's value, date and source. An
indicator the monitoring demo has not loaded is left out. The contact is a demo address."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Role
from palermo.monitoring.models import Indicator, Recommendation
from palermo.reports import services
from palermo.reports.models import Submission

TITLE = ("Human trafficking, forced labour and other forms of exploitation in the Russian "
         "Federation")

#: Issues: title, recommending states of the previous recommendations, developments, problems
#: (title, recommending state of its previous recommendation, current situation, figures as
#: (words in the indicator's name, caption)), our recommendations.
ISSUES: list[dict[str, Any]] = [
    {
        "title": "Human trafficking",
        "previous": ["AM", "QA", "PL", "TH", "LK"],
        "developments": "Russia ranked 8th of 160 countries in the Global Slavery Index 2023\n"
                        "An estimated 1,899,000 people live in modern slavery in Russia\n"
                        "Primary victims: women and migrant workers",
        "problems": [
            ("Inadequate criminal legislation", "AM",
             "The Criminal Code does not refer to means (threats, force, coercion) as a "
             "constituent element of human trafficking\n"
             "Victims' formal consent given under coercion is considered valid and exonerates "
             "perpetrators",
             [("people in modern slavery", "People in modern slavery"),
              ("prevalence rank", "Prevalence rank of Russia")]),
            ("Lack of preventive measures", "QA",
             "No national action plan\nNo framework legislation\n"
             "No coordination mechanisms among responsible authorities\n"
             "No systemic data collection and analysis\n"
             "No specific trainings for law enforcement officers\n"
             "Suppression of NGOs dealing with human trafficking", []),
            ("Ineffective investigation", "TH",
             "Few convictions for human trafficking and forced labour every year",
             [("convicted of trafficking", "Persons convicted of trafficking"),
              ("convicted of use of slave labour", "Persons convicted of use of slave labour")]),
            ("Lack of victim protection and assistance", "LK",
             "No mechanisms for victims' identification and assistance\n"
             "No specific material, legal or medical aid\nNo specific shelter services\n"
             "Punishment for crimes victims were forced into", []),
        ],
        "ours": "Bring the criminal legislation in line with international law\n"
                "  include means as a constituent element of human trafficking\n"
                "  establish the irrelevance of trafficking victims' consent\n"
                "Adopt an anti-trafficking law and a national action plan that provide for\n"
                "  national coordination mechanisms\n"
                "  data gathering and specific trainings for state officials\n"
                "Set up a framework for trafficking victims' identification and their "
                "material, medical, legal and shelter assistance",
    },
    {
        "title": "Exploitation of prisoners",
        "previous": [],
        "developments": "Work up to 6 days a week, 12-16 hours a day\n"
                        "Miserable monthly wages\nLack of effective complaint mechanisms\n"
                        "Punishment for any dissent or resistance",
        "problems": [
            ("Forced labour in penal colonies", None,
             "Prisoners are punished for refusing to work",
             [("wage of working prisoners", "Average monthly wage of working prisoners")]),
            ("Military exploitation", None,
             "Forced recruitment of prisoners by the Government and private military "
             "companies\nTens of thousands of prisoners recruited\n"
             "Forced mobilization of other military reservists\n"
             "Prosecution of conscientious objectors", []),
        ],
        "ours": "Repeal legislation allowing forced labour in prisons and imposing punishment "
                "on prisoners for refusing it\n"
                "Ensure that prisoners work in decent conditions and are paid no less than the "
                "federal minimum wage\n"
                "Institute legal safeguards against compelled recruitment and mobilization for "
                "prisoners and conscientious objectors and conduct thorough investigations into "
                "reported cases",
    },
]


def _recommendation(organisation: Organisation, state: str) -> Recommendation | None:
    # Stored as comma-separated two-letter codes: a two-letter substring is a whole code.
    return (Recommendation.objects.filter(organisation=organisation, mechanism="upr",
                                          recommending_states__contains=state)
            .order_by("pk").first())  # type: ignore[return-value]  # scoped manager is untyped


def _indicator(organisation: Organisation, words: str) -> Indicator | None:
    return (Indicator.objects.filter(organisation=organisation, name__icontains=words)
            .order_by("pk").first())  # type: ignore[return-value]  # scoped manager is untyped


def ensure(organisation: Organisation) -> int:
    """Build the demo submission for the organisation unless it has one, once its
    recommendations are loaded; the number of submissions created (0 or 1)."""
    if Submission.objects.filter(organisation=organisation, title=TITLE).exists():
        return 0
    author = User.objects.filter(organisation=organisation, role=Role.LAWYER,
                                 is_active=True).order_by("pk").first()
    if author is None or _recommendation(organisation, "AM") is None:
        return 0
    with transaction.atomic():
        submission = services.create_submission(user=author, changes={
            "title": TITLE, "language": "en", "state_under_review": "RU",
            "subtitle": "Submission for the Universal Periodic Review (demo, built from "
                        "palermo's data)",
            "contact": "monitoring@open-door.example"})
        for spec in ISSUES:
            previous = [r for r in (_recommendation(organisation, s) for s in spec["previous"])
                        if r is not None]
            issue = services.save_issue(
                user=author, submission=submission, issue=None, previous_recommendations=previous,
                changes={"title": spec["title"], "developments": spec["developments"],
                         "our_recommendations": spec["ours"]})
            for title, state, situation, cited in spec["problems"]:
                problem = services.save_problem(user=author, issue=issue, problem=None, changes={
                    "title": title, "current_situation": situation,
                    "previous_recommendation": _recommendation(organisation, state)
                    if state else None})
                for words, caption in cited:
                    indicator = _indicator(organisation, words)
                    if indicator is not None:
                        services.add_figure(user=author, problem=problem, indicator=indicator,
                                            caption=caption, show_chart=True)
    return 1
