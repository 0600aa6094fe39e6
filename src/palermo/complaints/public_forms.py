"""The public form, one per category, and the receipt-code forms. Plain words: the people who
fill them in may be frightened, in a hurry, on a slow phone, and writing in their second
language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from palermo.complaints import receipts, uploads
from palermo.complaints.codes import Answer, Category, PersonStatus, RecruiterType, Reporter
from palermo.complaints.models import Facility

TEXT_MAX = 10_000
SHORT_MAX = 2_000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each is checked by its own first bytes and its size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        limit = uploads.max_bytes()
        from django.conf import settings

        if len(files) > settings.PALERMO_COMPLAINT_FILES_MAX:
            raise forms.ValidationError(
                _("Send at most %(count)d files."),
                params={"count": settings.PALERMO_COMPLAINT_FILES_MAX}, code="too_many",
            )
        for upload in files:
            if upload.size is None or upload.size > limit:
                raise forms.ValidationError(
                    _("“%(name)s” is too large: a file may be at most %(mb)s MB."),
                    params={"name": upload.name, "mb": megabytes(limit)}, code="too_large",
                )
            upload.seek(0)
            kind = uploads.sniff(upload.read(16))
            upload.seek(0)
            if kind is None:
                raise forms.ValidationError(
                    _("“%(name)s” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document."),
                    params={"name": upload.name}, code="wrong_type",
                )
        return files


def megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def _answer(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=Answer.choices, required=False, widget=forms.RadioSelect
    )


def _long_text(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _short_text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=SHORT_MAX, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.region}"


class ComplaintForm(forms.Form):
    """What every category asks: who reports, whether it is urgent, the story and files."""

    category: Category
    text_required = True

    reporter = forms.ChoiceField(
        label=_("Who are you writing about?"), choices=Reporter.choices,
        widget=forms.RadioSelect,
    )
    urgent = forms.BooleanField(
        label=_("Someone is in danger now and needs help urgently"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = _long_text(
            _("What happened?"), required=self.text_required,
            help_text=_("Write in any language. Do not write your name or other names unless "
                        "you want to: we can help without them."),
        )
        self.fields["files"] = FilesField(
            label=_("Photos or documents"), required=False,
            help_text=_("Up to %(count)d files, photos (JPEG, PNG, WebP, HEIC) or PDF, "
                        "at most %(mb)s MB each. Photos can show who you are: send only what "
                        "is safe.") % {"count": _files_max(), "mb": megabytes(uploads.max_bytes())},
        )


def _files_max() -> int:
    from django.conf import settings

    return int(settings.PALERMO_COMPLAINT_FILES_MAX)


class FacilityMixin(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"] = FacilityChoiceField(
            label=_("Which place is it?"), queryset=Facility.objects.order_by("region", "name"),
            required=False, empty_label=_("Not in the list, or I do not know"),
        )
        self.fields["facility_other"] = forms.CharField(
            label=_("If it is not in the list: its name and region"), required=False,
            max_length=200,
        )
        if self.field_order:
            self.order_fields(self.field_order)


class PrisonLabourForm(FacilityMixin, ComplaintForm):
    category = Category.PRISON_LABOUR
    text_required = False

    hours_per_day = forms.IntegerField(
        label=_("How many hours a day do people work?"), required=False,
        min_value=0, max_value=24,
    )
    days_per_week = forms.IntegerField(
        label=_("How many days a week?"), required=False, min_value=1, max_value=7
    )
    monthly_pay = forms.DecimalField(
        label=_("How much is paid for a month of work, in roubles?"), required=False,
        min_value=Decimal(0), max_digits=9, decimal_places=2,
        help_text=_("What actually reaches the person, after deductions. 0 if nothing."),
    )
    deductions = forms.CharField(
        label=_("What is deducted from the pay, and why?"), required=False,
        max_length=SHORT_MAX, widget=forms.Textarea(attrs={"rows": 2}),
    )
    penalised_for_refusing = _answer(_("Are people punished for refusing to work?"))
    punished_for_complaining = _answer(_("Are people punished for complaining?"))
    private_company = _answer(_("Is the work done for a private company?"))
    company_name = forms.CharField(
        label=_("If you know it: the company's name"), required=False, max_length=200
    )

    field_order = [
        "reporter", "urgent", "facility", "facility_other", "hours_per_day", "days_per_week",
        "monthly_pay", "deductions", "penalised_for_refusing", "punished_for_complaining",
        "private_company", "company_name", "text", "files",
    ]


class MilitaryRecruitmentForm(FacilityMixin, ComplaintForm):
    category = Category.MILITARY_RECRUITMENT
    text_required = False

    person_status = forms.ChoiceField(
        label=_("The person recruited is"), choices=PersonStatus.choices, required=False,
        widget=forms.RadioSelect,
    )
    recruiter_type = forms.ChoiceField(
        label=_("Who recruited them?"), choices=RecruiterType.choices, required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].label = _("Where were they recruited from, if from a prison?")
        self.fields["promises"] = _short_text(_("What were they promised?"),
                                              _("Money, a pardon, a short contract …"))
        self.fields["threats"] = _short_text(_("How were they threatened or pressed?"))
        self.order_fields([
            "reporter", "urgent", "person_status", "recruiter_type", "facility", "facility_other",
            "promises", "threats", "text", "files",
        ])


class ConscientiousObjectionForm(ComplaintForm):
    category = Category.CONSCIENTIOUS_OBJECTION

    person_status = forms.ChoiceField(
        label=_("The person is"), choices=PersonStatus.choices, required=False,
        widget=forms.RadioSelect,
    )
    field_order = ["reporter", "urgent", "person_status", "text", "files"]


class ForcedLabourForm(ComplaintForm):
    category = Category.FORCED_LABOUR


class OtherForm(ComplaintForm):
    category = Category.OTHER


FORMS: dict[str, type[ComplaintForm]] = {
    form.category.value: form
    for form in (PrisonLabourForm, MilitaryRecruitmentForm, ConscientiousObjectionForm,
                 ForcedLabourForm, OtherForm)
}


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"), max_length=60,
        help_text=_("The code you were given when you sent your report, e.g. ABCD-EFGH-…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return receipts.normalise(self.cleaned_data["code"])


class AddInformationForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=60)
    text = forms.CharField(
        label=_("Add information"), max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
