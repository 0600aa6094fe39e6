"""Services for the recommendations registry: save a recommendation, assess it, and cluster
similar ones. Every write is one transaction with an audit event (ids and field names only)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from rapidfuzz import fuzz

from palermo.accounts.models import User
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.monitoring.models import Assessment, Indicator, Recommendation

#: token_set_ratio (0–100) at or above which two recommendations are suggested as similar.
SIMILARITY_THRESHOLD = 70.0


def _organisation_id(actor: User) -> int:
    if actor.organisation_id is None:
        raise ValueError("only members of an organisation change monitoring data")
    return actor.organisation_id


def save_recommendation(*, actor: User, recommendation: Recommendation,
                        changed: Iterable[str] = ()) -> Recommendation:
    """Create (owned by the actor's organisation) or update a recommendation; the caller has
    checked that the actor may edit it."""
    with transaction.atomic():
        creating = recommendation.pk is None
        if creating:
            recommendation.organisation_id = _organisation_id(actor)
        recommendation.full_clean()
        recommendation.save()
        audit.record(actor=actor, action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                     object_type="monitoring.Recommendation", objects=[recommendation],
                     detail={"fields": sorted(changed)})
    return recommendation


@dataclass(frozen=True)
class AssessmentInput:
    status: str
    assessed_on: date
    evidence: str
    sources: str = ""
    internal_note: str = ""
    published: bool = False


def assess(*, actor: User, recommendation: Recommendation, data: AssessmentInput,
           indicators: Iterable[Indicator] = ()) -> Assessment:
    """Record the actor's organisation's assessment of a recommendation on a date."""
    with transaction.atomic():
        assessment = Assessment(
            recommendation=recommendation, organisation_id=_organisation_id(actor),
            assessed_by=actor, status=data.status, assessed_on=data.assessed_on,
            evidence=data.evidence, sources=data.sources, internal_note=data.internal_note,
            published=data.published,
        )
        assessment.full_clean(exclude=["indicators"])
        assessment.save()
        cited = list(indicators)
        assessment.indicators.set(cited)
        audit.record(actor=actor, action=AuditAction.CREATE, object_type="monitoring.Assessment",
                     objects=[assessment],
                     detail={"recommendation": recommendation.pk, "status": data.status,
                             "published": data.published, "indicators": [i.pk for i in cited]})
    return assessment


def set_cluster(*, actor: User, recommendation: Recommendation, label: str,
                related: Iterable[Recommendation]) -> Recommendation:
    """Set the cluster label and the related links of a recommendation the actor may edit."""
    with transaction.atomic():
        recommendation.cluster = label.strip()
        recommendation.save(update_fields=["cluster", "updated_at"])
        linked = [other for other in related if other.pk != recommendation.pk]
        recommendation.related.set(linked)
        audit.record(actor=actor, action=AuditAction.UPDATE,
                     object_type="monitoring.Recommendation", objects=[recommendation],
                     detail={"fields": ["cluster", "related"],
                             "related": sorted(other.pk for other in linked)})
    return recommendation


_TRAILING_STATES = re.compile(r"(\s*\([^()]*\)\s*[;.]?\s*)+$")
_NON_WORD = re.compile(r"[^\w\s]+")


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, no trailing "(State)" attributions."""
    text = _TRAILING_STATES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def similarity(first: str, second: str) -> float:
    return float(fuzz.token_set_ratio(normalise(first), normalise(second)))


def similar(recommendation: Recommendation, candidates: Iterable[Recommendation],
            threshold: float = SIMILARITY_THRESHOLD) -> list[tuple[Recommendation, float]]:
    """Candidates about the same State under review whose text scores at or above the
    threshold, best first."""
    own = normalise(recommendation.text)
    found = []
    for other in candidates:
        if other.pk == recommendation.pk:
            continue
        if other.state_under_review != recommendation.state_under_review:
            continue
        score = float(fuzz.token_set_ratio(own, normalise(other.text)))
        if score >= threshold:
            found.append((other, score))
    found.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return found
