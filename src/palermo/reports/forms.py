"""Forms of the report builder. Choices of recommendations and indicators come from the
user's scoped querysets, so a posted id outside them is refused like any bad choice."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.monitoring.models import Indicator, Recommendation
from palermo.reports import selectors
from palermo.reports.content import recommendation_text
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue

TEXTAREA = {"rows": 5}
MAX_LABEL = 220


def _none(model: type[Any]) -> QuerySet[Any]:
    """An empty queryset of ``model``: the real choices are set per user in ``__init__``."""
    return cast("QuerySet[Any]", model.objects.none())


def _state_choices(label: Any) -> list[tuple[str, Any]]:
    return [("", label), *((code, name) for code, name in countries)]


def recommendation_label(recommendation: Recommendation) -> str:
    """"A/HRC/39/13 147.12 — Make further efforts … (Armenia)", shortened for a list."""
    text = recommendation_text(recommendation)
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "…"
    reference = str(recommendation)
    return f"{reference} — {text}"


class RecommendationChoice(forms.ModelChoiceField[Recommendation]):
    def label_from_instance(self, obj: Recommendation) -> str:
        return recommendation_label(obj)


class RecommendationChoices(forms.ModelMultipleChoiceField[Recommendation]):
    def label_from_instance(self, obj: Recommendation) -> str:
        return recommendation_label(obj)


class IndicatorChoice(forms.ModelChoiceField[Indicator]):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.name} ({obj.unit})" if obj.unit else obj.name


class SubmissionForm(forms.ModelForm[Submission]):
    state_under_review = forms.ChoiceField(label=_("State under review"), required=False)

    class Meta:
        model = Submission
        fields = ["title", "subtitle", "language", "state_under_review", "contact"]
        widgets = {"contact": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"contact": _("An e-mail address or a few lines, shown on the closing "
                                   "slide.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["state_under_review"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one
        field.choices = _state_choices(_("Not named"))


class IssueForm(forms.ModelForm[SubmissionIssue]):
    """An issue. ``find`` and ``find_state`` narrow the list of recommendations offered (the
    "Filter" button re-shows the form without saving); chosen ones always stay listed."""

    find = forms.CharField(label=_("Words in the recommendation or its symbol"),
                           required=False, max_length=200)
    find_state = forms.ChoiceField(label=_("Recommending state"), required=False)
    previous_recommendations = RecommendationChoices(
        label=_("Previous recommendations"), required=False,
        queryset=_none(Recommendation), widget=forms.CheckboxSelectMultiple,
        help_text=_("Chosen from the recommendations registry; the deck quotes each with its "
                    "recommending state."),
    )

    class Meta:
        model = SubmissionIssue
        fields = ["title", "previous_recommendations", "developments", "our_recommendations"]
        widgets = {"developments": forms.Textarea(attrs=TEXTAREA),
                   "our_recommendations": forms.Textarea(attrs=TEXTAREA)}
        help_texts = {
            "developments": _("One point per line."),
            "our_recommendations": _("One recommendation per line; indent a line with a space "
                                     "to make it a sub-point of the one above."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["find_state"]
        assert isinstance(state, forms.ChoiceField)  # noqa: S101 - declared as one
        state.choices = _state_choices(_("Any state"))
        text = str(self.data.get("find", "")) if self.is_bound else ""
        chosen_state = str(self.data.get("find_state", "")) if self.is_bound else ""
        if self.is_bound:
            posted = cast(QueryDict, self.data).getlist("previous_recommendations")
            chosen = [v for v in posted if str(v).isdigit()]
        elif self.instance.pk:
            chosen = [str(pk) for pk in
                      self.instance.previous_recommendations.values_list("pk", flat=True)]
        else:
            chosen = []
        matching = selectors.recommendations_for(user, text=text, state=chosen_state)
        shown = list(matching.values_list("pk", flat=True)[: selectors.RECOMMENDATIONS_SHOWN])
        self.matching_count = matching.count()
        self.shown_count = len(shown)
        field = self.fields["previous_recommendations"]
        assert isinstance(field, RecommendationChoices)  # noqa: S101 - declared as one
        field.queryset = selectors.recommendations_for(user).filter(
            Q(pk__in=shown) | Q(pk__in=chosen))


class ProblemForm(forms.ModelForm[Problem]):
    previous_recommendation = RecommendationChoice(
        label=_("Previous recommendation"), required=False,
        queryset=_none(Recommendation), empty_label=_("None"),
    )

    class Meta:
        model = Problem
        fields = ["title", "previous_recommendation", "current_situation"]
        widgets = {"current_situation": forms.Textarea(attrs=TEXTAREA)}
        help_texts = {"current_situation": _("One point per line. Figures from indicators are "
                                             "added below, with their sources.")}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["previous_recommendation"]
        assert isinstance(field, RecommendationChoice)  # noqa: S101 - declared as one
        field.queryset = selectors.recommendations_for(user)


class FigureForm(forms.ModelForm[Figure]):
    indicator = IndicatorChoice(label=_("Indicator"), queryset=_none(Indicator))

    class Meta:
        model = Figure
        fields = ["indicator", "caption", "show_chart"]
        help_texts = {
            "caption": _("Shown before the value; the indicator's name when left empty."),
            "show_chart": _("Draw the indicator's series beside the text when it has more "
                            "than one value."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, IndicatorChoice)  # noqa: S101 - declared as one
        field.queryset = selectors.indicators_for(user)
