"""A model used only by tests to exercise the encrypted fields and blind index of ``core``."""

from django.db import models

from palermo.core.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from palermo.core.scoping import ScopedQuerySet


class Secret(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    name = EncryptedTextField(blank=True)
    name_index = BlindIndexField(source="name")
    born = EncryptedDateField(null=True, blank=True)
    contacts = EncryptedJSONField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"secret {self.pk}"
