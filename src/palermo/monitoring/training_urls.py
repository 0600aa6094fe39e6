"""Training routes, part of the ``monitoring`` namespace (added to ``monitoring.urls``)."""

from django.urls import path

from palermo.monitoring import training_views as views

urlpatterns = [
    path("trainings/", views.course_list, name="course_list"),
    path("trainings/statistics/", views.training_statistics, name="training_statistics"),
    path("trainings/statistics.csv", views.training_statistics_csv,
         name="training_statistics_csv"),
    path("trainings/new/", views.course_create, name="course_create"),
    path("trainings/<int:pk>/", views.course_detail, name="course_detail"),
    path("trainings/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("trainings/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("trainings/<int:pk>/sessions/<int:session_pk>/", views.session_detail,
         name="session_detail"),
    path("trainings/<int:pk>/sessions/<int:session_pk>/edit/", views.session_edit,
         name="session_edit"),
    path("trainings/<int:pk>/sessions/<int:session_pk>/attendees/", views.attendee_entry,
         name="attendee_entry"),
    path("trainings/<int:pk>/sessions/<int:session_pk>/attendees/import/",
         views.attendee_import, name="attendee_import"),
    path("trainings/<int:pk>/sessions/<int:session_pk>/attendees/<int:attendee_pk>/delete/",
         views.attendee_delete, name="attendee_delete"),
]
