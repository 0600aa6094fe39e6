"""Action plan routes, part of the ``monitoring`` namespace (added to ``monitoring.urls``)."""

from django.urls import path

from palermo.monitoring import plan_views as views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/overdue/", views.overdue, name="plan_overdue"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("plans/<int:pk>/objectives/<int:objective_pk>/edit/", views.objective_edit,
         name="objective_edit"),
    path("plans/<int:pk>/objectives/<int:objective_pk>/actions/new/", views.action_create,
         name="action_create"),
    path("plans/<int:pk>/actions/<int:action_pk>/edit/", views.action_edit, name="action_edit"),
    path("plans/<int:pk>/actions/<int:action_pk>/targets/new/", views.target_create,
         name="target_create"),
    path("plans/<int:pk>/actions/<int:action_pk>/progress/new/", views.progress_create,
         name="progress_create"),
]
