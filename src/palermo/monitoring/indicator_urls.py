"""Indicator routes, part of the ``monitoring`` namespace (added to ``monitoring.urls``)."""

from django.urls import path

from palermo.monitoring import indicator_views as views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values.csv", views.indicator_csv, name="indicator_csv"),
    path("indicators/<int:pk>/values/new/", views.value_create, name="value_create"),
    path("indicators/<int:pk>/values/<int:value_pk>/edit/", views.value_edit,
         name="value_edit"),
    path("indicators/<int:pk>/values/<int:value_pk>/delete/", views.value_delete,
         name="value_delete"),
]
