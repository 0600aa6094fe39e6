"""The published figures palermo's seed document gives, with computed indicators over them, for
``palermo demo`` (loaded once; also ``palermo load-official-figures`` outside the demo).

The document (an NGO statement on Issue 1, "Human Trafficking") says: "From 2018 to mid-2022, an
average of only 16 convictions for human trafficking and 2 for forced labor recorded annually".
It gives no per-year values, so each is entered as what it is: a figure for the period 2018–2022
(to mid-2022), an average per year. Human trafficking is art. 127.1 of the Criminal Code; forced
labour is art. 127.2 (use of slave labour), the article under which it is prosecuted.
"""

from __future__ import annotations

from django.db import transaction

from palermo.justice.codes import ArticleGroup, Measure, Method
from palermo.justice.models import ComputedIndicator, PublishedFigure

SOURCE = "NGO statement, Issue 1 “Human Trafficking”, current situation (palermo seed document)"
NOTE = ("Published as “from 2018 to mid-2022, an average of only {value} convictions for {what} "
        "recorded annually”; per-year values are not given. The period ends in mid-2022.")
JURISDICTION = "Russian Federation"

FIGURES = [
    (ArticleGroup.A127_1, 16, "human trafficking"),
    (ArticleGroup.A127_2, 2, "forced labor"),
]
INDICATORS = [
    ("avg-convictions-127-1-2018-2022",
     "Average persons convicted per year, 2018–2022, art. 127.1", ArticleGroup.A127_1),
    ("avg-convictions-127-2-2018-2022",
     "Average persons convicted per year, 2018–2022, art. 127.2", ArticleGroup.A127_2),
]


@transaction.atomic
def ensure() -> int:
    """Create what is missing; the number of figures and indicators created."""
    made = 0
    for article, value, what in FIGURES:
        _figure, created = PublishedFigure.objects.get_or_create(
            source=SOURCE, jurisdiction=JURISDICTION, measure=Measure.PERSONS_CONVICTED,
            article=article, year=2018, year_to=2022,
            defaults={"value": value, "note": NOTE.format(value=value, what=what)})
        made += created
    for slug, title, article in INDICATORS:
        _indicator, created = ComputedIndicator.objects.get_or_create(
            slug=slug, defaults={
                "title": title, "measure": Measure.PERSONS_CONVICTED, "article": article,
                "jurisdiction": JURISDICTION, "year_from": 2018, "year_to": 2022,
                "method": Method.MEAN})
        made += created
    return made
