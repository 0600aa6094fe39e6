"""URL map: pages under their app's prefix, the JSON API under /api/v1/."""

from django.urls import include, path
from django.views.i18n import set_language

from palermo.api.api import api

urlpatterns = [
    path("", include("palermo.core.urls")),
    path("accounts/", include("palermo.accounts.urls")),
    path("cases/what-if/", include("palermo.screening.whatif_urls")),
    path("cases/", include("palermo.cases.urls")),
    path("cases/transfer/", include("palermo.cases.transfer_urls")),
    path("cases/<int:pk>/screening/", include("palermo.screening.urls")),
    path("cases/<int:pk>/assistance/", include("palermo.referrals.assistance_urls")),
    path("cases/<int:pk>/justice/", include("palermo.justice.urls")),
    path("official-statistics/", include("palermo.justice.official_urls")),
    path("coordination/", include("palermo.referrals.coordination_urls")),
    path("analytics/exports/", include("palermo.analytics.export_urls")),
    path("analytics/", include("palermo.analytics.urls")),
    path("estimates/", include("palermo.estimates.urls")),
    path("reports/", include("palermo.reports.urls")),
    path("linkage/", include("palermo.linkage.urls")),
    path("monitoring/", include("palermo.monitoring.urls")),
    path("public/recommendations/", include("palermo.monitoring.public_urls")),
    path("", include("palermo.referrals.urls")),
    path("training/", include("palermo.screening.training_urls")),
    path("report/", include("palermo.complaints.urls")),
    path("complaints/", include("palermo.complaints.triage_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]
