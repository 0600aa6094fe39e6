"""The linkage pages' forms: starting a run, deciding a pair, choosing whom to keep in a merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.estimates.lists import Basis
from palermo.linkage.models import Decision, LinkageRun, Mode

DATE = forms.DateInput(attrs={"type": "date"})


class RunForm(forms.Form):
    mode = forms.ChoiceField(label=_("What the linkage reads"), choices=Mode.choices,
                             widget=forms.RadioSelect)
    basis = forms.ChoiceField(label=_("Who is on the lists"), choices=Basis.choices,
                              initial=Basis.OPENED, widget=forms.RadioSelect)
    start = forms.DateField(label=_("Period from"), widget=DATE)
    end = forms.DateField(label=_("Period to"), widget=DATE)
    threshold = forms.FloatField(
        label=_("Match threshold"), initial=0.9, min_value=0.01, max_value=0.999,
        help_text=_("Pairs at least this probable are taken as the same person."))
    review_low = forms.FloatField(
        label=_("Review pairs from"), initial=0.5, min_value=0.01, max_value=0.999,
        help_text=_("Pairs between this probability and the threshold are left for you to "
                    "review."))

    def __init__(self, *args: Any, modes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mode"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(value, label) for value, label in Mode.choices if value in modes]
        field.initial = Mode.ENCODED

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end < start:
            self.add_error("end", _("The period ends before it starts."))
        low, threshold = data.get("review_low"), data.get("threshold")
        if low is not None and threshold is not None and low >= threshold:
            self.add_error("review_low", _("Review from a probability below the threshold."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, required=False)


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(label=_("Keep"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: Any, persons: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = persons


class LinkageRunField(forms.ModelChoiceField[LinkageRun]):
    """A finished linkage run to take identities from (the estimates form offers it)."""

    def label_from_instance(self, obj: LinkageRun) -> str:
        return _("Linkage run %(number)s (%(start)s–%(end)s, %(clusters)s persons)") % {
            "number": obj.pk, "start": obj.start.isoformat(), "end": obj.end.isoformat(),
            "clusters": obj.clusters}
