"""Forms of the referral pages: they parse what was typed; the services check the rules again
(and the API goes through the same services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.accounts.models import Organisation
from palermo.cases.codes import Gender, Language
from palermo.cases.forms import DateInput
from palermo.referrals.codes import DeclineReason, ReferralStatus, ServiceType, ShareGroup
from palermo.referrals.models import Service
from palermo.referrals.services import SERVICE_FIELDS
from palermo.referrals.transitions import TRANSITIONS

MAX_AGE = 120


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *list(choices)]


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared as one
    field.choices = choices


# --- Service directory ------------------------------------------------------------------------


class ServiceFilterForm(forms.Form):
    """The directory's filters (all optional; GET)."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    service_type = forms.ChoiceField(label=_("Type"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    free = forms.BooleanField(label=_("Only services with free places"), required=False)
    age = forms.IntegerField(label=_("Person's age"), required=False, min_value=0,
                             max_value=MAX_AGE)
    sex = forms.ChoiceField(label=_("Person's sex"), required=False)
    citizenship = forms.ChoiceField(label=_("Person's citizenship"), required=False)

    def __init__(self, *args: Any, regions: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "service_type", _blank(ServiceType.choices, _("Any type")))
        _choices(self, "region", _blank(((r, r) for r in regions or []), _("Any region")))
        _choices(self, "language", _blank(Language.choices, _("Any language")))
        _choices(self, "sex", _blank(
            [(k, v) for k, v in Gender.choices if k != Gender.UNKNOWN], _("Not given")))
        _choices(self, "citizenship", _blank(countries, _("Not given")))


class ServiceForm(forms.Form):
    """A service of one's own organisation, as the directory shows it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SERVICE_FIELDS:
            model_field = Service._meta.get_field(name)
            assert isinstance(model_field, models.Field)  # noqa: S101 - listed names are fields
            field = model_field.formfield()
            assert field is not None  # noqa: S101 - every listed name is an editable field
            self.fields[name] = field
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["contact"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["capacity_total"].help_text = _(
            "For example beds in a shelter. Leave empty where places are not counted.")
        for name in ("min_age", "max_age"):
            self.fields[name].widget.attrs.update({"min": 0, "max": MAX_AGE})
        self.fields["eligible_genders"].help_text = _("None ticked: open to everyone.")
        self.fields["languages"].required = False
        self.fields["eligible_genders"].required = False

    @classmethod
    def initial_from(cls, service: Service) -> dict[str, Any]:
        return {name: getattr(service, name) for name in SERVICE_FIELDS}

    def clean_eligible_nationalities(self) -> str:
        from palermo.referrals.services import normalise_nationalities

        try:
            return normalise_nationalities(self.cleaned_data["eligible_nationalities"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["eligible_nationalities"]) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        free, total = data.get("capacity_free"), data.get("capacity_total")
        if free is not None and total is not None and free > total:
            self.add_error("capacity_free",
                           _("Free places cannot exceed the capacity (%(total)s).")
                           % {"total": total})
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("The maximum age cannot be below the minimum age."))
        return data


class FreePlacesForm(forms.Form):
    capacity_free = forms.IntegerField(label=_("Free places now"), required=False, min_value=0,
                                       max_value=1_000_000)

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["capacity_free"].widget.attrs.update({"min": 0})
        if service.capacity_total is not None:
            self.fields["capacity_free"].widget.attrs["max"] = service.capacity_total

    def clean_capacity_free(self) -> int | None:
        free: int | None = self.cleaned_data.get("capacity_free")
        total = self.service.capacity_total
        if free is not None and total is not None and free > total:
            raise forms.ValidationError(
                _("Free places cannot exceed the capacity (%(total)s).") % {"total": total})
        return free


# --- Consents ---------------------------------------------------------------------------------


class ConsentForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("Share with"), queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"))
    groups = forms.MultipleChoiceField(
        label=_("What may be shared beyond the case summary"), choices=ShareGroup.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("The summary (codes, type, status, forms of exploitation, regions, dates; "
                    "the person's code, gender, year of birth and citizenship) is always "
                    "shared with a referral."))
    given_on = forms.DateField(label=_("Consent given on"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False,
                                  help_text=_("Empty: until the person withdraws it."))

    def __init__(self, *args: Any, own_organisation_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Organisation.objects.filter(is_active=True).exclude(
            pk=own_organisation_id).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given, until = data.get("given_on"), data.get("valid_until")
        today = timezone.localdate()
        if given is not None and given > today:
            self.add_error("given_on", _("Consent cannot be recorded before it is given."))
        if until is not None and given is not None and until < given:
            self.add_error("valid_until",
                           _("The end date cannot be before the day consent was given."))
        elif until is not None and until < today:
            self.add_error("valid_until", _("This consent would already have expired."))
        return data


# --- Referrals --------------------------------------------------------------------------------


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        service: Service = obj
        free = ""
        if service.capacity_free is not None:
            free = " · " + str(_("%(n)s free") % {"n": service.capacity_free})
        return (f"{service.name} — {service.organisation.name}, {service.region} "
                f"({service.get_service_type_display()}){free}")


class ReferralForm(forms.Form):
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none(),
                                 empty_label=_("Choose a service"))
    message = forms.CharField(
        label=_("Message to the receiving organisation"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is needed and by when. Write only what the person agreed to share."))

    def __init__(self, *args: Any, services: Any, can_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = services
        if can_override:
            self.fields["override_reason"] = forms.CharField(
                label=_("Reason for sending without the person's consent"), required=False,
                max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Only where no consent to this organisation holds. Kept encrypted; "
                            "the override is recorded in the audit log."))
            self.fields["override_groups"] = forms.MultipleChoiceField(
                label=_("What to share without consent, beyond the summary"),
                choices=ShareGroup.choices, widget=forms.CheckboxSelectMultiple,
                required=False)
            self.fields["override_valid_until"] = forms.DateField(
                label=_("Share until"), widget=DateInput(), required=False,
                help_text=_("Empty: until the referral is revoked."))


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(label=_("Reason"),
                                       choices=_blank(DeclineReason.choices, _("Choose a reason")))
    decline_note = forms.CharField(
        label=_("Explanation for the sending organisation"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in TRANSITIONS])


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=_blank(ReferralStatus.choices, _("Any status")))
