"""Forms for trainings: courses, sessions, and attendees typed into a small table or uploaded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.monitoring.models import Agency, Course, TrainingSession

TABLE_ROWS = 8


class CourseForm(forms.ModelForm[Course]):
    class Meta:
        model = Course
        fields = ["title", "topic", "hours"]


class SessionForm(forms.ModelForm[TrainingSession]):
    class Meta:
        model = TrainingSession
        fields = ["held_on", "region", "audience_agency", "trainers"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AttendeeRowForm(forms.Form):
    """One row of the attendees table; an empty row is skipped."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    agency = forms.ChoiceField(label=_("Agency"), required=False,
                               choices=[("", "—"), *Agency.choices])
    position = forms.CharField(label=_("Position"), required=False, max_length=200)
    pre_score = forms.DecimalField(label=_("Pre-test score (%)"), required=False,
                                   min_value=0, max_value=100, decimal_places=1)
    post_score = forms.DecimalField(label=_("Post-test score (%)"), required=False,
                                    min_value=0, max_value=100, decimal_places=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(value not in (None, "") for value in data.values())
        if filled and not data.get("agency"):
            self.add_error("agency", _("Choose the attendee's agency."))
        return data

    @property
    def is_blank(self) -> bool:
        return not any(value not in (None, "") for value in self.cleaned_data.values())


AttendeeTable = forms.formset_factory(AttendeeRowForm, extra=TABLE_ROWS, max_num=TABLE_ROWS)


class AttendeeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, first line: name, agency, position, pre_score, post_score "
                    "(agency required; scores 0–100, may be empty)."))
