"""Short names of the legal frameworks for tables and badges."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

register = template.Library()

SHORT_NAMES: dict[str, StrOrPromise] = {
    "un_palermo": _("Palermo Protocol"),
    "ilo_c29": _("ILO C29"),
    "ru_cc_127_1": _("Art. 127.1"),
    "ru_cc_127_2": _("Art. 127.2"),
    "ru_cc_127_1_proposed": _("Art. 127.1 amended"),
}


@register.filter
def framework_short(framework_id: str) -> StrOrPromise:
    return SHORT_NAMES.get(framework_id, framework_id)
