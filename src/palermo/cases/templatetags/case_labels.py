"""Labels for stored codes: ``{{ case.exploitation|code_labels:"Exploitation" }}``."""

from __future__ import annotations

from typing import Any

from django import template
from django_countries import countries

from palermo.cases import codes
from palermo.cases.forms import document_line, item_text

register = template.Library()


@register.filter
def code_labels(values: Any, code_list: str) -> list[str]:
    """The labels of a list of codes from ``codes.<code_list>``, unknown codes shown as stored."""
    labels = dict(getattr(codes, code_list).choices)
    return [str(labels.get(v, v)) for v in (values or [])]


@register.filter
def code_label(value: Any, code_list: str) -> str:
    if not value:
        return ""
    return str(dict(getattr(codes, code_list).choices).get(value, value))


@register.filter
def country_names(values: Any) -> list[str]:
    return [str(countries.name(str(c))) or str(c) for c in (values or [])]


@register.filter
def as_line(item: Any) -> str:
    return item_text(item)


@register.filter
def as_document(document: Any) -> str:
    return document_line(document)
