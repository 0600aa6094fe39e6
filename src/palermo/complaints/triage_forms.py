"""Forms of the triage pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import User
from palermo.complaints.codes import Category, Status, Urgency
from palermo.complaints.models import Facility
from palermo.complaints.selectors import triage_officers


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("open", _("Open")), ("all", _("All")), *Status.choices],
    )
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("Any")), *Category.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False,
                                choices=[("", _("Any")), *Urgency.choices])
    facility = forms.ModelChoiceField(label=_("Facility"), required=False,
                                      queryset=Facility.objects.all(), empty_label=_("Any"))
    assigned = forms.ChoiceField(
        label=_("Assigned"), required=False,
        choices=[("", _("Anyone")), ("me", _("To me")), ("nobody", _("To nobody"))],
    )


class AssignForm(forms.Form):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = forms.ModelChoiceField(
            label=_("Assign to"), queryset=triage_officers(user), required=False,
            empty_label=_("Nobody"),
        )


class TriageForm(forms.Form):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    region = forms.CharField(
        label=_("Region"), required=False, max_length=100,
        help_text=_("For statistics when the complaint names no facility from the registry."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the complainant"), max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("They read it with their receipt code. Write in their language, plainly; "
                    "never ask for names or contacts they did not give."),
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Duplicate of complaint"), max_length=20,
        help_text=_("Its reference, e.g. R-12."),
    )

    def clean_into(self) -> int:
        value = self.cleaned_data["into"].strip().upper().removeprefix("R-")
        if not value.isdigit():
            raise forms.ValidationError(_("Enter a complaint reference such as R-12."))
        return int(value)
