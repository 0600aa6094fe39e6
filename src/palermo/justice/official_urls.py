"""Official statistics pages, under /official-statistics/."""

from django.urls import path

from palermo.justice import official_views

app_name = "official"

urlpatterns = [
    path("", official_views.statistics_index, name="index"),
    path("figures/new/", official_views.figure_create, name="figure_create"),
    path("figures/import/", official_views.figure_import, name="figure_import"),
    path("computed/new/", official_views.indicator_create, name="indicator_create"),
    path("<str:measure>/<str:article>/", official_views.indicator_page, name="indicator"),
]
