"""One of every kind of record organisation A owns, for the access sweep and the API fuzzer.

``build_org_a`` writes them through the apps' own services (as the apps' tests do), so each
record is what a real one looks like: a person and a case, its events, perpetrators, notes and a
file; a screening; justice records; a service, a consent, a referral to organisation C and the
notification C's answer sends back; assistance, a support plan and a reflection period; a
complaint with a file; a saved estimate; a training attempt; A's user accounts.

``OrgA.ids`` maps each kind to the ids to put in a URL; ``OrgA.identities`` holds the strings
that identify the person (names, document number, narrative, complaint text): they may appear
only in answers to the personas the policy lets see them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from palermo.accounts.models import Organisation, OrganisationType, User
from palermo.accounts.roles import Role
from palermo.cases import services as cases
from palermo.complaints import submission
from palermo.complaints.codes import Category, FacilityType
from palermo.complaints.models import Facility
from palermo.justice import official
from palermo.justice import services as justice
from palermo.monitoring.models import (
    Action,
    ActionPlan,
    Attendee,
    Course,
    Indicator,
    IndicatorValue,
    Objective,
    TrainingSession,
)
from palermo.referrals import services as referrals
from palermo.referrals.assistance import record_assistance
from palermo.referrals.codes import ServiceType, ShareGroup
from palermo.referrals.models import ReflectionPeriod
from palermo.referrals.support import save_plan
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue
from palermo.screening import services as screening
from palermo.screening.models import TrainingScenario
from palermo.screening.training import record_attempt
from tests.conftest import _make_user
from tests.estimates.conftest import make_estimate
from tests.screening.conftest import CONSTRUCTION

D = datetime.date

#: Strings that identify organisation A's person or tell their story.
GIVEN_NAME = "Дилноза"
FAMILY_NAME = "Каримова"
LATIN_NAME = "Karimova"
DOCUMENT = "FA 7654321"
NARRATIVE = "Recruited by a cousin for a bakery; wages never paid (sweep marker)."
COMPLAINT_TEXT = "Шьют форму по 14 часов в колонии (sweep marker)."

#: PNG magic, enough for the complaint form's file sniffing.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class OrgA:
    """Organisation A's records by kind (ids), and the strings that identify its person."""

    ids: dict[str, list[int | str]] = field(default_factory=dict)
    identities: tuple[str, ...] = (GIVEN_NAME, FAMILY_NAME, LATIN_NAME, DOCUMENT, NARRATIVE)
    complaint_identities: tuple[str, ...] = (COMPLAINT_TEXT,)

    def add(self, kind: str, *values: int | str) -> None:
        self.ids.setdefault(kind, []).extend(values)


