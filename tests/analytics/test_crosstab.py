"""Two-way tables of counts from querysets, for outputs other than the dashboards (exports)."""

from __future__ import annotations

import pytest
from django.db.models.functions import ExtractYear

from palermo.analytics.crosstab import crosstab
from palermo.cases.models import Case

YEARS = [(2024, "2024"), (2025, "2025")]


@pytest.mark.django_db
def test_a_crosstab_counts_in_the_database(registry) -> None:
    table = crosstab(Case.objects.all(), "case_type", ExtractYear("opened_on"),
                     rows=[("Trafficking", "T"), ("ForcedLabour", "FL"), ("Other", "O")],
                     columns=YEARS)
    assert table.cells == ((5, 15), (8, 6), (0, 1))
    assert table.rows == ("T", "FL", "O") and table.total == 35


@pytest.mark.django_db
def test_values_not_listed_go_to_other_or_fail(registry) -> None:
    with pytest.raises(ValueError, match="unlisted"):
        crosstab(Case.objects.all(), "case_type", ExtractYear("opened_on"),
                 rows=[("Trafficking", "T")], columns=YEARS)
    table = crosstab(Case.objects.all(), "case_type", ExtractYear("opened_on"),
                     rows=[("Trafficking", "T"), ("*", "Other types")], columns=YEARS,
                     other_row="*")
    assert table.cells == ((5, 15), (8, 7))


@pytest.mark.django_db
def test_a_crosstab_of_persons_counts_each_once(registry) -> None:
    table = crosstab(Case.objects.filter(organisation__name="Organisation A"),
                     "persons__gender", ExtractYear("opened_on"),
                     rows=[("Masculine", "M"), ("Feminine", "F")], columns=YEARS,
                     count="persons", distinct=True)
    assert table.cells == ((8, 7), (0, 6))
