"""Which organisation receives the public channel: the one named by
``PALERMO_COMPLAINTS_ORGANISATION`` (its exact name). Without it the form says the channel is
closed rather than collecting reports nobody reads."""

from __future__ import annotations

from django.conf import settings

from palermo.accounts.models import Organisation


def receiving_organisation() -> Organisation | None:
    name = settings.PALERMO_COMPLAINTS_ORGANISATION
    if not name:
        return None
    return Organisation.objects.filter(name=name, is_active=True).first()
