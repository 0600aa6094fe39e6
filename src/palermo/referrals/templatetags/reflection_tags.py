"""``{% reflection_period case %}``: the case summary's line on the reflection period."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from palermo.referrals.reflection import current_period

register = template.Library()


@register.inclusion_tag("referrals/reflection_summary.html")
def reflection_period(case: Any) -> dict[str, Any]:
    period = current_period(case)
    today = timezone.localdate()
    return {"period": period,
            "days_left": (period.ends_on - today).days if period else None}
