"""The public, read-only recommendations page (mounted at ``public/recommendations/``; 404
unless the deployment sets ``PALERMO_PUBLIC_MONITORING``)."""

from django.urls import path

from palermo.monitoring import public_views

app_name = "public_monitoring"

urlpatterns = [
    path("", public_views.recommendation_list, name="recommendation_list"),
    path("<int:pk>/", public_views.recommendation_detail, name="recommendation_detail"),
]
