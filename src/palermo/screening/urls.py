"""Screening pages of one case, under /cases/<pk>/screening/."""

from django.urls import path

from palermo.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.screening_list, name="screening_list"),
    path("new/", views.screening_create, name="screening_create"),
    path("<int:screening_pk>/", views.screening_detail, name="screening_detail"),
    path("<int:screening_pk>/edit/", views.screening_edit, name="screening_edit"),
    path("decision/", views.decision_create, name="decision_create"),
]
