"""The attrition funnel: how far each case got from report to conviction.

Every case is counted once, under the furthest stage it reached, so the stages form a table the
disclosure rules can protect (a funnel of cumulative counts would publish differences between
stages that nothing protects). The stages:

- ``registered``: the case is in the registry (reported);
- ``identified``: a signed identification decision names the person a presumed or identified
  victim (``screening.IdentificationDecision``);
- ``investigated``, ``prosecuted``, ``convicted``: from the justice app's records of criminal
  proceedings against perpetrators, when ``palermo.justice`` is installed.

Proceedings *against the person* (offences they were compelled to commit; non-punishment
principle) never move a case along this funnel: they are counted separately by the justice app.

The interface: ``stages()`` lists the stages in order (registry stages only without the justice
app); ``furthest_stage()`` is an expression for ``Case`` querysets (``.annotate(stage=…)``)
giving each case's stage key, computed in the database.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Case as When_
from django.db.models import CharField, Exists, OuterRef, Q, Value, When
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from palermo.cases.codes import TraffickingStatus

REGISTERED = "registered"
IDENTIFIED = "identified"
INVESTIGATED = "investigated"
PROSECUTED = "prosecuted"
CONVICTED = "convicted"

LABELS: dict[str, StrOrPromise] = {
    REGISTERED: _("Registered (reported)"),
    IDENTIFIED: _("Identified as a victim"),
    INVESTIGATED: _("Investigated"),
    PROSECUTED: _("Prosecuted"),
    CONVICTED: _("Perpetrator convicted"),
}


def justice_installed() -> bool:
    return apps.is_installed("palermo.justice")


def _registry_conditions() -> list[tuple[str, Q | Exists]]:
    from palermo.screening.models import IdentificationDecision

    identified = IdentificationDecision.objects.filter(
        case=OuterRef("pk"), decision__in=(TraffickingStatus.POSSIBLE, TraffickingStatus.ACTUAL))
    return [(IDENTIFIED, Exists(identified))]


def _justice_conditions() -> list[tuple[str, Q | Exists]]:
    """Investigated, prosecuted, convicted, from the justice app's records of proceedings
    against perpetrators; none while the justice app is not installed."""
    if not justice_installed():
        return []
    from palermo.justice.codes import Verdict
    from palermo.justice.models import Investigation, Prosecution

    investigated = Investigation.objects.filter(case=OuterRef("pk"))
    prosecuted = Prosecution.objects.filter(case=OuterRef("pk"))
    return [(INVESTIGATED, Exists(investigated)), (PROSECUTED, Exists(prosecuted)),
            (CONVICTED, Exists(prosecuted.filter(verdict=Verdict.CONVICTED)))]


def stages() -> list[str]:
    """The stage keys in order, first to furthest."""
    return [REGISTERED] + [stage for stage, _condition in
                           _registry_conditions() + _justice_conditions()]


def furthest_stage() -> Combinable:
    """Each case's furthest stage, as an expression over ``Case`` rows."""
    whens = [When(condition, then=Value(stage))
             for stage, condition in reversed(_registry_conditions() + _justice_conditions())]
    return When_(*whens, default=Value(REGISTERED), output_field=CharField())
