"""The coordination view's filters: region and period."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palermo.cases.forms import DateInput
from palermo.referrals.coordination import Filters

#: The period shown when no filter is chosen.
DEFAULT_DAYS = 365


class CoordinationFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    date_from = forms.DateField(label=_("Referred or first assisted from"), required=False,
                                widget=DateInput())
    date_to = forms.DateField(label=_("until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "date_from", timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS))
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", _("All regions")), *[(r, r) for r in regions]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> Filters:
        """The valid filters (an invalid one is left out; the form shows why). Unfiltered, the
        page shows the last DEFAULT_DAYS days."""
        if not self.is_bound:
            return Filters(date_from=self.initial["date_from"])
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        if "date_to" in self.errors:
            data.pop("date_from", None)
        return Filters(region=data.get("region") or "", date_from=data.get("date_from"),
                       date_to=data.get("date_to"))
