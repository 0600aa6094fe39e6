"""Pages of the case registry (list, detail tabs, forms, attachments)."""

from django.urls import path

from palermo.cases import attachment_views, case_views, child_views, person_views

app_name = "cases"

urlpatterns = [
    path("", case_views.case_list, name="case_list"),
    path("new/", case_views.case_create, name="case_create"),
    path("<int:pk>/", case_views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", case_views.case_edit, name="case_edit"),
    path("<int:pk>/persons/", person_views.case_persons, name="case_persons"),
    path("<int:pk>/persons/identity/", person_views.case_identity, name="case_identity"),
    path("<int:pk>/events/", case_views.case_events, name="case_events"),
    path("<int:pk>/events/<int:event_pk>/edit/", child_views.event_edit, name="event_edit"),
    path("<int:pk>/events/<int:event_pk>/delete/", child_views.event_delete,
         name="event_delete"),
    path("<int:pk>/perpetrators/", case_views.case_perpetrators, name="case_perpetrators"),
    path("<int:pk>/perpetrators/<int:perpetrator_pk>/edit/", child_views.perpetrator_edit,
         name="perpetrator_edit"),
    path("<int:pk>/perpetrators/<int:perpetrator_pk>/delete/", child_views.perpetrator_delete,
         name="perpetrator_delete"),
    path("<int:pk>/notes/", case_views.case_notes, name="case_notes"),
    path("<int:pk>/notes/<int:note_pk>/edit/", child_views.note_edit, name="note_edit"),
    path("<int:pk>/notes/<int:note_pk>/delete/", child_views.note_delete, name="note_delete"),
    path("<int:pk>/attachments/", case_views.case_attachments, name="case_attachments"),
    path("<int:pk>/attachments/upload/", attachment_views.attachment_upload,
         name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", attachment_views.attachment_download,
         name="attachment_download"),
    path("<int:pk>/history/", case_views.case_history_tab, name="case_history"),
    path("persons/new/", person_views.person_create, name="person_create"),
    path("persons/<int:pk>/edit/", person_views.person_edit, name="person_edit"),
]
