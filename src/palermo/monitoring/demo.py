"""The demo recommendations registry (``palermo demo``): the five UPR recommendations quoted in
the source document (the NGO's submission on trafficking and forced labour in the Russian
Federation), two findings of other mechanisms, and a few assessments with their evidence.

Honesty about the data:
- The texts of the five UPR recommendations and their recommending States (Armenia, Qatar,
  Poland, Thailand, Sri Lanka) are quoted from the source document.
- The source document does not give cycle, session, symbol, paragraph or response. Cycle 3
  (Working Group session 30, May 2018; report A/HRC/39/13) is inferred from the reference notes
  (``reference/upr-monitoring.md`` §2.1–2.2), which say the list might come from cycle 2 instead.
  Paragraph and response were not found, so they are left empty ("No response yet").
- The CEDAW and special-procedure entries paraphrase findings quoted in the reference notes
  (§2.3); they are not verbatim recommendation texts. CEDAW/C/RUS/CO/8 is the inferred symbol of
  CEDAW's 2015 concluding observations.
- Assessment evidence repeats the source document's "current situation" and the reference notes'
  verified sources; assessment dates are demo dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Role
from palermo.monitoring import recommendations
from palermo.monitoring.models import Mechanism, Recommendation

SOURCE = "Source document (NGO submission on trafficking in the Russian Federation), issue 1"
UPR_3 = {"mechanism": Mechanism.UPR, "cycle": 3, "session": "30",
         "document_symbol": "A/HRC/39/13", "state_under_review": "RU"}

RECOMMENDATIONS: list[dict[str, Any]] = [
    {**UPR_3, "recommending_states": ["AM"], "cluster": "Legal framework",
     "text": "Make further efforts to fight organized crime, including the fight against "
             "trafficking in human beings",
     "themes": ["slavery_trafficking", "legal_framework"], "sdg_targets": ["16.2", "8.7"],
     "affected_persons": ["victims_of_trafficking"], "action_category": 4},
    {**UPR_3, "recommending_states": ["QA"], "cluster": "National action plan and coordination",
     "text": "Step up efforts to combat human trafficking and consider the possibility of "
             "developing a relevant national action plan",
     "themes": ["slavery_trafficking", "hr_policies"], "sdg_targets": ["8.7"],
     "affected_persons": ["victims_of_trafficking"], "action_category": 3},
    {**UPR_3, "recommending_states": ["PL"], "cluster": "Legal framework",
     "text": "Strengthen the legal framework to combat human trafficking, which affects women "
             "and children in particular",
     "themes": ["slavery_trafficking", "legal_framework", "women", "children"],
     "sdg_targets": ["5.2", "16.2"], "affected_persons": ["women_girls", "children"],
     "action_category": 4},
    {**UPR_3, "recommending_states": ["TH"], "cluster": "Investigation and prosecution",
     "text": "Take measures to ensure the elimination of the sale and trafficking of children, "
             "through investigations and robust prosecutions of persons engaging in those crimes",
     "themes": ["slavery_trafficking", "children", "impunity"], "sdg_targets": ["16.2"],
     "affected_persons": ["children"], "action_category": 4},
    {**UPR_3, "recommending_states": ["LK"], "cluster": "Assistance to victims",
     "text": "Enhance efforts to provide assistance to victims of human trafficking",
     "themes": ["slavery_trafficking", "remedy"], "sdg_targets": ["8.7"],
     "affected_persons": ["victims_of_trafficking"], "action_category": 4},
    {"mechanism": Mechanism.TREATY_BODY, "body": "CEDAW", "state_under_review": "RU",
     "document_symbol": "CEDAW/C/RUS/CO/8", "cluster": "National action plan and coordination",
     "text": "Establish a body to coordinate the action of the authorities against trafficking "
             "in persons",
     "themes": ["slavery_trafficking", "women", "hr_policies"], "sdg_targets": ["5.2"],
     "affected_persons": ["women_girls", "victims_of_trafficking"]},
    {"mechanism": Mechanism.SPECIAL_PROCEDURE, "state_under_review": "RU",
     "body": "UN human rights experts (joint statement, 10 March 2023)",
     "cluster": "Recruitment of prisoners",
     "text": "End the recruitment of prisoners to fight through pardons, pressure and threats, "
             "and ensure their contact with families and lawyers",
     "themes": ["detention", "armed_conflict", "forced_labour"], "sdg_targets": ["8.7"],
     "affected_persons": ["deprived_of_liberty", "military"]},
]

#: (index in RECOMMENDATIONS, assessment fields).
ASSESSMENTS: list[tuple[int, dict[str, Any]]] = [
    (0, {"status": "not_implemented", "assessed_on": date(2024, 3, 1), "published": True,
         "evidence": "The Criminal Code does not refer to means (threats, force, coercion) as a "
                     "constituent element of human trafficking. Victims' formal consent given "
                     "under coercion is considered valid and exonerates perpetrators.",
         "sources": f"{SOURCE}\nUS Department of State, 2023 Trafficking in Persons Report: "
                    "Russia https://www.state.gov/reports/2023-trafficking-in-persons-report/"
                    "russia/",
         "internal_note": "Demo note: ask the legal team for the Supreme Court's plenary "
                          "guidance before the next submission."}),
    (1, {"status": "not_implemented", "assessed_on": date(2024, 3, 1), "published": True,
         "evidence": "No national action plan. No framework legislation. No coordination "
                     "mechanisms among responsible authorities.",
         "sources": SOURCE}),
    (3, {"status": "not_implemented", "assessed_on": date(2024, 3, 1), "published": True,
         "evidence": "From 2018 to mid-2022, an average of only 16 convictions for human "
                     "trafficking and 2 for forced labour were recorded annually. The 2024 US "
                     "report says the government did not report investigating, prosecuting or "
                     "convicting any traffickers.",
         "sources": f"{SOURCE}\nhttps://www.ecoi.net/en/document/2111585.html"}),
    (4, {"status": "not_implemented", "assessed_on": date(2022, 9, 1), "published": True,
         "evidence": "No mechanisms for victims' identification and assistance; no specific "
                     "material, legal or medical aid; no specific shelter services.",
         "sources": SOURCE}),
    (4, {"status": "regressed", "assessed_on": date(2024, 3, 1), "published": False,
         "evidence": "Victims are punished for crimes they were forced into.",
         "sources": SOURCE,
         "internal_note": "Demo draft: confirm with two more case files before publishing."}),
]


def ensure(organisation: Organisation) -> int:
    """Load the demo registry for the organisation unless it has recommendations already;
    the number of recommendations created."""
    if Recommendation.objects.filter(organisation=organisation).exists():
        return 0
    author = User.objects.filter(organisation=organisation, role=Role.LAWYER,
                                 is_active=True).order_by("pk").first()
    if author is None:
        return 0
    made: list[Recommendation] = []
    with transaction.atomic():
        for values in RECOMMENDATIONS:
            made.append(recommendations.save_recommendation(
                actor=author, recommendation=Recommendation(**values), changed=list(values)))
        for index, fields in ASSESSMENTS:
            recommendations.assess(actor=author, recommendation=made[index],
                                   data=recommendations.AssessmentInput(**fields))
    return len(made)
