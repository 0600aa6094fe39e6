"""The anonymised exports (mounted at ``analytics/exports/``)."""

from django.urls import path

from palermo.analytics import export_views

app_name = "analytics_exports"

urlpatterns = [
    path("", export_views.exports_page, name="page"),
    path("glotip.csv", export_views.glotip_csv, name="glotip_csv"),
    path("ctdc.zip", export_views.ctdc_zip, name="ctdc_zip"),
]
