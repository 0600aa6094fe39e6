"""The statistics pages (mounted at ``analytics/``)."""

from django.urls import path

from palermo.analytics import views
from palermo.analytics.dashboard import KINDS

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    *[path(f"{kind.slug}.csv", views.table_csv, {"slug": kind.slug}, name=f"csv_{kind.slug}")
      for kind in KINDS],
]
