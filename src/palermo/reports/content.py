"""One submission as the slides of the source document, every label and number already in the
submission's language: the deck, the PDF, the Markdown and the preview all render this.

Slides, in order: the title slide; per issue the previous recommendations, the developments, one
slide per problem ("Previous recommendation" beside "Current situation", with figures read live
from indicators) and our recommendations; the closing slide with the contact. A slide with nothing
to say (no developments, say) is left out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from palermo.monitoring.models import Recommendation
from palermo.reports import figures
from palermo.reports.models import Figure, Problem, Submission, SubmissionIssue

#: Slide kinds, in the order they appear for an issue.
TITLE, PREVIOUS, DEVELOPMENTS, PROBLEM, OURS, CLOSING = (
    "title", "previous", "developments", "problem", "ours", "closing")

_MARKER = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+")


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 0
    #: "1." for numbered recommendations, else empty.
    marker: str = ""


@dataclass(frozen=True)
class FigureContent:
    """A figure as cited: its latest value with unit, date and source, and the series behind it."""

    label: str
    indicator: str
    unit: str
    value: Decimal | None
    value_text: str
    date_text: str
    range_text: str
    #: How to read the value, from the series (e.g. "average per year, 2018–2022").
    note: str
    source: str
    source_url: str
    points: tuple[figures.Point, ...]
    chart: bool
    #: The figure in one line: "Convictions per year: 16 persons (average per year, …)".
    line: str
    #: When and where from: "31 December 2023 · Source: Walk Free".
    citation: str


@dataclass(frozen=True)
class Section:
    heading: str
    bullets: tuple[Bullet, ...] = ()
    figures: tuple[FigureContent, ...] = ()


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    #: "ISSUE 1. Human trafficking" above the title of an issue's slides.
    kicker: str = ""
    #: Lines under the title on the title and closing slides.
    subtitle: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()

    @property
    def charts(self) -> list[FigureContent]:
        return [f for s in self.sections for f in s.figures if f.chart]


@dataclass(frozen=True)
class Document:
    language: str
    title: str
    filename: str
    slides: tuple[Slide, ...]
    labels: dict[str, str] = field(default_factory=dict)


def build(submission: Submission) -> Document:
    """The submission's slides in its language (figures read now, from the indicators)."""
    with translation.override(submission.language):
        issues = (submission.issues.order_by("position", "pk")
                  .prefetch_related("previous_recommendations", "problems__figures__indicator",
                                    "problems__previous_recommendation"))
        slides = [_title_slide(submission)]
        for number, issue in enumerate(issues, start=1):
            slides.extend(_issue_slides(number, issue))
        slides.append(_closing_slide(submission))
        labels = {
            "date": _("Date"), "value": _("Value"), "low": _("Lower bound"),
            "high": _("Upper bound"), "source": _("Source"),
            "series": _("Values behind the chart"),
            "chart": _("Chart of %(name)s"),
        }
        return Document(language=submission.language, title=submission.title,
                        filename=slugify(submission.title) or f"submission-{submission.pk}",
                        slides=tuple(slides), labels=labels)


def number_text(value: Decimal) -> str:
    """A value as the submission's language writes it: 1,899,000 or 1 899 000."""
    value = Decimal(str(value))
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def recommendation_text(recommendation: Recommendation) -> str:
    """The text with the recommending states, as the source document quotes it: "… (Armenia)"."""
    states = ", ".join(str(country.name) for country in recommendation.recommending_states)
    text = recommendation.text.strip()
    return f"{text} ({states})" if states else text


def lines(text: str, *, numbered: bool = False) -> tuple[Bullet, ...]:
    """One bullet per line; an indented line is a sub-point of the line above."""
    bullets: list[Bullet] = []
    number = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        level = 1 if line[:1].isspace() and bullets else 0
        content = _MARKER.sub("", line).strip()
        if not content:
            continue
        marker = ""
        if numbered and level == 0:
            number += 1
            marker = f"{number}."
        bullets.append(Bullet(text=content, level=level, marker=marker))
    return tuple(bullets)


