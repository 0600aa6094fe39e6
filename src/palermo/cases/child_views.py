"""Correcting a case's events, perpetrators and notes: an edit form and a delete confirmation
for each, reached only through an owned case (so a record of another case or organisation, or of
a case only shared with the user's organisation, is 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palermo.accounts.models import User
from palermo.cases import codes, services
from palermo.cases.case_views import tab_page
from palermo.cases.forms import EventForm, NoteForm, PerpetratorForm
from palermo.cases.models import Case, Event, Note
from palermo.cases.selectors import get_owned_case
from palermo.cases.views import add_service_errors, registry_required, require_edit

Save = Callable[[User, dict[str, Any]], object]


def _edit(request: HttpRequest, case: Case, child: models.Model, form: forms.BaseForm, *,
          tab: str, title: str, saved: str, save: Save) -> HttpResponse:
    user = require_edit(request)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save(user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            child.refresh_from_db()  # the service set the typed values before validating
        else:
            messages.success(request, saved)
            return redirect(f"cases:case_{tab}", pk=case.pk)
    return tab_page(request, case, tab, "cases/child_form.html", {
        "form": form, "title": title, "back": reverse(f"cases:case_{tab}", args=[case.pk]),
    }, status=400 if form.errors else 200, record_view=request.method != "POST")


def _delete(request: HttpRequest, case: Case, *, tab: str, title: str, what: str,
            deleted: str, remove: Callable[[User], None]) -> HttpResponse:
    user = require_edit(request)
    if request.method == "POST":
        remove(user)
        messages.success(request, deleted)
        return redirect(f"cases:case_{tab}", pk=case.pk)
    return tab_page(request, case, tab, "cases/child_delete.html", {
        "title": title, "what": what, "back": reverse(f"cases:case_{tab}", args=[case.pk]),
    }, record_view=False)


# --- Events ----------------------------------------------------------------------------------


def _event_summary(event: Event) -> str:
    date = event.date.isoformat() if event.date else "—"
    return f"{event.get_event_type_display()}, {date}"


@registry_required
def event_edit(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    event = get_object_or_404(case.events, pk=event_pk)
    form = EventForm(request.POST or None, instance=event)
    return _edit(request, case, event, form, tab="events", title=_("Edit the event"),
                 saved=_("Event saved."),
                 save=lambda user, values: services.update_event(user=user, event=event,
                                                                 **values))


@registry_required
def event_delete(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    event = get_object_or_404(case.events, pk=event_pk)
    return _delete(request, case, tab="events", title=_("Delete the event?"),
                   what=_event_summary(event), deleted=_("Event deleted."),
                   remove=lambda user: services.delete_event(user=user, event=event))


# --- Perpetrators ----------------------------------------------------------------------------


@registry_required
def perpetrator_edit(request: HttpRequest, pk: int, perpetrator_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    perpetrator = get_object_or_404(case.perpetrators, pk=perpetrator_pk)
    form = PerpetratorForm(request.POST or None, instance=perpetrator)
    return _edit(request, case, perpetrator, form, tab="perpetrators",
                 title=_("Edit the perpetrator"), saved=_("Perpetrator saved."),
                 save=lambda user, values: services.update_perpetrator(
                     user=user, perpetrator=perpetrator, **values))


@registry_required
def perpetrator_delete(request: HttpRequest, pk: int, perpetrator_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    perpetrator = get_object_or_404(case.perpetrators, pk=perpetrator_pk)
    labels = dict(codes.PerpetratorRole.choices)
    what = ", ".join(str(labels.get(role, role)) for role in perpetrator.roles)
    return _delete(request, case, tab="perpetrators", title=_("Delete the perpetrator?"),
                   what=what, deleted=_("Perpetrator deleted."),
                   remove=lambda user: services.delete_perpetrator(user=user,
                                                                   perpetrator=perpetrator))


# --- Notes -----------------------------------------------------------------------------------


def _own_note(request: HttpRequest, case: Case, note_pk: int) -> Note:
    # cast: select_related on the child queryset is typed as returning plain models.
    note = cast(Note, get_object_or_404(case.notes.select_related("author"), pk=note_pk))
    user = require_edit(request)
    if not services.may_change_note(user, note):
        raise PermissionDenied
    return note


@registry_required
def note_edit(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    note = _own_note(request, case, note_pk)
    form = NoteForm(request.POST or None, initial={"text": note.text})
    return _edit(request, case, note, form, tab="notes", title=_("Edit the note"),
                 saved=_("Note saved."),
                 save=lambda user, values: services.update_note(user=user, note=note,
                                                                text=values["text"]))


@registry_required
def note_delete(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    case = get_owned_case(request.user, pk)
    note = _own_note(request, case, note_pk)
    when = timezone.localtime(note.created_at).strftime("%Y-%m-%d %H:%M")
    what = _("Your note of %(when)s") % {"when": when}
    return _delete(request, case, tab="notes", title=_("Delete the note?"), what=what,
                   deleted=_("Note deleted."),
                   remove=lambda user: services.delete_note(user=user, note=note))
