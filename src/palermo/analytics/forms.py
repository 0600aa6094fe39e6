"""The dashboards' filters: which figures (scope), period, organisation (aggregates only) and
region. Pages and the API read the same form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import Organisation
from palermo.analytics import summary
from palermo.analytics.access import Scope
from palermo.analytics.dashboard import Filters

SCOPE_LABELS = {
    Scope.ALL: _("All organisations (small counts hidden)"),
    Scope.OWN: _("Your organisation's cases"),
}
FIRST_YEAR, LAST_YEAR = 1900, 2100
#: The longest period a table shows (a column per year).
MAX_YEARS = 50


def chosen_scope(data: Mapping[str, Any], allowed: Sequence[Scope]) -> Scope | None:
    """The scope asked for, the user's default when none is, None when it is not theirs (or
    they have none)."""
    if not allowed:
        return None
    asked = data.get("scope") or allowed[0]
    return next((scope for scope in allowed if scope == asked), None)


class FilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Figures"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=FIRST_YEAR,
                                   max_value=LAST_YEAR)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=FIRST_YEAR,
                                 max_value=LAST_YEAR)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    region = forms.ChoiceField(label=_("Region of exploitation"), required=False)

    def __init__(self, data: Mapping[str, Any] | None, *, scope: Scope,
                 scopes: Sequence[Scope], own_organisation: int | None) -> None:
        super().__init__(data or None)
        scope_field = self.fields["scope"]
        assert isinstance(scope_field, forms.ChoiceField)  # noqa: S101 - declared above
        scope_field.choices = [(s.value, SCOPE_LABELS[s]) for s in scopes]
        scope_field.initial = scope.value
        if len(scopes) < 2:
            del self.fields["scope"]
        if scope == Scope.ALL:
            ids = summary.organisations()
            names = Organisation.objects.filter(pk__in=ids).order_by("name")
            organisation = self.fields["organisation"]
            assert isinstance(organisation, forms.ChoiceField)  # noqa: S101 - declared above
            organisation.choices = [("", _("All organisations")),
                                    *[(str(o.pk), o.name) for o in names]]
        else:
            del self.fields["organisation"]
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)  # noqa: S101 - declared above
        found = summary.regions(None if scope == Scope.ALL else own_organisation)
        region.choices = [("", _("All regions")), *[(r, r) for r in found]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year is before the first."))
        elif start and end and end - start >= MAX_YEARS:
            self.add_error("year_to", _("Choose at most %(years)s years.") % {"years": MAX_YEARS})
        return data

    def filters(self) -> Filters:
        """The valid filters; an invalid one is left out (the form says why)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        if "year_to" in self.errors:
            data.pop("year_from", None)
        organisation = data.get("organisation")
        return Filters(year_from=data.get("year_from"), year_to=data.get("year_to"),
                       organisation=int(organisation) if organisation else None,
                       region=data.get("region") or "")
