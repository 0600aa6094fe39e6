"""Import and export of cases in HTCDS columns (CSV, XLSX)."""

from django.urls import path  # noqa: F401  (routes are added as the pages are built)

app_name = "transfer"

urlpatterns: list = []  # type: ignore[type-arg]
