"""Labels for the stored codes of recommendations and assessments."""

from __future__ import annotations

from typing import Any

from django import template

from palermo.monitoring import vocabularies as vocab
from palermo.monitoring.models import ImplementationStatus

register = template.Library()

_LISTS: dict[str, list[tuple[Any, Any]]] = {
    "themes": list(vocab.Theme.choices),
    "affected_persons": list(vocab.AffectedPersons.choices),
    "sdg_targets": list(vocab.SDG_TARGET_CHOICES),
}


@register.filter
def status_label(value: str | None) -> str:
    """The label of an implementation status value ('' when none)."""
    if not value:
        return ""
    return str(dict(ImplementationStatus.choices).get(value, value))


_STATUS_CLASSES = {
    ImplementationStatus.IMPLEMENTED: "status-ok",
    ImplementationStatus.PARTIALLY: "status-warn",
    ImplementationStatus.NOT_IMPLEMENTED: "status-off",
    ImplementationStatus.REGRESSED: "status-off",
}


@register.filter
def status_class(value: str | None) -> str:
    """The palette class of an implementation status (the label always says it in words)."""
    return _STATUS_CLASSES.get(ImplementationStatus(value), "") if value else "status-quiet"


@register.filter
def code_labels(codes: list[str], vocabulary: str) -> list[str]:
    """The labels of a list of codes in one of the recommendation vocabularies."""
    labels = dict(_LISTS[vocabulary])
    return [str(labels.get(code, code)) for code in codes]


@register.filter
def country_names(codes: Any) -> str:
    """The names of a list of countries, comma-separated."""
    return ", ".join(str(getattr(country, "name", country)) for country in codes)


@register.filter
def reference(recommendation: Any) -> str:
    """A recommendation's reference with its recommending States or body, e.g.
    "A/HRC/39/13 147.5 · Thailand" or "CEDAW/C/RUS/CO/8 · CEDAW"."""
    who = country_names(recommendation.recommending_states) or recommendation.body
    return " · ".join(part for part in (str(recommendation), who) if part)
