"""A multiple choice from a code list, stored in clear as ``,CodeA,CodeB,`` so that
``filter(field__has=code)`` works the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _


class CodeListField(models.Field[list[str] | str, list[str]]):
    """A list of codes (``choices`` are the allowed codes); Python value is a list of strings."""

    description = _("List of codes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "CharField"

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        return self.to_python(value)

    def to_python(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return [str(code) for code in value]

    def get_prep_value(self, value: Any) -> Any:
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        codes = self.to_python(value)
        allowed = {str(key) for key, _label in self.flatchoices}
        unknown = [code for code in codes if code not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown code(s): %(codes)s."), code="invalid_choice",
                params={"codes": ", ".join(unknown)},
            )
        if not codes and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def value_to_string(self, obj: models.Model) -> str:
        return ";".join(self.to_python(self.value_from_object(obj)))

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return forms.MultipleChoiceField(
            choices=self.choices or [],
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


@CodeListField.register_lookup
class HasCode(Lookup[str]):
    """``field__has="ForcedLabour"``: the list holds that code."""

    lookup_name = "has"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        code = str(self.rhs).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, f"%,{code},%"]
