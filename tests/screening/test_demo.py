"""Demo screenings: one per generated case, plausible per pattern, deterministic, and the
frameworks part ways across them (what the registry-wide what-if table shows)."""

from __future__ import annotations

from collections import Counter

from palermo.accounts.models import Organisation, User
from palermo.cases import demo_data
from palermo.cases.models import Case
from palermo.core.models import AuditEvent
from palermo.screening.demo import answers_for
from palermo.screening.models import IdentificationDecision, Screening
from palermo.screening.questionnaire import clean_answers


def _seed(organisation: Organisation, count: int = 120, seed: int = 7) -> None:
    demo_data.seed(seed=seed, count=count, organisations={"any": organisation.pk},
                   spread=(("any", 1.0),))


def test_every_generated_case_gets_a_screening_and_decided_cases_a_signed_decision(
    org_a: Organisation, lawyer: User
) -> None:
    _seed(org_a)
    assert Screening.objects.count() == Case.objects.count() == 120
    decided = Case.objects.exclude(trafficking_status="PossibleVictimOfTrafficking")
    decisions = IdentificationDecision.objects.all()
    assert decisions.count() == decided.count() > 0
    assert {d.decided_by_id for d in decisions} == {lawyer.pk}
    assert all(d.hash_matches and d.decision == d.case.trafficking_status
               for d in decisions.select_related("case"))
    row = AuditEvent.objects.get(object_type="screening.Screening")
    assert row.detail["screenings"] == 120 and row.detail["decisions"] == decisions.count()


def test_without_a_signer_there_are_screenings_but_no_decisions(org_a: Organisation) -> None:
    _seed(org_a, count=30)
    assert Screening.objects.count() == 30
    assert not IdentificationDecision.objects.exists()


def test_demo_answers_are_valid_and_the_same_for_the_same_seed(org_a: Organisation) -> None:
    _seed(org_a, count=60)
    for case in Case.objects.all():
        answers = answers_for(case, 7)
        assert clean_answers(answers) == answers
        assert answers_for(case, 7) == answers
    stored = {s.case_id: s.answers for s in Screening.objects.all()}
    assert all(stored[c.pk] == answers_for(c, 7) for c in Case.objects.all())


def test_frameworks_part_ways_across_the_demo_cases(org_a: Organisation) -> None:
    _seed(org_a, count=200)
    summaries = [s.result_summary for s in Screening.objects.all()]
    palermo_not_127 = sum(1 for s in summaries
                          if s["un_palermo"] is True and s["ru_cc_127_1"] is False)
    amendment_helps = sum(1 for s in summaries
                          if s["ru_cc_127_1_proposed"] is True and s["ru_cc_127_1"] is not True)
    assert palermo_not_127 >= 20 and amendment_helps >= 20
    gaps = Counter(code for s in Screening.objects.all() for code in s.gap_codes)
    assert gaps["consent_exonerates"] >= 20
    prison = Screening.objects.filter(case__case_type="PrisonLabour")
    assert any(s.result_summary["ilo_c29"] is True for s in prison)
    military = Screening.objects.filter(case__case_type="ForcedMilitaryRecruitment")
    assert any(s.result_summary["un_palermo"] is True for s in military)


def test_the_registry_alone_can_be_seeded_without_screenings(org_a: Organisation) -> None:
    demo_data.seed(seed=3, count=20, organisations={"any": org_a.pk}, spread=(("any", 1.0),),
                   screenings=False)
    assert Case.objects.count() == 20 and not Screening.objects.exists()
