"""Screenings and signed decisions for generated demo cases (seed-demo and the demo).

Answers follow what the case records (age, exploitation, means of control, recruitment) and its
pattern, with a random share left unknown, so frameworks part ways as they do in practice:
formally consenting adults (art. 127.1 as applied does not see a victim), prison labour for
private companies (ILO C29 exception lost), prisoners recruited to fight under threat. Each case
gets its own random stream from the seed and its code, so a seed always gives the same answers.
Decisions are signed, for cases already decided, by the first lawyer or coordinator of the case's
organisation, if it has one.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from palermo.accounts.models import User
from palermo.accounts.roles import ROLE_CAPABILITIES, Capability
from palermo.cases.codes import CaseType, Exploitation, Industry, TraffickingStatus
from palermo.cases.models import Case
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.screening.models import IdentificationDecision, Screening, decision_hash
from palermo.screening.questionnaire import load
from palermo.screening.services import assess

#: HTCDS means of control -> the indicators a caseworker would answer "yes".
MEANS_INDICATORS: dict[str, tuple[str, ...]] = {
    "WithholdsDocuments": ("ilo_retention_of_documents", "cd_documents"),
    "DebtBondage": ("ilo_debt_bondage", "cd_debt_bondage"),
    "TakesEarnings": ("ilo_withholding_of_wages", "cd_withholding_wages", "ex_low_salary"),
    "RestrictsFinancialAccess": ("ilo_withholding_of_wages", "cr_withholding_money"),
    "ThreatsLawEnforcement": ("ilo_intimidation_threats", "cd_denunciation"),
    "PhysicalThreats": ("ilo_intimidation_threats", "cd_threats_violence"),
    "ThreatensChildrenFamily": ("ilo_intimidation_threats", "cd_violence_family"),
    "PhysicalAbuse": ("ilo_physical_sexual_violence", "cd_violence"),
    "SexualAbuse": ("ilo_physical_sexual_violence", "cd_violence"),
    "FalsePromises": ("ilo_deception", "dr_nature_of_job", "dr_wages", "dr_conditions"),
    "ExcessiveWorkingHours": ("ilo_excessive_overtime", "ex_excessive_hours"),
    "WithholdsNecessities": ("ilo_abusive_conditions", "ex_living_conditions"),
    "RestrictsMedicalCare": ("ilo_abusive_conditions", "ex_working_conditions"),
    "PsychologicalAbuse": ("ilo_isolation", "cd_strong_influence"),
    "PsychoactiveSubstance": ("cd_strong_influence",),
}
EXPLOITATION_PURPOSES: dict[str, str] = {
    Exploitation.FORCED_LABOUR: "purpose_forced_labour",
    Exploitation.SEXUAL: "purpose_prostitution_of_others",
    Exploitation.CHILD_LABOUR: "purpose_forced_labour",
    Exploitation.FORCED_MARRIAGE: "purpose_forced_marriage",
    Exploitation.SERVITUDE: "purpose_servitude",
    Exploitation.FORCED_MILITARY: "purpose_forced_military_service",
    Exploitation.ORGAN_REMOVAL: "purpose_organ_removal",
    Exploitation.FORCED_BEGGING: "purpose_forced_begging",
}
REASONS = {
    TraffickingStatus.ACTUAL: "Indicators of deception and coercion at destination confirmed "
                              "in the interview and by documents (demo).",
    TraffickingStatus.NOT_A_VICTIM: "Labour rights violations without coercion; referred to "
                                    "the labour inspectorate (demo).",
}


def _kind(case: Case) -> str:
    if case.case_type == CaseType.PRISON_LABOUR:
        return "prison"
    if case.case_type == CaseType.FORCED_MILITARY:
        return "military"
    if Exploitation.SEXUAL in case.exploitation:
        return "sexual"
    if case.industry == Industry.C:
        return "brick"
    return "labour"


def answers_for(case: Case, seed: int) -> dict[str, Any]:
    """Plausible answers for a generated case (deterministic for the seed and the case code)."""
    rng = random.Random(f"{seed}:screening:{case.code}")  # noqa: S311 - fake data
    kind = _kind(case)
    answers: dict[str, Any] = {"prison_labour": "yes" if kind == "prison" else "no",
                               "military_service": "yes" if kind == "military" else "no"}
    if case.age_when_trafficked is not None and rng.random() < 0.9:
        answers["victim_age"] = case.age_when_trafficked
    for code in case.exploitation:
        if code in EXPLOITATION_PURPOSES:
            answers[EXPLOITATION_PURPOSES[code]] = "yes"
    for code in case.means_of_control:
        for indicator in MEANS_INDICATORS.get(code, ()):
            if rng.random() < 0.85:  # a share stays unknown: not every fact is established
                answers[indicator] = "yes"
    if case.recruitment or kind == "military":
        answers["act_recruitment"] = "yes"
        answers["act_transportation"] = rng.choice(("yes", "yes", "unknown"))
    answers["act_harbouring"] = rng.choice(("yes", "unknown"))
    answers["ex_excessive_hours"] = answers.get("ex_excessive_hours", rng.choice(("yes", "no")))
    answers["ilo_deception"] = answers.get("ilo_deception", rng.choice(("yes", "no", "unknown")))
    # Most adults had agreed to come: the consent that art. 127.1 as applied treats as valid.
    answers["consent_given"] = "yes" if rng.random() < 0.7 else rng.choice(("no", "unknown"))
    if kind == "prison":
        answers.update({"prison_court_conviction": "yes", "prison_public_supervision": "yes",
                        "prison_private_party": "yes" if rng.random() < 0.75 else "no",
                        "prison_voluntary_consent": "no", "work_menace_of_penalty": "yes",
                        "cd_worse_conditions": "yes", "aggravating_official_position": "yes"})
    elif kind == "military":
        answers.update({"military_compulsory_service_law": "no",
                        "military_purely_military": rng.choice(("yes", "no")),
                        "cr_threats_violence": "yes", "cr_denunciation": "yes",
                        "dr_legal_status": "yes", "ex_hazardous_work": "yes",
                        "work_offered_voluntarily": "no"})
    elif kind == "brick":
        answers.update({"work_ownership_powers": rng.choice(("yes", "yes", "unknown")),
                        "work_unable_to_refuse": "yes", "ilo_restriction_of_movement": "yes",
                        "avr_economic": "yes", "avr_personal_situation": "yes",
                        "avr_lack_information": "yes"})
    elif kind == "sexual":
        answers.update({"cd_forced_tasks": "yes", "cd_isolation": rng.choice(("yes", "unknown")),
                        "aggravating_border_crossing": rng.choice(("yes", "no"))})
    else:
        answers["work_ownership_powers"] = rng.choice(("no", "unknown"))
    return {key: value for key, value in answers.items() if value != "unknown"}


def _signers(organisation_ids: set[int]) -> dict[int, int]:
    """The first lawyer or coordinator (by id) of each organisation."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.SIGN_IDENTIFICATION in caps]
    signers: dict[int, int] = {}
    for user_id, org_id in (User.objects.filter(organisation_id__in=organisation_ids,
                                                role__in=roles, is_active=True)
                            .order_by("pk").values_list("pk", "organisation_id")):
        signers.setdefault(org_id, user_id)
    return signers


