"""The justice pages' forms. They check types and choices; the services run the models' own
validation (dates in order, a sentence only for a conviction, …) and their errors come back
onto these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.cases.forms import CountryChoiceField, DateInput
from palermo.cases.models import Case
from palermo.justice.models import (
    Defendant,
    Hearing,
    Investigation,
    ProceedingAgainstPerson,
    Prosecution,
)


class PersonChoiceField(forms.ModelChoiceField[Any]):
    """Persons by their code, never by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.code)


class PerpetratorChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(_("Perpetrator %(number)s") % {"number": obj.pk})


NOTES_WIDGET = forms.Textarea(attrs={"rows": 3})
NOTES_HELP = _("Encrypted.")


class InvestigationForm(forms.ModelForm[Investigation]):
    class Meta:
        model = Investigation
        fields = ["agency", "articles", "opened_on", "status", "outcome", "closed_on", "notes"]
        widgets = {"opened_on": DateInput(), "closed_on": DateInput(), "notes": NOTES_WIDGET}
        help_texts = {"notes": NOTES_HELP,
                      "agency": _("For example, the Investigative Committee's regional office.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles"].required = True

    def _post_clean(self) -> None:
        pass


class ProsecutionForm(forms.ModelForm[Prosecution]):
    class Meta:
        model = Prosecution
        fields = ["investigation", "charges", "court", "filed_on", "verdict", "verdict_on",
                  "sentence", "sentence_months", "appeal_status", "appeal_on", "victim_role",
                  "victim_represented", "representative", "notes"]
        widgets = {"filed_on": DateInput(), "verdict_on": DateInput(),
                   "appeal_on": DateInput(), "notes": NOTES_WIDGET}
        help_texts = {
            "notes": NOTES_HELP,
            "sentence": _("As pronounced, e.g. “6 years in a general-regime colony”."),
            "sentence_months": _("Months of real imprisonment, for the statistics."),
            "representative": _("A lawyer of this organisation, a legal aid lawyer, …"),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["investigation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a ForeignKey's field
        field.queryset = Investigation.objects.filter(case=case)
        self.fields["charges"].required = True

    def _post_clean(self) -> None:
        pass


class ProceedingForm(forms.ModelForm[ProceedingAgainstPerson]):
    class Meta:
        model = ProceedingAgainstPerson
        fields = ["person", "offence_category", "article", "article_text", "opened_on",
                  "status", "outcome", "closed_on", "non_punishment_confirmed", "notes"]
        widgets = {"opened_on": DateInput(), "closed_on": DateInput(), "notes": NOTES_WIDGET}
        help_texts = {
            "notes": NOTES_HELP,
            "article_text": _("An article of another code, e.g. Code of Administrative "
                              "Offences art. 18.8."),
            "non_punishment_confirmed": _(
                "Compelled, immigration, desertion and conscientious-objection offences are "
                "flagged anyway; tick this when a lawyer finds the principle applies to "
                "another offence."),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonChoiceField(queryset=case.persons.all(),
                                                  label=_("Person"))

    def _post_clean(self) -> None:
        pass


class HearingForm(forms.ModelForm[Hearing]):
    class Meta:
        model = Hearing
        fields = ["held_on", "note"]
        widgets = {"held_on": DateInput()}

    def _post_clean(self) -> None:
        pass


class DefendantForm(forms.ModelForm[Defendant]):
    citizenship = CountryChoiceField(label=_("Citizenship"), required=False)

    class Meta:
        model = Defendant
        fields = ["perpetrator", "sex", "age_group", "citizenship"]
        help_texts = {"perpetrator": _("Sex and citizenship are taken from the perpetrator's "
                                       "record when left unknown here.")}

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"] = PerpetratorChoiceField(
            queryset=case.perpetrators.all(), required=False, label=_("Perpetrator"),
            help_text=self.fields["perpetrator"].help_text)

    def _post_clean(self) -> None:
        pass
