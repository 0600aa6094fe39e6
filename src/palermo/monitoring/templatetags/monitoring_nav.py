"""The monitoring sub-navigation: links whose pages exist in this deployment."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

#: (url name, label): shown in this order, each only when its route is installed.
SECTIONS = [
    ("monitoring:recommendation_list", _("Recommendations")),
    ("monitoring:plan_list", _("Action plan")),
    ("monitoring:indicator_list", _("Indicators")),
    ("monitoring:course_list", _("Trainings")),
]


@register.simple_tag(takes_context=True)
def monitoring_sections(context: Any) -> list[dict[str, Any]]:
    """The sub-navigation entries as dicts with ``url``, ``label`` and ``current``."""
    request = context.get("request")
    path = getattr(request, "path", "")
    sections = []
    for name, label in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        sections.append({"url": url, "label": label, "current": path.startswith(url)})
    return sections