def seed_screenings(case_ids: Sequence[int], *, seed: int) -> tuple[int, int]:
    """One screening per case in ``case_ids`` and a signed decision for each decided case whose
    organisation has a signer; bulk-written in one transaction with one audit row. Returns
    (screenings, decisions)."""
    cases = list(Case.objects.filter(pk__in=case_ids).defer("narrative").order_by("pk"))
    signers = _signers({c.organisation_id for c in cases})
    version = load().version
    screenings = []
    for case in cases:
        answers = answers_for(case, seed)
        screenings.append(Screening(case=case, organisation_id=case.organisation_id,
                                    created_by_id=case.created_by_id,
                                    questionnaire_version=version, answers=answers,
                                    **assess(answers)))
    with transaction.atomic():
        Screening.objects.bulk_create(screenings)
        decisions = []
        for case, screening in zip(cases, screenings, strict=True):
            signer = signers.get(case.organisation_id)
            if signer is None or case.trafficking_status == TraffickingStatus.POSSIBLE:
                continue
            signed_at = datetime.datetime.combine(
                case.opened_on + datetime.timedelta(days=14), datetime.time(12),
                tzinfo=datetime.UTC)
            reasons = REASONS[TraffickingStatus(case.trafficking_status)]
            decisions.append(IdentificationDecision(
                case=case, screening=screening, decision=case.trafficking_status,
                deciding_org=case.status_decided_by or "NGO", reasons=reasons,
                decided_by_id=signer, signed_at=signed_at,
                content_hash=decision_hash(case_id=case.pk, decision=case.trafficking_status,
                                           deciding_org=case.status_decided_by or "NGO",
                                           reasons=reasons, user_id=signer,
                                           signed_at=signed_at)))
        IdentificationDecision.objects.bulk_create(decisions)
        audit.record(actor=None, action=AuditAction.CREATE, object_type="screening.Screening",
                     objects=screenings,
                     detail={"generator": "palermo.screening.demo", "screenings":
                             len(screenings), "decisions": len(decisions), "seed": seed})
    return len(screenings), len(decisions)
