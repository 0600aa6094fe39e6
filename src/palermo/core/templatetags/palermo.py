"""Template helpers shared by every app."""

from __future__ import annotations

from django import template

from palermo.accounts.roles import CAPABILITY_LABELS, Capability

register = template.Library()


@register.filter
def capability_label(capability: Capability) -> str:
    return str(CAPABILITY_LABELS.get(capability, capability))
