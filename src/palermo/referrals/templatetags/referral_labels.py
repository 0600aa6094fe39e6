"""Labels for the referral mechanism's stored codes: ``{{ referral.groups|share_groups }}``."""

from __future__ import annotations

from typing import Any

from django import template
from django_countries import countries

from palermo.referrals.codes import ShareGroup

register = template.Library()


@register.filter
def share_groups(values: Any) -> list[str]:
    labels = dict(ShareGroup.choices)
    return [str(labels.get(v, v)) for v in (values or [])]


@register.filter
def nationality_names(value: str) -> list[str]:
    """``UZ,TJ`` as country names."""
    return [str(countries.name(code)) or code for code in (value or "").split(",") if code]
