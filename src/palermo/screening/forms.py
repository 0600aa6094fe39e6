"""The screening questionnaire as a form (one radio group per question) and the decision form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from palermo.cases.codes import DecidingOrganisation, TraffickingStatus
from palermo.screening.models import Screening
from palermo.screening.questionnaire import MAX_AGE, NO, UNKNOWN, YES, Question, load

ANSWER_CHOICES = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Unknown"))]
STRENGTH_LABELS = {"strong": _("strong"), "medium": _("medium"), "weak": _("weak")}


def language() -> str:
    """The interface language as the questionnaire files know it (en or ru)."""
    return "ru" if (get_language() or "en").startswith("ru") else "en"


@dataclass
class Section:
    """A block of the form: a title and its questions (with their strength for Delphi)."""

    id: str
    title: str
    #: (field, strength code, strength label); strength is empty outside Delphi.
    rows: list[tuple[forms.BoundField, str, str]]
    note: str = ""
    #: The questionnaire this block belongs to (a heading where it changes).
    part: str = ""


class ScreeningForm(forms.Form):
    """Every question of the questionnaire; a missing or blank answer is "unknown"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = language()
        for question in load().questions.values():
            self.fields[question.id] = self._field(question, lang)

    @staticmethod
    def _field(question: Question, lang: str) -> forms.Field:
        label = question.text[lang]
        if question.kind == "age":
            return forms.IntegerField(
                label=label, required=False, min_value=0, max_value=MAX_AGE,
                help_text=_("Leave empty if not known."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        return forms.ChoiceField(label=label, choices=ANSWER_CHOICES, required=False,
                                 initial=UNKNOWN, widget=forms.RadioSelect)

    @classmethod
    def initial_from(cls, screening: Screening | None) -> dict[str, Any]:
        return dict(screening.answers) if screening is not None else {}

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, unknown ones left out."""
        return {key: value for key, value in self.cleaned_data.items()
                if value not in (None, "", UNKNOWN)}

    def sections(self) -> list[Section]:
        questionnaire = load()
        lang = language()
        titles = {part: title[lang] for part, title in questionnaire.titles.items()}
        result = [
            Section(f"direct-{group.id}", group.title[lang],
                    [(self[q.id], "", "") for q in questionnaire.in_group(group.id)],
                    part=titles["direct"])
            for group in questionnaire.direct_groups
        ]
        result.append(Section("ilo", titles["ilo_11"],
                              [(self[q.id], "", "") for q in questionnaire.ilo],
                              note=questionnaire.sources["ilo_11"], part=titles["ilo_11"]))
        for dimension in questionnaire.dimensions:
            result.append(Section(
                f"delphi-{dimension.id}", dimension.title[lang],
                [(self[q.id], q.strength, str(STRENGTH_LABELS[q.strength]))
                 for q in questionnaire.in_dimension(dimension.id)],
                part=titles["delphi"],
            ))
        return result


class TrainingForm(ScreeningForm):
    """The screening questionnaire of a training scenario, and the official's identification."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identification"] = forms.ChoiceField(
            label=_("Your identification"), choices=TraffickingStatus.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose your identification.")},
            help_text=_("What would you decide on these facts?"),
        )

    def answers(self) -> dict[str, Any]:
        answers = super().answers()
        answers.pop("identification", None)
        return answers


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=TraffickingStatus.choices,
                                 widget=forms.RadioSelect)
    deciding_org = forms.ChoiceField(
        label=_("Deciding organisation"),
        choices=[("", "—"), *DecidingOrganisation.choices],
        help_text=_("The type of body that takes this decision (HTCDS)."),
    )
    screening = forms.TypedChoiceField(label=_("Based on the screening"), required=False,
                                       coerce=int, empty_value=None)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000,
        help_text=_("What the decision rests on: the indicators found, the facts, the law."),
    )
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Enter your password again to sign the decision."),
    )

    def __init__(self, *args: Any, screenings: list[Screening], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["screening"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = [("", _("None")), *[
            (s.pk, _("Screening of %(date)s") % {"date": s.created_at.strftime("%Y-%m-%d %H:%M")})
            for s in screenings
        ]]