def build_org_a(*, org_a: Organisation, caseworker: User, lawyer: User) -> OrgA:
    """Every kind of organisation A's record, plus the shared ones its routes name."""
    found = OrgA()
    person = cases.create_person(
        user=caseworker, given_name=GIVEN_NAME, family_name=FAMILY_NAME,
        given_name_latin="Dilnoza", family_name_latin=LATIN_NAME,
        birth_date=D(1998, 3, 14), documents=[{"type": "passport", "number": DOCUMENT,
                                               "country": "UZ"}],
        gender="Feminine", birth_year=1998, citizenships=["UZ"], languages=["uz", "ru"],
    )
    case = cases.create_case(
        user=caseworker, persons=[person], case_type="ForcedLabour",
        exploitation=["ForcedLabour"], industry="F_Construction", recruitment_country="UZ",
        exploitation_country="RU", opened_on=D(2026, 5, 4), narrative=NARRATIVE,
    )
    found.add("person", person.pk)
    found.add("case", case.pk)
    found.add("event", cases.add_event(user=caseworker, case=case, event_type="Recruitment",
                                       country="UZ").pk)
    perpetrator = cases.add_perpetrator(user=caseworker, case=case,
                                        roles=["RecruiterOrIntermediary"])
    found.add("perpetrator", perpetrator.pk)
    found.add("note", cases.add_note(user=caseworker, case=case, text="First meeting.").pk)
    found.add("attachment", cases.add_attachment(
        user=caseworker, case=case, filename="statement.pdf", content_type="application/pdf",
        content=b"%PDF-1.4 statement").pk)
    found.add("screening", screening.save_screening(user=caseworker, case=case,
                                                    answers=dict(CONSTRUCTION)).pk)

    investigation = justice.add_investigation(
        user=lawyer, case=case, agency="Investigative Committee", articles=["127.1-2"],
        opened_on=D(2024, 2, 1))
    prosecution = justice.add_prosecution(
        user=lawyer, case=case, investigation=investigation, charges=["127.1-2"],
        court="Tverskoy District Court", filed_on=D(2024, 9, 1))
    found.add("investigation", investigation.pk)
    found.add("prosecution", prosecution.pk)
    found.add("hearing", justice.add_hearing(user=lawyer, prosecution=prosecution,
                                             held_on=D(2024, 10, 1), note="First").pk)
    found.add("defendant", justice.add_defendant(
        user=lawyer, prosecution=prosecution, perpetrator=perpetrator, sex="unknown",
        age_group="adult", citizenship="").pk)
    found.add("proceeding", justice.add_proceeding(
        user=lawyer, case=case, person=person, offence_category="immigration",
        article_text="CAO 18.8", opened_on=D(2024, 1, 10)).pk)

    _referrals(found, org_a=org_a, caseworker=caseworker, case=case)
    record_assistance(user=caseworker, case=case, service_type=ServiceType.MEDICAL,
                      delivered_on=D(2026, 5, 10), quantity=Decimal(1), unit="visit")
    save_plan(user=caseworker, case=case, types=["Health"], objectives="Recover")
    ReflectionPeriod.objects.create(case=case, started_on=D(2026, 5, 4), ends_on=D(2026, 6, 3))

    complaint, _code = submission.submit_complaint(
        organisation=org_a, category=Category.FORCED_LABOUR, language="ru",
        answers={"reporter": "self", "text": COMPLAINT_TEXT},
        files=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")])
    found.add("complaint", complaint.pk)
    found.add("complaint_file", complaint.files.get().pk)
    found.add("facility", Facility.objects.create(
        name="IK-7", facility_type=FacilityType.PENAL_COLONY, region="Karelia").pk)
    found.add("section", "month")

    found.add("estimate", make_estimate(org_a))
    scenario = TrainingScenario.objects.order_by("slug").first()
    if scenario is None:  # a transactional test elsewhere flushed the data migration's rows
        from palermo.screening.scenarios import load_scenarios

        load_scenarios(TrainingScenario)
        scenario = TrainingScenario.objects.order_by("slug").first()
    assert scenario is not None
    found.add("scenario", scenario.slug)
    found.add("attempt", record_attempt(user=caseworker, scenario=scenario,
                                        answers=dict(CONSTRUCTION),
                                        identification="ActualVictimOfTrafficking").pk)
    _official(found)
    _monitoring(found, lawyer=lawyer)
    _reports(found, lawyer=lawyer)
    found.add("user", caseworker.pk, lawyer.pk)
    return found


def _referrals(found: OrgA, *, org_a: Organisation, caseworker: User, case: cases.Case) -> None:
    """A's own service, a consent to share with C, a referral to C's clinic, C's acceptance
    (which notifies A)."""
    org_c = Organisation.objects.create(name="Organisation C", country="RU",
                                        org_type=OrganisationType.HEALTH_SERVICE)
    receiver = _make_user("caseworker_c", org_c, Role.CASEWORKER)
    clinic = referrals.create_service(user=receiver, service_type=ServiceType.MEDICAL,
                                      name="Clinic for migrants", region="Moscow")
    found.add("service", referrals.create_service(
        user=caseworker, service_type=ServiceType.LEGAL_AID, name="A's legal aid",
        region="Moscow").pk)
    found.add("consent", referrals.record_consent(
        user=caseworker, case=case, recipient=org_c, groups=[ShareGroup.NARRATIVE],
        given_on=timezone.localdate() - datetime.timedelta(days=1)).pk)
    referral = referrals.send_referral(user=caseworker, case=case, service=clinic,
                                       message="Needs a check-up.")
    referrals.transition(user=receiver, referral=referral, action="accept")
    found.add("referral", referral.pk)
    found.add("notification", referral.notifications.get(organisation=org_a).pk)


def _official(found: OrgA) -> None:
    """A published figure and a computed indicator (shared records, made by a coordinator)."""
    body = Organisation.objects.create(name="Statistics office", country="RU",
                                       org_type=OrganisationType.COORDINATION_BODY)
    clerk = _make_user("statistics_coordinator", body, Role.COORDINATOR)
    figure = official.create_figure(user=clerk, source="Judicial Department", year=2024,
                                    jurisdiction="RU", article="127.1", measure="persons_convicted",
                                    value=12)
    found.add("measure", figure.measure)
    found.add("article", figure.article)


def _monitoring(found: OrgA, *, lawyer: User) -> None:
    """A's indicator with a value, action plan with an objective and an action, and training
    course with a session and an attendee (read by all staff, changed by A's editors only)."""
    organisation = lawyer.organisation
    assert organisation is not None
    indicator = Indicator.objects.create(organisation=organisation, name="A's indicator")
    found.add("indicator", indicator.pk)
    found.add("indicator_value", IndicatorValue.objects.create(
        indicator=indicator, date=D(2024, 1, 1), value=Decimal(5)).pk)
    plan = ActionPlan.objects.create(organisation=organisation, title="A's plan",
                                     starts_on=D(2025, 1, 1), ends_on=D(2027, 12, 31))
    objective = Objective.objects.create(plan=plan, number="1", title="Objective")
    found.add("plan", plan.pk)
    found.add("objective", objective.pk)
    found.add("action", Action.objects.create(objective=objective, number="1.1",
                                              title="Action", deadline=D(2025, 6, 30)).pk)
    course = Course.objects.create(organisation=organisation, title="A's course")
    session = TrainingSession.objects.create(course=course, held_on=D(2025, 3, 1),
                                             region="Moscow", audience_agency="police")
    found.add("course", course.pk)
    found.add("training_session", session.pk)
    found.add("attendee", Attendee.objects.create(session=session, agency="police").pk)


def _reports(found: OrgA, *, lawyer: User) -> None:
    """A's submission (a draft nobody else sees) with an issue, a problem and a figure citing
    A's indicator."""
    organisation = lawyer.organisation
    assert organisation is not None
    submission = Submission.objects.create(organisation=organisation, created_by=lawyer,
                                           title="A's submission")
    issue = SubmissionIssue.objects.create(submission=submission, title="Issue")
    problem = Problem.objects.create(issue=issue, title="Problem")
    figure = Figure.objects.create(problem=problem,
                                   indicator_id=int(found.ids["indicator"][0]))
    found.add("submission", submission.pk)
    found.add("submission_issue", issue.pk)
    found.add("problem", problem.pk)
    found.add("submission_figure", figure.pk)
