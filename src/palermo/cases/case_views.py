"""Case pages: the list, the create and edit forms, and the detail tabs (each its own URL)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palermo.accounts.models import Organisation, User
from palermo.accounts.roles import Role
from palermo.cases import services
from palermo.cases.access import OWNER_ONLY, case_access
from palermo.cases.forms import (
    PAGE_SIZES,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    EventForm,
    NoteForm,
    PerpetratorForm,
)
from palermo.cases.models import Case, Event, Note, Perpetrator, Person
from palermo.cases.selectors import (
    CaseFilters,
    case_history,
    cases_visible_to,
    get_case,
    get_owned_case,
    list_cases,
    require_group,
)
from palermo.cases.views import (
    add_service_errors,
    can_edit,
    registry_required,
    require_edit,
    signed_in,
)
from palermo.core import audit
from palermo.core.models import AuditAction
from palermo.justice.models import Investigation, ProceedingAgainstPerson, Prosecution
from palermo.referrals.codes import ShareGroup
from palermo.screening.models import Screening

TABS = [
    ("summary", "cases:case_detail", gettext_lazy("Summary")),
    ("persons", "cases:case_persons", gettext_lazy("Persons")),
    ("events", "cases:case_events", gettext_lazy("Events")),
    ("perpetrators", "cases:case_perpetrators", gettext_lazy("Perpetrators")),
    ("notes", "cases:case_notes", gettext_lazy("Notes")),
    ("attachments", "cases:case_attachments", gettext_lazy("Attachments")),
    ("screening", "screening:screening_list", gettext_lazy("Screening & identification")),
    ("assistance", "referrals_assistance:case_assistance", gettext_lazy("Assistance")),
    ("referrals", "referrals:case_referrals", gettext_lazy("Referrals")),
    ("justice", "justice:justice_tab", gettext_lazy("Justice")),
    ("history", "cases:case_history", gettext_lazy("History")),
]

#: The group of fields a tab shows: a user who does not see it gets no tab and a 404. Tabs not
#: named here (summary, persons, and those of other apps) are listed for everyone who sees the
#: case; their views decide what they show.
TAB_GROUPS = {
    "events": ShareGroup.EVENTS,
    "perpetrators": ShareGroup.PERPETRATORS,
    "notes": ShareGroup.NOTES,
    "attachments": ShareGroup.ATTACHMENTS,
    "screening": ShareGroup.SCREENING,
    "justice": OWNER_ONLY,
    "history": OWNER_ONLY,
}


# --- List ------------------------------------------------------------------------------------


def _organisation_choices(user: User) -> list[tuple[int, str]] | None:
    """Coordinators see cases of several organisations (shared with them) and may filter by one."""
    if user.role != Role.COORDINATOR:
        return None
    return list(
        Organisation.objects.filter(cases__in=cases_visible_to(user))
        .distinct().order_by("name").values_list("pk", "name")
    )


@registry_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    organisations = _organisation_choices(user)
    form = CaseFilterForm(request.GET or None, organisations=organisations)
    values: dict[str, Any] = {}
    if form.is_bound:
        if form.is_valid():
            values = form.cleaned_data
        else:
            # Keep the filters that are valid; the form shows what was wrong with the others.
            values = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    per_page = values.get("per_page") or PAGE_SIZES[0]
    filters = CaseFilters(
        status=values.get("status") or "",
        case_type=values.get("case_type") or "",
        exploitation=values.get("exploitation") or "",
        region=(values.get("region") or "").strip(),
        opened_from=values.get("opened_from"),
        opened_to=values.get("opened_to"),
        organisation=values.get("organisation"),
        q=values.get("q") or "",
        sort=values.get("sort") or "-opened",
    )
    # The list shows codes only: no identity field is read, so none is decrypted.
    cases = list_cases(user, filters).shaped(lambda rows: (
        rows.select_related("organisation")
        .defer("narrative")
        .prefetch_related(Prefetch("persons", queryset=Person.objects.only("id", "code")))
    ))
    paginator: Paginator[Case] = Paginator(cases, per_page)
    page = paginator.get_page(request.GET.get("page"))
    audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case",
                 objects=list(page.object_list), detail={"list": True})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/case_list.html", {
        "form": form,
        "page": page,
        "paginator": paginator,
        "page_links": list(paginator.get_elided_page_range(page.number, on_each_side=2,
                                                           on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "query": query.urlencode(),
        "show_organisation": organisations is not None,
        "can_edit": can_edit(request),
        "filters_open": bool(form.errors) or any(
            values.get(k) for k in ("status", "case_type", "exploitation", "region",
                                    "opened_from", "opened_to", "organisation")
        ),
        "searching": any(v not in (None, "", PAGE_SIZES[0], "-opened") for v in values.values()),
    })


# --- Create and edit -------------------------------------------------------------------------


@registry_required
def case_create(request: HttpRequest) -> HttpResponse:
    user = require_edit(request)
    initial = {"persons": request.GET.get("persons", "")}
    form = CaseForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            case = services.create_case(user=user, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(code)s created.") % {"code": case.code})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "creating": True})


@registry_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    user = require_edit(request)
    form = CaseForm(request.POST or None, instance=case, user=user)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            with transaction.atomic():
                services.update_case(user=user, case=case, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
            case.refresh_from_db()
        else:
            messages.success(request, _("Case %(code)s saved.") % {"code": case.code})
            return redirect("cases:case_detail", pk=case.pk)
    else:
        audit.record(actor=user, action=AuditAction.VIEW, object_type="cases.Case",
                     objects=[case], detail={"tab": "edit"})
    return render(request, "cases/case_form.html",
                  {"form": form, "creating": False, "case": case})


# --- Detail tabs -----------------------------------------------------------------------------


def tab_page(request: HttpRequest, case: Case, tab: str, template: str,
              context: dict[str, Any] | None = None, *, status: int = 200,
              record_view: bool = True) -> HttpResponse:
    if record_view:
        audit.record(actor=request.user, action=AuditAction.VIEW, object_type="cases.Case",
                     objects=[case], detail={"tab": tab})
    access = case_access(request.user, case)
    tabs = [(name, reverse(url, args=[case.pk]), label) for name, url, label in TABS
            if name not in TAB_GROUPS or access.sees(TAB_GROUPS[name])]
    return render(request, template, {
        "case": case, "tab": tab, "tabs": tabs, "access": access, "sees": access.flags,
        "can_edit": can_edit(request) and access.owned,
        "persons": list(case.persons.all()), **(context or {}),
    }, status=status)


def tab_case(request: HttpRequest, pk: int, tab: str) -> Case:
    """The case of a tab: a POST (adding to it) needs the owner; a GET needs the tab's group."""
    if request.method == "POST":
        return get_owned_case(request.user, pk)
    case = get_case(request.user, pk)
    require_group(request.user, case, TAB_GROUPS[tab])
    return case


