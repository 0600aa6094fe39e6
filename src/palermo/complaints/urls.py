"""The public pages: ``/report/`` (a stable address to print on leaflets), one form per category."""

from django.urls import path

from palermo.complaints import public_views
from palermo.complaints.public_forms import FORMS

app_name = "report"

urlpatterns = [
    path("", public_views.start, name="start"),
    path("what-we-keep/", public_views.what_we_keep, name="what_we_keep"),
    path("follow-up/", public_views.follow_up, name="follow_up"),
    path("follow-up/add/", public_views.add_information, name="add_information"),
    *[
        path(f"{category.replace('_', '-')}/", public_views.report, {"category": category},
             name=f"form_{category}")
        for category in FORMS
    ],
]
