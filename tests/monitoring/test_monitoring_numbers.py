"""Numbers on the monitoring pages: grouped digits in the page's language, no trailing zeros."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from palermo.monitoring.templatetags.monitoring_numbers import figure


def test_figures_drop_trailing_zeros_and_group_digits() -> None:
    with translation.override("en"):
        assert figure(Decimal("1899000.0000")) == "1,899,000"
        assert figure(Decimal("13.0000")) == "13"
        assert figure(Decimal("55.5000")) == "55.5"
        assert figure(Decimal("-3.2500")) == "-3.25"
        assert figure(None) == ""
    with translation.override("ru"):
        assert figure(Decimal("1899000")).replace("\xa0", " ") == "1 899 000"
        assert figure(Decimal("0.5")) == "0,5"
