"""``{{ cell|disclosed }}``: a published figure in a page, through the one renderer."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from palermo.analytics.disclosure import Cell, Marker, render

register = template.Library()


@register.filter
def disclosed(cell: Cell) -> SafeString | str:
    """The figure with the language's digit grouping, or the marker of a hidden figure with
    words for screen readers."""
    if cell.suppressed:
        return format_html('<span class="suppressed" aria-hidden="true">{}</span>'
                           '<span class="visually-hidden">{}</span>',
                           render(cell, Marker.DASH), _("hidden to protect privacy"))
    return number_format(cell.value or 0, force_grouping=True)
