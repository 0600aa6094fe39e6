"""Numbers of indicators, targets and budgets as people read them: grouped digits in the
page's language, no trailing zeros (``1,899,000``, ``13``, ``55.5``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A decimal without trailing zeros, its digits grouped; '' for None."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    plain = number.quantize(Decimal(1)) if number == number.to_integral_value() \
        else number.normalize()
    return number_format(plain, use_l10n=True, force_grouping=True)
