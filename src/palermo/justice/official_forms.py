"""Forms of the official-statistics pages (coordinators only write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.justice.models import ComputedIndicator, PublishedFigure


class FigureForm(forms.ModelForm[PublishedFigure]):
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=1990, max_value=2100,
        help_text=_("For a figure published for several years (an average per year); "
                    "empty for one year."))

    class Meta:
        model = PublishedFigure
        fields = ["measure", "article", "jurisdiction", "year", "year_to", "value", "source",
                  "source_url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass


class IndicatorForm(forms.ModelForm[ComputedIndicator]):
    class Meta:
        model = ComputedIndicator
        fields = ["slug", "title", "measure", "article", "jurisdiction", "year_from", "year_to",
                  "method"]

    def _post_clean(self) -> None:
        pass


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the header source, source_url, year, year_to, jurisdiction, "
                    "article, measure, value, note. Nothing is saved unless every row is "
                    "right."))
