"""Words for what the review page shows: the compared fields and their agreement levels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

FIELD_LABELS: dict[str, StrOrPromise] = {
    "family_name": _("Family name"),
    "given_name": _("Given name"),
    "patronymic": _("Patronymic"),
    "birth": _("Date of birth"),
    "sex": _("Sex"),
    "citizenship": _("Citizenship"),
    "encoded_names": _("Names (encoded)"),
}

#: level -> (words, status class of the badge)
LEVEL_LABELS: dict[str, tuple[StrOrPromise, str]] = {
    "agree": (_("agree"), "status-ok"),
    "date": (_("same date"), "status-ok"),
    "year": (_("same year only"), "status-warn"),
    "close": (_("similar"), "status-warn"),
    "differ": (_("differ"), "status-off"),
    "missing": (_("not recorded in both"), "status-quiet"),
}


def levels(agreement: dict[str, str]) -> list[tuple[StrOrPromise, StrOrPromise, str]]:
    """(field, level in words, badge class) for each field the pair was compared on."""
    rows = []
    for field, label in FIELD_LABELS.items():
        if field in agreement:
            words, css = LEVEL_LABELS.get(agreement[field], (agreement[field], "status-quiet"))
            rows.append((label, words, css))
    return rows
