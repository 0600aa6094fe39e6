"""The coordination view and its downloads (mounted at ``coordination/``)."""

from django.urls import path

from palermo.referrals import coordination_views

app_name = "coordination"

urlpatterns = [
    path("", coordination_views.coordination_view, name="overview"),
    path("reflection/", coordination_views.reflection_at_risk, name="reflection"),
    *[path(f"{table}.csv", coordination_views.coordination_csv, {"table": table},
           name=f"csv_{table}") for table in ("open", "declined", "unmet", "assistance")],
]
