"""Forms for the national action plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.monitoring.models import (
    Action,
    ActionPlan,
    ActionTarget,
    Indicator,
    Objective,
    ProgressReport,
    Recommendation,
)
from palermo.monitoring.templatetags.recommendation_labels import reference

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm[ActionPlan]):
    class Meta:
        model = ActionPlan
        fields = ["title", "adopted_by", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The plan cannot end before it starts."))
        return data


class ObjectiveForm(forms.ModelForm[Objective]):
    class Meta:
        model = Objective
        fields = ["number", "title"]


class RecommendationChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{reference(obj)} — {text}"


class ActionForm(forms.ModelForm[Action]):
    class Meta:
        model = Action
        fields = ["number", "title", "description", "responsible_agencies", "deadline",
                  "budget", "currency", "status"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"responsible_agencies": _("Separate agencies with commas.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendations"] = RecommendationChoice(
            label=_("Recommendations answered"), required=False,
            queryset=Recommendation.objects.visible_to(user),
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_("From the recommendations registry; hold Ctrl (or ⌘) to choose "
                        "several."),
            initial=list(self.instance.recommendations.all()) if self.instance.pk else [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        budget, currency = data.get("budget"), data.get("currency", "")
        if budget is not None and not currency:
            self.add_error("currency", _("Give the currency of the budget."))
        if currency and (len(currency) != 3 or not currency.isalpha()):
            self.add_error("currency", _("Give a three-letter ISO 4217 code, e.g. RUB."))
        else:
            data["currency"] = currency.upper()
        return data


class TargetForm(forms.ModelForm[ActionTarget]):
    class Meta:
        model = ActionTarget
        fields = ["indicator", "baseline", "baseline_date", "target", "target_date"]
        widgets = {"baseline_date": DATE, "target_date": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ModelChoiceField)  # noqa: S101 (narrowing for mypy)
        indicator.queryset = Indicator.objects.visible_to(user)


class ProgressForm(forms.ModelForm[ProgressReport]):
    class Meta:
        model = ProgressReport
        fields = ["reported_on", "status", "text"]
        widgets = {"reported_on": DATE, "text": forms.Textarea(attrs={"rows": 4})}


class AgencyFilter(forms.Form):
    agency = forms.CharField(label=_("Responsible agency"), required=False, max_length=100)
