"""The monitoring pages (mounted at ``monitoring/``): the recommendations registry with its
assessments, import and export; the action plan, indicators and trainings."""

from django.urls import path

from palermo.monitoring import indicator_urls, plan_urls, training_urls
from palermo.monitoring import recommendation_views as recommendations

app_name = "monitoring"

urlpatterns = [
    path("recommendations/", recommendations.recommendation_list, name="recommendation_list"),
    path("recommendations/new/", recommendations.recommendation_create,
         name="recommendation_create"),
    path("recommendations/import/", recommendations.recommendation_import,
         name="recommendation_import"),
    path("recommendations/export/<slug:fmt>/", recommendations.recommendation_export,
         name="recommendation_export"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail,
         name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit,
         name="recommendation_edit"),
    path("recommendations/<int:pk>/assess/", recommendations.assessment_create,
         name="assessment_create"),
    path("recommendations/<int:pk>/cluster/", recommendations.recommendation_cluster,
         name="recommendation_cluster"),
]

# The action plan, indicators and trainings (their own route modules).
urlpatterns += plan_urls.urlpatterns + indicator_urls.urlpatterns + training_urls.urlpatterns
