"""Model fields whose values are encrypted at rest (AES-GCM, see ``crypto``) and blind indexes.

An encrypted column holds text like ``pe1.<key id>.<ciphertext>`` whatever the Python type, so a
raw dump of the database holds no plaintext. Encrypted fields cannot be filtered or ordered on;
exact search goes through a ``BlindIndexField`` computed from the clear value when a row is saved.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

from palermo.core import crypto
from palermo.core.blind_index import blind_index, normalise

M = TypeVar("M", bound=models.Model)


class EncryptedField(models.TextField):
    """Base: subclasses say how a Python value becomes text (``dump``) and back (``load``)."""

    def dump(self, value: Any) -> str:
        return str(value)

    def load(self, text: str) -> Any:
        return text

    @property
    def context(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        value = self.to_python(value)
        return crypto.encrypt(self.dump(value).encode(), context=self.context)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        return self.load(crypto.decrypt(value, context=self.context).decode())

    #: The form field for this value type; None keeps TextField's (a textarea).
    form_class: type[forms.Field] | None = None

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        if self.form_class is None:
            return super().formfield(
                form_class=form_class, choices_form_class=choices_form_class, **kwargs
            )
        # Skips TextField.formfield, which would force a textarea on a date or a JSON value.
        return models.Field.formfield(
            self, form_class=form_class or self.form_class,
            choices_form_class=choices_form_class, **kwargs,
        )

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.context} is encrypted and cannot be searched with '{lookup_name}'; "
            "search its blind index instead."
        )

    def get_transform(self, lookup_name: str) -> Any:
        raise FieldError(f"{self.context} is encrypted and has no '{lookup_name}' transform.")


class EncryptedTextField(EncryptedField):
    description = _("Encrypted text")

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return str(value)


class EncryptedDateField(EncryptedField):
    description = _("Encrypted date")
    form_class = forms.DateField
    # Read by django-stubs' mypy plugin: the model attribute holds a date, though the column
    # (inherited from TextField) holds text, hence the narrower base types are overridden.
    _pyi_private_set_type: datetime.date | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: datetime.date  # type: ignore[assignment]

    def dump(self, value: datetime.date) -> str:
        return value.isoformat()

    def load(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)

    def to_python(self, value: Any) -> Any:
        if value is None or (isinstance(value, datetime.date)
                             and not isinstance(value, datetime.datetime)):
            return value
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date in the form YYYY-MM-DD."),
                code="invalid_date",
                params={"value": value},
            ) from None


class EncryptedJSONField(EncryptedField):
    """Any JSON value (lists of aliases, contact records …), encrypted as one blob."""

    description = _("Encrypted JSON")
    form_class = forms.JSONField
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def dump(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def load(self, text: str) -> Any:
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> Any:
        # As Django's JSONField: the serializer writes the value itself, so loaddata gets back
        # the same list or dict (a JSON string here would come back as a string).
        return self.value_from_object(obj)


class BlindIndexField(models.CharField):
    """The blind index of another field of the same model, recomputed whenever the row is saved.

    ``source`` names a text field (usually encrypted); blank values get an empty index.
    """

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    @property
    def purpose(self) -> str:
        return f"{self.model._meta.label}.{self.source}"

    def index_of(self, value: str | None) -> str:
        """The index of ``value``; empty for a value that is blank once normalised."""
        if not value or not normalise(value):
            return ""
        return blind_index(value, purpose=self.purpose)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def exact_match(queryset: models.QuerySet[M], index_field: str, value: str) -> models.QuerySet[M]:
    """Rows whose encrypted source field equals ``value`` once normalised, found by its index.

    A value that is blank once normalised matches nothing: blank is not a search.
    """
    field = queryset.model._meta.get_field(index_field)
    if not isinstance(field, BlindIndexField):
        raise FieldError(f"{queryset.model._meta.label}.{index_field} is not a blind index.")
    index = field.index_of(value)
    if not index:
        return queryset.none()
    return queryset.filter(**{field.attname: index})