@registry_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case(request.user, pk)
    return tab_page(request, case, "summary", "cases/case_summary.html")


@registry_required
def case_events(request: HttpRequest, pk: int) -> HttpResponse:
    case = tab_case(request, pk, "events")
    form = EventForm(request.POST or None)
    if request.method == "POST":
        user = require_edit(request)
        if form.is_valid():
            try:
                services.add_event(user=user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Event added."))
                return redirect("cases:case_events", pk=case.pk)
    return tab_page(request, case, "events", "cases/case_events.html",
                     {"form": form, "events": list(case.events.all())},
                     status=400 if form.errors else 200)


@registry_required
def case_perpetrators(request: HttpRequest, pk: int) -> HttpResponse:
    case = tab_case(request, pk, "perpetrators")
    form = PerpetratorForm(request.POST or None)
    if request.method == "POST":
        user = require_edit(request)
        if form.is_valid():
            try:
                services.add_perpetrator(user=user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Perpetrator added."))
                return redirect("cases:case_perpetrators", pk=case.pk)
    return tab_page(request, case, "perpetrators", "cases/case_perpetrators.html",
                     {"form": form, "perpetrators": list(case.perpetrators.all())},
                     status=400 if form.errors else 200)


@registry_required
def case_notes(request: HttpRequest, pk: int) -> HttpResponse:
    case = tab_case(request, pk, "notes")
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        user = require_edit(request)
        if form.is_valid():
            try:
                services.add_note(user=user, case=case, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Note added."))
                return redirect("cases:case_notes", pk=case.pk)
    notes = list(case.notes.select_related("author"))
    user = signed_in(request)
    # cast: select_related on the child queryset is typed as returning plain models.
    own_notes = {note.pk for note in notes if services.may_change_note(user, cast(Note, note))}
    return tab_page(request, case, "notes", "cases/case_notes.html",
                     {"form": form, "notes": notes, "own_notes": own_notes},
                     status=400 if form.errors else 200)


def attachments_tab(request: HttpRequest, case: Case, form: AttachmentForm,
                    *, status: int = 200) -> HttpResponse:
    """The attachments tab (also rendered by the upload view when an upload is refused)."""
    attachments = list(case.attachments.select_related("uploaded_by"))
    return tab_page(request, case, "attachments", "cases/case_attachments.html",
                     {"form": form, "attachments": attachments}, status=status)


@registry_required
def case_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    case = tab_case(request, pk, "attachments")
    return attachments_tab(request, case, AttachmentForm())


_DETAIL_LABELS = {
    "event_added": gettext_lazy("event added"),
    "perpetrator_added": gettext_lazy("perpetrator added"),
    "note_added": gettext_lazy("note added"),
    "event_deleted": gettext_lazy("event deleted"),
    "perpetrator_deleted": gettext_lazy("perpetrator deleted"),
    "note_deleted": gettext_lazy("note deleted"),
    "attachment_added": gettext_lazy("attachment added"),
    "attachment": gettext_lazy("attachment downloaded"),
    "screening_added": gettext_lazy("screening recorded"),
    "decision_signed": gettext_lazy("identification decision signed"),
    "consent_recorded": gettext_lazy("consent to share recorded"),
    "consent_withdrawn": gettext_lazy("consent to share withdrawn"),
    "referral_sent": gettext_lazy("referral sent"),
    "consent_override": gettext_lazy("without the person's consent (override)"),
    "list": gettext_lazy("in the case list"),
    "investigation_added": gettext_lazy("investigation added"),
    "investigation_deleted": gettext_lazy("investigation deleted"),
    "prosecution_added": gettext_lazy("prosecution added"),
    "prosecution_deleted": gettext_lazy("prosecution deleted"),
    "hearing_added": gettext_lazy("hearing added"),
    "hearing_deleted": gettext_lazy("hearing deleted"),
    "defendant_added": gettext_lazy("defendant added"),
    "defendant_deleted": gettext_lazy("defendant deleted"),
    "proceeding_added": gettext_lazy("proceedings against the person added"),
    "proceeding_deleted": gettext_lazy("proceedings against the person deleted"),
}


_CHILD_UPDATES: dict[str, tuple[type[Model], Any]] = {
    "event_updated": (Event, gettext_lazy("event changed: %(fields)s")),
    "perpetrator_updated": (Perpetrator, gettext_lazy("perpetrator changed: %(fields)s")),
    "note_updated": (Note, gettext_lazy("note changed: %(fields)s")),
    "screening_updated": (Screening, gettext_lazy("screening changed: %(fields)s")),
    "investigation_updated": (Investigation, gettext_lazy("investigation changed: %(fields)s")),
    "prosecution_updated": (Prosecution, gettext_lazy("prosecution changed: %(fields)s")),
    "proceeding_updated": (ProceedingAgainstPerson,
                           gettext_lazy("proceedings against the person changed: %(fields)s")),
}


def _describe(event: Any) -> str:
    """A line about an audit event for people: which tab, which fields; never personal data."""
    detail = event.detail or {}
    if detail.get("identity"):
        return _("identity shown")
    if "tab" in detail:
        label = dict((name, label) for name, _url, label in TABS).get(detail["tab"])
        return str(label) if label else (_("edit form") if detail["tab"] == "edit" else "")
    for key, (child_model, label) in _CHILD_UPDATES.items():
        if key in detail:
            return str(label) % {"fields": _field_names(child_model, detail.get("fields", []))}
    if "fields" in detail:
        model = Person if event.object_type == "cases.Person" else Case
        return _("changed: %(fields)s") % {"fields": _field_names(model, detail["fields"])}
    parts = [str(label) for key, label in _DETAIL_LABELS.items() if key in detail]
    return ", ".join(parts)


def _field_names(model: type[Model], fields: list[str]) -> str:
    names = []
    for name in fields:
        try:
            names.append(str(getattr(model._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:  # a field since removed
            names.append(name)
    return ", ".join(names)


@registry_required
def case_history_tab(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)  # the audit trail names the owner's staff
    persons = list(case.persons.all())
    events = case_history(case, persons)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    usernames = dict(User.objects.filter(pk__in=actor_ids).values_list("pk", "username"))
    rows = [
        {"event": e, "actor": usernames.get(e.actor_id or 0, "—"), "what": _describe(e),
         "about_person": e.object_type == "cases.Person"}
        for e in events
    ]
    return tab_page(request, case, "history", "cases/case_history.html", {"rows": rows})
