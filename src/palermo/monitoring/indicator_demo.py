"""The demo's indicators, trainings and national action plan (``palermo demo``; idempotent).

Figures come from the seed document and ``reference/upr-monitoring.md`` §3 with their sources.
None is marked verified: the Global Slavery Index figures were checked in secondary sources
only (Statista, myc.news), not in Walk Free's country data, and the prison wage is a research
institute's 2016 figure. Convictions and officials trained are live series over the official
figures (``justice.demo``) and the demo trainings.

The national action plan is illustrative: the seed document says Russia has no national action
plan, so the demo plan is a fictional coordination council's, marked as demo data. Its actions
answer the seed document's recommendations when the recommendations demo has loaded them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import cast

from django.db import transaction

from palermo.accounts.models import Organisation, User
from palermo.monitoring.models import (
    Action,
    ActionPlan,
    ActionTarget,
    Attendee,
    Course,
    Indicator,
    IndicatorValue,
    Objective,
    ProgressReport,
    Recommendation,
    TrainingSession,
)

GSI = "Walk Free, Global Slavery Index 2023"
GSI_URL = "https://www.walkfree.org/global-slavery-index/"
GSI_DAY = datetime.date(2023, 5, 24)  # the day the 2023 index was published

#: (name, unit, description, live key, [(date, value, source, source url, note)])
INDICATORS: list[tuple[str, str, str, str, list[tuple[datetime.date, str, str, str, str]]]] = [
    ("Global Slavery Index 2023: people in modern slavery in Russia", "persons",
     "Walk Free's estimate of the number of people living in modern slavery.", "",
     [(GSI_DAY, "1899000", "Statista chart 30666, citing the Global Slavery Index 2023",
       "https://www.statista.com/chart/30666/",
       "Checked in a secondary source only; verify in Walk Free's country data.")]),
    ("Global Slavery Index 2023: prevalence rank of Russia", "rank of 160 (1 = highest)",
     "Russia's place among 160 countries by the estimated prevalence of modern slavery.", "",
     [(GSI_DAY, "8", "myc.news, 16 June 2023, citing the Global Slavery Index 2023", "",
       "8th highest of 160. Checked in a secondary source only.")]),
    ("Global Slavery Index 2023: prevalence in Russia", "per 1,000 population",
     "People in modern slavery per 1,000 population.", "",
     [(GSI_DAY, "13.0", "myc.news, 16 June 2023, citing the Global Slavery Index 2023", "",
       "Checked in a secondary source only.")]),
    ("Average monthly wage of working prisoners", "rubles per month",
     "What convicts working in penal colonies are paid.", "",
     [(datetime.date(2016, 9, 8), "4000",
       "Institute of Problems of Modern Society (i-pso.ru), 8 September 2016",
       "https://i-pso.ru/2016/09/08/rab/",
       "About 4,000 rubles a month, six times below the economy's average, for 12–14-hour "
       "days without days off.")]),
    ("Persons convicted of trafficking per year (art. 127.1)", "persons",
     "From the official figures entered on the official statistics page.",
     "official:persons_convicted:127.1", []),
    ("Persons convicted of use of slave labour per year (art. 127.2)", "persons",
     "From the official figures entered on the official statistics page.",
     "official:persons_convicted:127.2", []),
    ("Officials trained per year", "persons",
     "Attendees of the trainings recorded in palermo and accounts trained in the screening "
     "training mode.", "trainings:officials", []),
]

COURSE = "Identifying victims of trafficking and forced labour"
#: (day, region, audience agency, trainers, [(agency, position, pre, post)])
SESSIONS = [
    (datetime.date(2025, 3, 12), "Moscow", "police", "Open Door Anti-Trafficking Centre",
     [("police", "District officer", 35, 70), ("police", "Investigator", 50, 85),
      ("migration", "Inspector", 40, 65), ("police", "Investigator", 45, 80)]),
    (datetime.date(2025, 10, 2), "Saint Petersburg", "labour_inspection",
     "Open Door Anti-Trafficking Centre",
     [("labour_inspection", "State labour inspector", 30, 75),
      ("labour_inspection", "State labour inspector", 55, 80),
      ("prosecution", "Assistant prosecutor", 60, 90)]),
    (datetime.date(2026, 4, 20), "Kazan", "judiciary", "Pravo Legal Aid Network",
     [("judiciary", "Judge", 65, 85), ("judiciary", "Court clerk", 40, 70),
      ("prosecution", "Prosecutor", 55, 75)]),
]

PLAN = "National action plan against trafficking in persons 2025–2027 (demo)"
PLAN_BY = ("National Anti-Trafficking Coordination Council (fictional demo data: the seed "
           "document notes that Russia has no national action plan)")
#: (objective number, title, [(number, title, agencies, deadline, budget, status,
#:   words of the recommendation answered)])
OBJECTIVES = [
    ("1", "Bring the criminal legislation in line with international law", [
        ("1.1", "Draft amendments to art. 127.1 making means a constituent element",
         "Ministry of Justice", datetime.date(2025, 6, 30), None, "in_progress",
         "organized crime"),
        ("1.2", "Draft a framework anti-trafficking law",
         "Ministry of Justice, Ministry of Labour", datetime.date(2026, 3, 31), "2500000",
         "planned", "legal framework"),
    ]),
    ("2", "Coordinate, collect data and train officials", [
        ("2.1", "Set up a national coordination mechanism",
         "National Anti-Trafficking Coordination Council", datetime.date(2025, 12, 31), None,
         "done", "national action plan"),
        ("2.2", "Train police, labour inspectors, prosecutors and judges",
         "Ministry of Internal Affairs, Federal Labour Inspectorate, Prosecutor General's Office",
         datetime.date(2027, 12, 31), "12000000", "in_progress",
         "sale and trafficking of children"),
    ]),
    ("3", "Identify and assist victims", [
        ("3.1", "Open specialised shelters in five regions",
         "Ministry of Labour and Social Protection", datetime.date(2026, 6, 30), "45000000",
         "planned", "assistance to victims"),
        ("3.2", "Adopt a national referral mechanism for identification and assistance",
         "Ministry of Labour and Social Protection, Ministry of Internal Affairs",
         datetime.date(2027, 6, 30), None, "planned", "assistance to victims"),
    ]),
]


def _indicators(owner: Organisation) -> tuple[int, dict[str, Indicator]]:
    made = 0
    found: dict[str, Indicator] = {}
    for name, unit, description, live_key, values in INDICATORS:
        indicator, created = Indicator.objects.get_or_create(
            organisation=owner, name=name,
            defaults={"unit": unit, "description": description, "live_key": live_key,
                      "source": GSI if name.startswith("Global Slavery") else "",
                      "source_url": GSI_URL if name.startswith("Global Slavery") else ""})
        made += created
        found[live_key or name] = indicator
        for day, value, source, url, note in values:
            made += IndicatorValue.objects.get_or_create(
                indicator=indicator, date=day,
                defaults={"value": Decimal(value), "source": source, "source_url": url,
                          "note": note, "verified": False})[1]
    return made, found


def _trainings(owner: Organisation) -> int:
    course, created_course = Course.objects.get_or_create(
        organisation=owner, title=COURSE,
        defaults={"topic": "Indicators of trafficking and forced labour; the non-punishment "
                           "principle; referral to assistance", "hours": Decimal(8)})
    made = int(created_course)
    for day, region, audience, trainers, attendees in SESSIONS:
        session, created = TrainingSession.objects.get_or_create(
            course=course, held_on=day, region=region,
            defaults={"audience_agency": audience, "trainers": trainers})
        made += created
        if created:
            Attendee.objects.bulk_create([
                Attendee(session=session, agency=agency, position=position,
                         pre_score=Decimal(pre), post_score=Decimal(post))
                for agency, position, pre, post in attendees])
            made += len(attendees)
    return made


def _recommendation(words: str) -> Recommendation | None:
    found = (Recommendation.objects.filter(state_under_review="RU", text__icontains=words)
             .order_by("pk").first())
    return cast(Recommendation | None, found)


def _plan(owner: Organisation, indicators: dict[str, Indicator]) -> int:
    plan, created_plan = ActionPlan.objects.get_or_create(
        organisation=owner, title=PLAN,
        defaults={"adopted_by": PLAN_BY, "starts_on": datetime.date(2025, 1, 1),
                  "ends_on": datetime.date(2027, 12, 31)})
    made = int(created_plan)
    author = User.objects.filter(organisation=owner, is_active=True).order_by("pk").first()
    for number, title, actions in OBJECTIVES:
        objective, created = Objective.objects.get_or_create(plan=plan, number=number,
                                                             defaults={"title": title})
        made += created
        for a_number, a_title, agencies, deadline, budget, status, words in actions:
            action, created = Action.objects.get_or_create(
                objective=objective, number=a_number,
                defaults={"title": a_title, "responsible_agencies": agencies,
                          "deadline": deadline, "status": status,
                          "budget": None if budget is None else Decimal(budget),
                          "currency": "" if budget is None else "RUB"})
            made += created
            answered = _recommendation(words)
            if answered is not None:
                action.recommendations.add(answered)
            if created and author is not None and status != "planned":
                ProgressReport.objects.create(
                    action=action, reported_on=min(deadline, datetime.date(2025, 9, 30)),
                    status=status, author=author,
                    text="Demo progress report: working group formed, draft circulated.")
    trained = indicators.get("trainings:officials")
    training = Action.objects.filter(objective__plan=plan, number="2.2").first()
    if trained is not None and training is not None:
        made += ActionTarget.objects.get_or_create(
            action=training, indicator=trained,
            defaults={"baseline": Decimal(0), "baseline_date": datetime.date(2024, 12, 31),
                      "target": Decimal(500), "target_date": datetime.date(2027, 12, 31)})[1]
    convictions = indicators.get("official:persons_convicted:127.1")
    investigation = Action.objects.filter(objective__plan=plan, number="1.1").first()
    if convictions is not None and investigation is not None:
        made += ActionTarget.objects.get_or_create(
            action=investigation, indicator=convictions,
            defaults={"baseline": Decimal(16), "baseline_date": datetime.date(2022, 6, 30),
                      "target": Decimal(50), "target_date": datetime.date(2027, 12, 31)})[1]
    return made


@transaction.atomic
def ensure(organisations: dict[str, Organisation]) -> int:
    """Indicators (the NGO, ``A``), trainings and the plan (the coordination council,
    ``national``); the number of rows created. Run after the recommendations demo."""
    made, indicators = _indicators(organisations["A"])
    made += _trainings(organisations["national"])
    made += _plan(organisations["national"], indicators)
    return made
