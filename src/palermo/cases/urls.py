"""Pages of the case registry (list, detail, forms, attachments)."""

from django.urls import path  # noqa: F401  (routes are added as the pages are built)

app_name = "cases"

urlpatterns: list = []  # type: ignore[type-arg]
