"""Forms of the Assistance tab: recording help delivered, and the support plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.cases.forms import DateInput
from palermo.referrals.codes import ServiceType, SupportType
from palermo.referrals.models import Referral


class ReferralChoiceField(forms.ModelChoiceField[Referral]):
    def label_from_instance(self, obj: Referral) -> str:
        return f"{obj.service.name} · {obj.sent_at:%Y-%m-%d} · {obj.get_status_display()}"


class AssistanceForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Type of help"), choices=ServiceType.choices)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    quantity = forms.DecimalField(label=_("Quantity"), required=False, min_value=0,
                                  max_digits=10, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40,
                           help_text=_("For example nights, sessions, hours."))
    cost = forms.DecimalField(label=_("Cost"), required=False, min_value=0, max_digits=12,
                              decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3,
                               help_text=_("ISO 4217 code, such as RUB or EUR."))
    outcome = forms.CharField(label=_("Outcome"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What the help achieved. Encrypted."))
    referral = ReferralChoiceField(label=_("Answers the referral"),
                                   queryset=Referral.objects.none(), required=False)

    def __init__(self, *args: Any, referrals: Any = None, owner: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(referrals) if referrals is not None else []
        if not choices:
            del self.fields["referral"]
            return
        field = self.fields["referral"]
        assert isinstance(field, ReferralChoiceField)  # noqa: S101 - declared above
        field.queryset = Referral.objects.filter(pk__in=[r.pk for r in choices]).select_related(
            "service")
        field.required = not owner
        if not owner and len(choices) == 1:
            self.initial.setdefault("referral", choices[0].pk)

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values.setdefault("referral", None)
        values["currency"] = (values.get("currency") or "").upper()
        return values


class SupportPlanForm(forms.Form):
    types = forms.MultipleChoiceField(label=_("Types of support"), required=False,
                                      choices=SupportType.choices,
                                      widget=forms.CheckboxSelectMultiple)
    objectives = forms.CharField(label=_("Objectives"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Encrypted."))
    action_plan = forms.CharField(label=_("Action plan"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Steps, who takes them, by when. Encrypted."))
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DateInput())
