"""Staff pages under ``/complaints/``: triage, facilities, monitoring."""

from django.urls import path

from palermo.complaints import dashboard_views, facility_views, triage_views

app_name = "complaints"

urlpatterns = [
    path("", triage_views.queue, name="queue"),
    path("<int:pk>/", triage_views.detail, name="detail"),
    path("<int:pk>/assign/", triage_views.assign, name="assign"),
    path("<int:pk>/triage/", triage_views.triage, name="triage"),
    path("<int:pk>/reply/", triage_views.reply, name="reply"),
    path("<int:pk>/merge/", triage_views.merge, name="merge"),
    path("<int:pk>/spam/", triage_views.spam, name="spam"),
    path("<int:pk>/convert/", triage_views.convert, name="convert"),
    path("<int:pk>/files/<int:file_pk>/", triage_views.download, name="download"),
    path("facilities/", facility_views.facility_list, name="facility_list"),
    path("facilities/new/", facility_views.facility_create, name="facility_create"),
    path("facilities/import/", facility_views.facility_import, name="facility_import"),
    path("facilities/<int:pk>/", facility_views.facility_detail, name="facility_detail"),
    path("facilities/<int:pk>/edit/", facility_views.facility_edit, name="facility_edit"),
    path("monitoring/", dashboard_views.dashboard, name="dashboard"),
    path("monitoring/<slug:section>.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
]
