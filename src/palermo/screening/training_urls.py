"""Training mode, under /training/."""

from django.urls import path

from palermo.screening import training_views

app_name = "training"

urlpatterns = [
    path("", training_views.scenario_list, name="scenario_list"),
    path("mine/", training_views.my_training, name="my_training"),
    path("statistics/", training_views.statistics, name="statistics"),
    path("attempts/<int:pk>/", training_views.attempt_detail, name="attempt_detail"),
    path("<slug:slug>/", training_views.scenario_attempt, name="scenario_attempt"),
]
