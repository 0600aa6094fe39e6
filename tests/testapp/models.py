"""Models used only by tests to exercise the encrypted fields, blind index and key rotation."""

import uuid

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


class Note(models.Model):
    """A second model with encrypted columns and a non-integer key, for key rotation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = EncryptedTextField(null=True, blank=True)
    plain = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"note {self.pk}"
