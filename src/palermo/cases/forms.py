"""Forms of the case registry pages: they parse and check what a caseworker typed; the services
write it (and validate once more against the models)."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from palermo.cases import codes
from palermo.cases.attachments import MAX_BYTES
from palermo.cases.models import Case, Event, Perpetrator, Person
from palermo.cases.search import codes_in
from palermo.cases.selectors import SORTS, persons_owned_by

PAGE_SIZES = (25, 50, 100)


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ``YYYY-MM-DD`` whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LinesField(forms.CharField):
    """A list typed one item per line (aliases, contacts, addresses)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 5000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(item_text(item) for item in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


def item_text(item: Any) -> str:
    """One stored list item as a line of text (items may be strings or small records)."""
    if isinstance(item, dict):
        kind = str(item.get("type", "")).strip()
        value = str(item.get("value", item.get("number", ""))).strip()
        return f"{kind}: {value}" if kind else value
    return str(item)


_DOCUMENT = re.compile(
    r"^(?:(?P<type>[^:()]+?)\s*(?:\((?P<country>[A-Za-z]{2})\))?\s*:)?\s*(?P<number>.+)$"
)


def document_line(document: Any) -> str:
    if not isinstance(document, dict):
        return str(document)
    kind = str(document.get("type", "")).strip()
    country = str(document.get("country", "")).strip()
    number = str(document.get("number", "")).strip()
    if country:
        kind = f"{kind} ({country})".strip()
    return f"{kind}: {number}" if kind else number


class DocumentsField(LinesField):
    """Identity documents, one per line: ``type (country): number``; type and country optional."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(document_line(d) for d in value)
        return value

    def clean(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        documents = []
        for number, line in enumerate(super().clean(value), start=1):
            match = _DOCUMENT.match(line)
            if not match or not re.search(r"[0-9A-Za-zА-Яа-яЁё]", match["number"]):
                raise ValidationError(
                    _("Line %(line)s: write the document as “type: number”."),
                    code="invalid", params={"line": number},
                )
            country = (match["country"] or "").upper()
            if country and country not in dict(countries):
                raise ValidationError(
                    _("Line %(line)s: “%(country)s” is not a country code (ISO 3166, e.g. UZ)."),
                    code="invalid", params={"line": number, "country": country},
                )
            document = {"type": (match["type"] or "").strip(), "number": match["number"].strip()}
            if country:
                document["country"] = country
            documents.append(document)
        return documents


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((str(code), str(name)) for code, name in countries)]


class CountryChoiceField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(choices=_country_choices, **kwargs)


def _check_year(year: int | None) -> None:
    if year is not None and not 1900 <= year <= timezone.localdate().year:
        raise ValidationError(
            _("Enter a year between 1900 and this year."), code="invalid_year"
        )


class PersonForm(forms.ModelForm[Person]):
    """A person's identity (encrypted at rest) and the fields kept in clear for statistics."""

    aliases = LinesField(
        label=_("Other names and spellings"),
        help_text=_("One per line: nicknames, earlier names, spellings in other documents."),
    )
    documents = DocumentsField(
        label=_("Identity documents"),
        help_text=_("One per line, as “type (country): number”, for example "
                    "“passport (UZ): FA 1234567”. Type and country may be left out."),
    )
    contacts = LinesField(
        label=_("Contacts"), help_text=_("One per line: phone numbers, messengers, e-mail.")
    )
    addresses = LinesField(label=_("Addresses"), help_text=_("One address per line."))
    citizenship = CountryChoiceField(label=_("Citizenship"))
    second_citizenship = CountryChoiceField(label=_("Second citizenship"))

    class Meta:
        model = Person
        fields = [
            "family_name", "given_name", "patronymic",
            "family_name_latin", "given_name_latin", "patronymic_latin",
            "aliases", "birth_date", "birth_year", "gender", "citizenship",
            "second_citizenship", "languages", "documents", "contacts", "addresses",
        ]
        widgets = {
            "birth_date": DateInput(),
            "gender": forms.RadioSelect,
            "family_name": forms.TextInput,
            "given_name": forms.TextInput,
            "patronymic": forms.TextInput,
            "family_name_latin": forms.TextInput,
            "given_name_latin": forms.TextInput,
            "patronymic_latin": forms.TextInput,
        }
        help_texts = {
            "family_name": _("As the person writes it, in any script."),
            "family_name_latin": _("As in a passport, if there is one."),
            "birth_year": _("For statistics; filled in from the date of birth when known."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Citizenships beyond the two fields (from an import) are kept, never dropped silently.
        self.extra_citizenships: list[str] = []
        if self.instance.pk:
            held = [str(c) for c in self.instance.citizenships]
            self.initial.setdefault("citizenship", held[0] if held else "")
            self.initial.setdefault("second_citizenship", held[1] if len(held) > 1 else "")
            self.extra_citizenships = held[2:]
        for name in ("family_name", "given_name", "patronymic", "family_name_latin",
                     "given_name_latin", "patronymic_latin"):
            cast(forms.CharField, self.fields[name]).max_length = 200
            self.fields[name].widget.attrs.update({"maxlength": 200, "autocomplete": "off"})

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        _check_year(year)
        return year

    def clean_birth_date(self) -> datetime.date | None:
        date: datetime.date | None = self.cleaned_data.get("birth_date")
        if date and date > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."), code="future")
        return date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("given_name", "family_name", "given_name_latin", "family_name_latin")
        if not any(data.get(n) for n in names) and not data.get("aliases"):
            raise ValidationError(
                _("Enter at least a given or family name (in any script), or another name."),
                code="no_name",
            )
        date, year = data.get("birth_date"), data.get("birth_year")
        if date and year and date.year != year:
            self.add_error("birth_year", _("The year of birth differs from the date of birth."))
        elif date and not year:
            data["birth_year"] = date.year
        chosen = [c for c in (data.get("citizenship"), data.get("second_citizenship")) if c]
        if len(chosen) == 2 and chosen[0] == chosen[1]:
            self.add_error("second_citizenship", _("Choose a different country or none."))
        data["citizenships"] = list(dict.fromkeys([*chosen, *self.extra_citizenships]))
        return data

    def _post_clean(self) -> None:
        # The model's own checks run in the service (full_clean), whose errors the view maps back.
        pass

    SECTIONS = [
        (_("Name"), ["family_name", "given_name", "patronymic", "family_name_latin",
                     "given_name_latin", "patronymic_latin", "aliases"]),
        (_("Birth, gender, citizenship, languages"),
         ["birth_date", "birth_year", "gender", "citizenship", "second_citizenship",
          "languages"]),
        (_("Documents, contacts and addresses"), ["documents", "contacts", "addresses"]),
    ]

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("citizenship", None)
        data.pop("second_citizenship", None)
        return data


class PersonCodesField(forms.CharField):
    """Codes of existing persons of the user's organisation (``P-2026-000123``), any separator."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user: Any = None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(getattr(p, "code", p)) for p in value)
        return value

    def clean(self, value: Any) -> list[Person]:
        text = super().clean(value)
        wanted = list(dict.fromkeys(c for c in codes_in(text) if c.startswith("P-")))
        leftovers = re.sub(r"\b[pP]-\d{4}-\d{1,6}\b", "", text)
        if re.search(r"\w", leftovers):
            raise ValidationError(
                _("Enter person codes such as P-2026-000123, separated by commas."),
                code="invalid",
            )
        if not wanted:
            raise ValidationError(_("Enter the code of at least one person."), code="required")
        found = {p.code: p for p in persons_owned_by(self.user).filter(code__in=wanted)}
        missing = [c for c in wanted if c not in found]
        if missing:
            raise ValidationError(
                _("No person with the code %(codes)s in your organisation."),
                code="unknown_person", params={"codes": ", ".join(missing)},
            )
        return [found[c] for c in wanted]


class CaseForm(forms.ModelForm[Case]):
    persons = PersonCodesField(
        label=_("Person codes"),
        help_text=_("The code of each person this case is about, e.g. P-2026-000123. "
                    "Register a new person first if they are not in palermo yet."),
    )

    class Meta:
        model = Case
        fields = [
            "persons", "case_type", "status", "opened_on", "closed_on",
            "trafficking_status", "status_decided_by", "exploitation", "industry",
            "sex_exploitation", "means_of_control", "recruitment", "relationship",
            "age_when_trafficked", "recruitment_country", "recruitment_region",
            "exploitation_country", "exploitation_region", "exploitation_started_on",
            "exploitation_ended_on", "narrative",
        ]
        widgets = {
            "opened_on": DateInput(),
            "closed_on": DateInput(),
            "exploitation_started_on": DateInput(),
            "exploitation_ended_on": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "trafficking_status": _("HTCDS: presumed until an authority or an NGO decides."),
            "industry": _("For forced labour: the ISIC section of the work."),
            "narrative": _("What happened, in the person's words where possible. Encrypted."),
            "recruitment_region": _("Region, province or city."),
            "exploitation_region": _("Region, province or city."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        persons_field = cast(PersonCodesField, self.fields["persons"])
        persons_field.user = user
        if self.instance.pk and "persons" not in self.initial:
            self.initial["persons"] = list(self.instance.persons.all())
        if not self.instance.pk:
            self.initial.setdefault("opened_on", timezone.localdate())
        self.fields["age_when_trafficked"].widget.attrs.update({"min": 0, "max": 120})

    def clean_age_when_trafficked(self) -> int | None:
        age: int | None = self.cleaned_data.get("age_when_trafficked")
        if age is not None and age > 120:
            raise ValidationError(_("Enter an age between 0 and 120."), code="invalid_age")
        return age

    def clean_opened_on(self) -> datetime.date | None:
        opened: datetime.date | None = self.cleaned_data.get("opened_on")
        if opened and opened > timezone.localdate():
            raise ValidationError(_("The case cannot be opened in the future."), code="future")
        return opened

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = [
            ("opened_on", "closed_on", _("The case cannot close before it was opened.")),
            ("exploitation_started_on", "exploitation_ended_on",
             _("Exploitation cannot end before it began.")),
        ]
        for start, end, message in pairs:
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, message)
        return data

    def _post_clean(self) -> None:
        pass

    SECTIONS = [
        (_("Case"), ["persons", "case_type", "status", "opened_on", "closed_on"]),
        (_("Identification"), ["trafficking_status", "status_decided_by"]),
        (_("Exploitation"), ["exploitation", "industry", "sex_exploitation",
                             "means_of_control", "recruitment", "relationship",
                             "age_when_trafficked"]),
        (_("Places and dates"), ["recruitment_country", "recruitment_region",
                                 "exploitation_country", "exploitation_region",
                                 "exploitation_started_on", "exploitation_ended_on"]),
        (_("Narrative"), ["narrative"]),
    ]

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def service_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CaseFilterForm(forms.Form):
    """The case list's GET form; every field optional, a bad value is ignored with a message."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        help_text=_("A case or person code, or a person's exact name (any script, any order) "
                    "or document number."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    case_type = forms.ChoiceField(label=_("Case type"), required=False)
    exploitation = forms.ChoiceField(label=_("Type of exploitation"), required=False)
    region = forms.CharField(label=_("Region"), required=False, max_length=100)
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=DateInput())
    opened_to = forms.DateField(label=_("Opened until"), required=False, widget=DateInput())
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    per_page = forms.TypedChoiceField(
        label=_("Per page"), required=False, coerce=int, empty_value=None,
        choices=[(n, str(n)) for n in PAGE_SIZES],
    )

    SORT_LABELS = {
        "-opened": _("Opened, newest first"),
        "opened": _("Opened, oldest first"),
        "code": _("Case code"),
        "-code": _("Case code, descending"),
        "status": _("Status"),
        "-updated": _("Updated, newest first"),
        "updated": _("Updated, oldest first"),
    }

    def __init__(self, *args: Any, organisations: list[tuple[int, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["status"].choices = anything + list(codes.CaseStatus.choices)  # type: ignore[attr-defined]
        self.fields["case_type"].choices = anything + list(codes.CaseType.choices)  # type: ignore[attr-defined]
        self.fields["exploitation"].choices = anything + list(codes.Exploitation.choices)  # type: ignore[attr-defined]
        sorts = [(k, label) for k, label in self.SORT_LABELS.items() if k in SORTS]
        self.fields["sort"].choices = sorts  # type: ignore[attr-defined]
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = anything + organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and end < start:
            self.add_error("opened_to", _("The end of the period is before its start."))
        return data


class EventForm(forms.ModelForm[Event]):
    country = CountryChoiceField(label=_("Country"))

    class Meta:
        model = Event
        fields = ["event_type", "date", "country", "region", "place", "description"]
        widgets = {
            "date": DateInput(),
            "place": forms.TextInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"place": _("Town, address or site. Encrypted.")}

    def _post_clean(self) -> None:
        pass


class PerpetratorForm(forms.ModelForm[Perpetrator]):
    citizenship = CountryChoiceField(label=_("Citizenship"))

    class Meta:
        model = Perpetrator
        fields = ["roles", "name", "gender", "citizenship", "details"]
        widgets = {"name": forms.TextInput, "details": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("Name or nickname, if known. Encrypted."),
            "details": _("Description, vehicle, phone numbers, links to other cases. Encrypted."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].required = True

    def _post_clean(self) -> None:
        pass


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("Up to 20 MB. Stored encrypted."),
        error_messages={"empty": _("The file is empty.")},
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
        return upload
