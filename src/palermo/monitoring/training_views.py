"""Training pages: courses, a course's sessions, a session's attendees (entered in a small table
or uploaded as CSV) and the statistics of officials trained."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palermo.analytics.charts import Bar, bar_chart
from palermo.cases.views import add_service_errors
from palermo.monitoring import editing, trainings
from palermo.monitoring.models import Course, TrainingSession
from palermo.monitoring.training_forms import (
    AttendeeTable,
    AttendeeUploadForm,
    CourseForm,
    SessionForm,
)

MAX_UPLOAD = 1024 * 1024


def _owner(request: HttpRequest, course: Course) -> bool:
    return (editing.may_edit(request.user)
            and course.organisation_id == getattr(request.user, "organisation_id", None))


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.visible_to(request.user).annotate(
        session_count=Count("sessions", distinct=True),
        attendee_count=Count("sessions__attendees", distinct=True))
    return render(request, "monitoring/course_list.html", {
        "courses": courses, "can_edit": editing.may_edit(request.user),
    })


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = editing.readable_or_404(Course, request.user, pk=pk)
    sessions = course.sessions.annotate(attendee_count=Count("attendees"))
    return render(request, "monitoring/course_detail.html", {
        "course": course, "sessions": sessions, "can_edit": _owner(request, course),
        "gain": trainings.score_gain(course.sessions.all()),
    })


def _course_form(request: HttpRequest, course: Course, title: str) -> HttpResponse:
    user = editing.require_editor(request.user)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            saved = trainings.save_course(actor=user, course=form.instance,
                                          changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("monitoring:course_detail", pk=saved.pk)
    return render(request, "monitoring/training_form.html",
                  {"form": form, "title": title, "course": course if course.pk else None},
                  status=400 if form.errors else 200)


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    return _course_form(request, Course(), _("New course"))


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = editing.owned_or_404(Course, request.user, pk=pk)
    return _course_form(request, course, _("Edit the course"))


def _session_form(request: HttpRequest, course: Course, session: TrainingSession, title: str
                  ) -> HttpResponse:
    user = editing.require_editor(request.user)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = trainings.save_session(actor=user, session=form.instance,
                                           changed=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect("monitoring:session_detail", pk=course.pk, session_pk=saved.pk)
    return render(request, "monitoring/training_form.html",
                  {"form": form, "title": title, "course": course},
                  status=400 if form.errors else 200)


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = editing.owned_or_404(Course, request.user, pk=pk)
    return _session_form(request, course, TrainingSession(course=course), _("New session"))


@login_required
def session_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    course = editing.owned_or_404(Course, request.user, pk=pk)
    session = get_object_or_404(course.sessions.all(), pk=session_pk)
    return _session_form(request, course, session, _("Edit the session"))


def _session_page(request: HttpRequest, course: Course, session: TrainingSession,
                  **forms: Any) -> HttpResponse:
    mine = _owner(request, course)
    context: dict[str, Any] = {
        "course": course, "session": session, "can_edit": mine,
        "attendees": session.attendees.all(), "gain": trainings.score_gain([session]),
        "table": forms.get("table") or (AttendeeTable(prefix="rows") if mine else None),
        "upload": forms.get("upload") or (AttendeeUploadForm() if mine else None),
        "row_errors": forms.get("row_errors", []),
    }
    failed = bool(context["row_errors"]) or any(
        form is not None and form.is_bound and not form.is_valid()
        for form in (forms.get("table"), forms.get("upload")))
    return render(request, "monitoring/session_detail.html", context,
                  status=400 if failed else 200)


@login_required
def session_detail(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    course = editing.readable_or_404(Course, request.user, pk=pk)
    session = get_object_or_404(course.sessions.all(), pk=session_pk)
    return _session_page(request, course, session)


@login_required
@require_POST
def attendee_entry(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    course = editing.owned_or_404(Course, request.user, pk=pk)
    session = get_object_or_404(course.sessions.all(), pk=session_pk)
    user = editing.require_editor(request.user)
    table = AttendeeTable(request.POST, prefix="rows")
    if not table.is_valid():
        return _session_page(request, course, session, table=table)
    rows = [trainings.AttendeeRow(**form.cleaned_data) for form in table.forms
            if form.cleaned_data and not form.is_blank]
    if not rows:
        messages.error(request, _("The table holds no attendees."))
        return redirect("monitoring:session_detail", pk=course.pk, session_pk=session.pk)
    made = trainings.add_attendees(actor=user, session=session, rows=rows)
    messages.success(request, _("%(count)d attendees added.") % {"count": len(made)})
    return redirect("monitoring:session_detail", pk=course.pk, session_pk=session.pk)


@login_required
@require_POST
def attendee_import(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    course = editing.owned_or_404(Course, request.user, pk=pk)
    session = get_object_or_404(course.sessions.all(), pk=session_pk)
    user = editing.require_editor(request.user)
    upload = AttendeeUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _session_page(request, course, session, upload=upload)
    file = upload.cleaned_data["file"]
    if file.size > MAX_UPLOAD:
        upload.add_error("file", _("The file is larger than 1 MB."))
        return _session_page(request, course, session, upload=upload)
    rows, errors = trainings.parse_csv(file.read())
    if errors:
        return _session_page(request, course, session, upload=upload, row_errors=errors)
    made = trainings.add_attendees(actor=user, session=session, rows=rows)
    messages.success(request, _("%(count)d attendees added.") % {"count": len(made)})
    return redirect("monitoring:session_detail", pk=course.pk, session_pk=session.pk)


@login_required
@require_POST
def attendee_delete(request: HttpRequest, pk: int, session_pk: int, attendee_pk: int
                    ) -> HttpResponse:
    course = editing.owned_or_404(Course, request.user, pk=pk)
    session = get_object_or_404(course.sessions.all(), pk=session_pk)
    attendee = get_object_or_404(session.attendees.all(), pk=attendee_pk)
    trainings.delete_attendee(actor=editing.require_editor(request.user), attendee=attendee)
    messages.success(request, _("Attendee removed."))
    return redirect("monitoring:session_detail", pk=course.pk, session_pk=session.pk)


@login_required
def training_statistics_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(trainings.statistics_csv(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="officials-trained.csv"'
    return response


@login_required
def training_statistics(request: HttpRequest) -> HttpResponse:
    """Officials trained, over every organisation's courses (trainings are public-interest
    data every member of staff reads; never a name)."""
    regions = trainings.by_region_and_year()
    agencies = trainings.by_agency()
    screening = trainings.screening_per_year()
    title = _("Officials trained per year")
    return render(request, "monitoring/training_statistics.html", {
        "regions": regions, "agencies": agencies, "screening": screening,
        "gain": trainings.score_gain(),
        "year_chart": bar_chart([Bar(label=str(year), values=(total,))
                                 for year, total in zip(regions.years, regions.totals,
                                                        strict=True)], title=title),
        "agency_chart": bar_chart([Bar(label=label, values=(count,))
                                   for label, count in agencies],
                                  title=_("Officials trained per agency")),
    })