def figure_content(figure: Figure) -> FigureContent:
    indicator = figure.indicator
    points = tuple(figures.series(indicator))
    last = points[-1] if points else None
    range_text = ""
    if last is not None and last.low is not None and last.high is not None:
        range_text = _("range %(low)s–%(high)s") % {
            "low": number_text(last.low), "high": number_text(last.high)}
    label = figure.caption or indicator.name
    value_text = number_text(last.value) if last else ""
    date_text = formats.date_format(last.date, "DATE_FORMAT") if last else ""
    note = last.note if last else ""
    source = last.source if last else indicator.source
    return FigureContent(
        label=label, indicator=indicator.name, unit=indicator.unit,
        value=last.value if last else None, value_text=value_text, date_text=date_text,
        range_text=range_text, note=note, source=source,
        source_url=(last.source_url if last else indicator.source_url),
        points=points, chart=figure.show_chart and len(points) > 1,
        line=_figure_line(label, value_text if last else None, indicator.unit, range_text, note),
        citation=_citation(date_text, source),
    )


def _figure_line(label: str, value_text: str | None, unit: str, range_text: str,
                 note: str) -> str:
    if value_text is None:
        return _("%(label)s: no value recorded") % {"label": label}
    amount = f"{value_text} {unit}".strip()
    details = "; ".join(part for part in (range_text, note) if part)
    if details:
        amount = f"{amount} ({details})"
    return f"{label}: {amount}"


def _citation(date_text: str, source: str) -> str:
    parts = [date_text] if date_text else []
    if source:
        parts.append(_("Source: %(source)s") % {"source": source})
    return " · ".join(parts)


def _title_slide(submission: Submission) -> Slide:
    subtitle = [submission.subtitle] if submission.subtitle else []
    if submission.state_under_review:
        from django_countries import countries

        subtitle.append(_("State under review: %(state)s") % {
            "state": countries.name(submission.state_under_review)})
    subtitle.append(submission.organisation.name)
    return Slide(kind=TITLE, title=submission.title, subtitle=tuple(subtitle))


def _closing_slide(submission: Submission) -> Slide:
    subtitle = [_("For more information, contact:")] if submission.contact.strip() else []
    subtitle.extend(line.strip() for line in submission.contact.splitlines() if line.strip())
    subtitle.append(submission.organisation.name)
    return Slide(kind=CLOSING, title=_("Thank you!"), subtitle=tuple(subtitle))


def _issue_slides(number: int, issue: SubmissionIssue) -> Iterable[Slide]:
    kicker = _("ISSUE %(number)s. %(title)s") % {"number": number, "title": issue.title}
    chosen = sorted(cast("Iterable[Recommendation]", issue.previous_recommendations.all()),
                    key=lambda r: r.pk)
    previous = tuple(Bullet(recommendation_text(r)) for r in chosen)
    if previous:
        yield Slide(kind=PREVIOUS, kicker=kicker, title=_("Previous recommendations"),
                    sections=(Section(heading="", bullets=previous),))
    developments = lines(issue.developments)
    if developments:
        yield Slide(kind=DEVELOPMENTS, kicker=kicker, title=_("Developments"),
                    sections=(Section(heading="", bullets=developments),))
    for problem in issue.problems.all():
        yield _problem_slide(kicker, problem)
    ours = lines(issue.our_recommendations, numbered=True)
    if ours:
        yield Slide(kind=OURS, kicker=kicker, title=_("Our recommendations"),
                    sections=(Section(heading="", bullets=ours),))


def _problem_slide(kicker: str, problem: Problem) -> Slide:
    sections = []
    chosen = problem.previous_recommendation
    if chosen is not None:
        sections.append(Section(heading=_("Previous recommendation"),
                                bullets=(Bullet(recommendation_text(chosen)),)))
    situation = lines(problem.current_situation)
    cited = tuple(figure_content(f) for f in problem.figures.all())
    if situation or cited:
        sections.append(Section(heading=_("Current situation"), bullets=situation,
                                figures=cited))
    return Slide(kind=PROBLEM, kicker=kicker, title=problem.title, sections=tuple(sections))
