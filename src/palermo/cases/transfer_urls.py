"""Import and export of cases in HTCDS columns (CSV, XLSX)."""

from django.urls import path

from palermo.cases import transfer_views

app_name = "transfer"

urlpatterns = [
    path("import/", transfer_views.import_cases, name="import"),
    path("export.csv", transfer_views.export_csv, name="export_csv"),
    path("export.xlsx", transfer_views.export_xlsx, name="export_xlsx"),
]
