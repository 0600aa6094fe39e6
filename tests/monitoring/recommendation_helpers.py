"""Builders shared by the recommendation tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from palermo.accounts.models import User
from palermo.monitoring.models import Assessment, Mechanism, Recommendation

NOTE = "Internal note: source inside the ministry, do not publish"


def recommendation(user: User, **fields: Any) -> Recommendation:
    values: dict[str, Any] = {
        "mechanism": Mechanism.UPR, "cycle": 3, "session": "30",
        "document_symbol": "A/HRC/39/13", "paragraph": "147.1",
        "text": "Enhance efforts to provide assistance to victims of human trafficking",
        "recommending_states": ["LK"], "state_under_review": "RU", "response": "supported",
        "themes": ["slavery_trafficking"], "sdg_targets": ["8.7"],
    }
    values.update(fields)
    assert user.organisation is not None
    return Recommendation.objects.create(organisation=user.organisation, **values)


def assessment(user: User, rec: Recommendation, **fields: Any) -> Assessment:
    values: dict[str, Any] = {
        "status": "not_implemented", "assessed_on": date(2024, 5, 1),
        "evidence": "No shelter for victims exists.", "internal_note": NOTE,
        "published": False,
    }
    values.update(fields)
    assert user.organisation is not None
    return Assessment.objects.create(recommendation=rec, organisation=user.organisation,
                                     assessed_by=user, **values)
