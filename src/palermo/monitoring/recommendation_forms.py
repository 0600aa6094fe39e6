"""Forms of the recommendations registry: the list's filters, a recommendation, an assessment,
a cluster, and the CSV import."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.monitoring import vocabularies as vocab
from palermo.monitoring.csv_formats import FORMATS
from palermo.monitoring.models import (
    Assessment,
    ImplementationStatus,
    Indicator,
    Mechanism,
    Recommendation,
    Response,
)
from palermo.monitoring.selectors import NONE, RecommendationFilter


def _country_choices() -> list[tuple[str, Any]]:
    return [("", _("Any")), *((str(code), str(name)) for code, name in countries)]


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the text"), required=False, max_length=200)
    mechanism = forms.ChoiceField(label=_("Mechanism"), required=False)
    cycle = forms.IntegerField(label=capfirst(_("UPR cycle")), required=False, min_value=1,
                               max_value=20)
    recommending_state = forms.ChoiceField(label=_("Recommending State"), required=False)
    state_under_review = forms.ChoiceField(label=capfirst(_("State under review")),
                                           required=False)
    response = forms.ChoiceField(label=_("Response"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    sdg = forms.ChoiceField(label=_("SDG target"), required=False)
    status = forms.ChoiceField(label=_("Latest status"), required=False)
    cluster = forms.CharField(label=_("Cluster"), required=False, max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = ("", _("Any"))
        self._choices("mechanism", [any_choice, *Mechanism.choices])
        self._choices("recommending_state", _country_choices())
        self._choices("state_under_review", _country_choices())
        self._choices("response", [
            any_choice, *((value or NONE, label) for value, label in Response.choices)])
        self._choices("theme", [any_choice, *vocab.Theme.choices])
        self._choices("sdg", [any_choice, *vocab.SDG_TARGET_CHOICES])
        self._choices("status", [any_choice, *ImplementationStatus.choices,
                                 (NONE, _("Not assessed"))])

    def _choices(self, name: str, choices: list[tuple[Any, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def chosen(self) -> RecommendationFilter:
        """The valid filters (an invalid form filters nothing)."""
        if not self.is_valid():
            return RecommendationFilter()
        data = self.cleaned_data
        return RecommendationFilter(
            mechanism=data["mechanism"], cycle=data["cycle"],
            recommending_state=data["recommending_state"],
            state_under_review=data["state_under_review"], response=data["response"],
            theme=data["theme"], sdg=data["sdg"], status=data["status"], text=data["q"],
            cluster=data.get("cluster", ""),
        )


class RecommendationForm(forms.ModelForm[Recommendation]):
    class Meta:
        model = Recommendation
        fields = ["mechanism", "body", "cycle", "session", "document_symbol", "paragraph", "text",
                  "recommending_states", "state_under_review", "response", "response_source",
                  "adopted_on", "themes", "affected_persons", "sdg_targets", "action_category",
                  "external_id"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5}),
                   "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("themes", "affected_persons", "sdg_targets"):
            self.fields[name].label = capfirst(self.fields[name].label)
        self.fields["recommending_states"].widget.attrs["size"] = 8

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mechanism") == Mechanism.UPR and not data.get("cycle"):
            self.add_error("cycle", _("Give the UPR cycle of a UPR recommendation."))
        if data.get("mechanism") in {Mechanism.TREATY_BODY.value,
                                     Mechanism.SPECIAL_PROCEDURE.value} and not data.get("body"):
            self.add_error("body", _("Name the treaty body or special procedure."))
        return data


class AssessmentForm(forms.ModelForm[Assessment]):
    class Meta:
        model = Assessment
        fields = ["status", "assessed_on", "evidence", "sources", "indicators", "internal_note",
                  "published"]
        widgets = {"assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "evidence": forms.Textarea(attrs={"rows": 5}),
                   "sources": forms.Textarea(attrs={"rows": 3}),
                   "internal_note": forms.Textarea(attrs={"rows": 3}),
                   "indicators": forms.CheckboxSelectMultiple}
        help_texts = {"internal_note": _("Seen only by your organisation; never published.")}

    def __init__(self, *args: Any, indicators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["indicators"])
        field.queryset = indicators if indicators is not None else Indicator.objects.none()
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())

    def clean_assessed_on(self) -> Any:
        value = self.cleaned_data["assessed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot be dated in the future."))
        return value


class RelatedField(forms.ModelMultipleChoiceField):
    """Recommendations labelled with their reference, cycle and the start of their text."""

    def label_from_instance(self, obj: Any) -> str:
        cycle = _("cycle %(cycle)s") % {"cycle": obj.cycle} if obj.cycle else ""
        head = ", ".join(part for part in (str(obj), str(cycle)) if part)
        text = obj.text if len(obj.text) <= 120 else obj.text[:117] + "…"
        return f"{head}: {text}"


class ClusterForm(forms.Form):
    cluster = forms.CharField(
        label=_("Cluster label"), required=False, max_length=120,
        help_text=_("The same label groups recommendations across cycles and mechanisms."),
    )
    related = RelatedField(
        label=_("Related recommendations"), required=False,
        queryset=Recommendation.objects.none(), widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["related"])
        if candidates is not None:
            field.queryset = candidates


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"),
                               choices=[(key, fmt.label) for key, fmt in FORMATS.items()])
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("UTF-8, comma-separated, with the format's header row."))
