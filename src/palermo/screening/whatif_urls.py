"""The registry-wide what-if pages, under /cases/what-if/."""

from django.urls import path

from palermo.screening import whatif_views

app_name = "whatif"

urlpatterns = [
    path("", whatif_views.what_if_page, name="table"),
    path("cases/", whatif_views.what_if_cases, name="cases"),
]
