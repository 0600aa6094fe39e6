"""Forms of the facilities registry."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.complaints.models import Facility


class FacilityForm(forms.ModelForm[Facility]):
    class Meta:
        model = Facility
        fields = ["name", "facility_type", "region", "operator", "companies"]
        widgets = {"companies": forms.Textarea(attrs={"rows": 3})}


class FacilityImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns: name, type, region, operator, companies (the first three are "
                    "required). A row with the name and region of a facility already in the "
                    "registry updates it."),
    )
