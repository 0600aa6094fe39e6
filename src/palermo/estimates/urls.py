"""The estimates pages (mounted at ``estimates/``)."""

from django.urls import path

from palermo.estimates import views

app_name = "estimates"

urlpatterns = [
    path("", views.index, name="index"),
    path("save/", views.save, name="save"),
    path("<int:pk>/", views.detail, name="detail"),
]
