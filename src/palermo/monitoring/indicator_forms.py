"""Forms for indicators and their typed-in values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from palermo.monitoring import live
from palermo.monitoring.models import Indicator, IndicatorValue


def _https_links(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Model fields as form fields; a link typed without a scheme is read as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IndicatorForm(forms.ModelForm[Indicator]):
    class Meta:
        model = Indicator
        formfield_callback = _https_links
        fields = ["name", "unit", "description", "source", "source_url", "live_key"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", str(_("Typed in (values entered by hand)")))]
        choices += [(series.key, str(series.label)) for series in live.available(organisation_id)]
        current = self.instance.live_key
        if current and current not in {key for key, _label in choices}:
            choices.append((current, str(live.label(current, organisation_id))))
        self.fields["live_key"] = forms.ChoiceField(
            label=_("Computed from"), choices=choices, required=False,
            help_text=_("A series palermo computes from its own data (official figures, "
                        "trainings, saved estimates). Its values are then not typed in."))


class ValueForm(forms.ModelForm[IndicatorValue]):
    class Meta:
        model = IndicatorValue
        formfield_callback = _https_links
        fields = ["date", "value", "low", "high", "source", "source_url", "verified", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
