"""Demo facilities and complaints for ``palermo demo`` (loaded once): invented places and reports
in the shape of what the source document describes, received by organisation A."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from palermo.accounts.models import Organisation
from palermo.complaints import submission
from palermo.complaints.codes import Answer, Category, FacilityType, PersonStatus, RecruiterType
from palermo.complaints.models import Complaint, Facility

FACILITIES = [
    ("IK-14 (demo)", FacilityType.PENAL_COLONY, "Republic of Mordovia", "FSIN",
     "Sewing contractor (invented)"),
    ("IK-7 (demo)", FacilityType.PENAL_COLONY, "Republic of Karelia", "FSIN",
     "Timber processor (invented)"),
    ("IK-2 (demo)", FacilityType.PENAL_COLONY, "Perm Krai", "FSIN", ""),
    ("Correctional centre No. 1 (demo)", FacilityType.CORRECTIONAL_CENTRE, "Moscow Oblast",
     "FSIN", "Construction contractor (invented)"),
]

PRISON = [  # facility index, hours a day, days a week, pay (roubles), days ago
    (0, 16, 7, "29", 20), (0, 12, 6, "300", 45), (0, 14, 6, "150", 70), (0, 12, 6, "500", 90),
    (0, 16, 7, "0", 110), (0, 13, 6, "250", 130), (1, 12, 6, "1200", 30), (1, 10, 6, "900", 60),
    (2, 8, 5, "4000", 15), (3, 11, 6, "6000", 40),
]


def loaded() -> bool:
    return Facility.objects.filter(name=FACILITIES[0][0]).exists()


@transaction.atomic
def ensure(organisation: Organisation) -> int:
    """Create the demo facilities and complaints once; return how many complaints were made."""
    if loaded():
        return 0
    facilities = [Facility.objects.create(name=n, facility_type=t, region=r, operator=o,
                                          companies=c) for n, t, r, o, c in FACILITIES]
    today = timezone.localdate()
    made = 0

    def add(category: str, days_ago: int, **answers: Any) -> None:
        nonlocal made
        complaint, _code = submission.submit_complaint(
            organisation=organisation, category=category, language="ru", answers=answers,
            files=[])
        Complaint.objects.filter(pk=complaint.pk).update(
            received_on=today - datetime.timedelta(days=days_ago))
        made += 1

    for index, hours, days, pay, ago in PRISON:
        add(Category.PRISON_LABOUR, ago, reporter="relative", facility=facilities[index],
            hours_per_day=hours, days_per_week=days, monthly_pay=Decimal(pay),
            penalised_for_refusing=Answer.YES, punished_for_complaining=Answer.YES,
            private_company=Answer.YES if index != 2 else Answer.UNKNOWN,
            text="Демо: шьют форму без выходных, за отказ — ШИЗО.", urgent=ago < 25)
    for ago, recruiter in ((10, RecruiterType.PRIVATE_MILITARY), (35, RecruiterType.STATE),
                           (50, RecruiterType.PRIVATE_MILITARY)):
        add(Category.MILITARY_RECRUITMENT, ago, reporter="relative", facility=facilities[0],
            person_status=PersonStatus.PRISONER, recruiter_type=recruiter,
            promises="Демо: помилование через полгода.", threats="Демо: новый срок.")
    add(Category.CONSCIENTIOUS_OBJECTION, 12, reporter="self",
        person_status=PersonStatus.CONSCRIPT, text="Демо: требую альтернативную службу.")
    return made
