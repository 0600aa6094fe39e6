"""The linkage pages (mounted at ``linkage/``)."""

from django.urls import path

from palermo.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/status/", views.run_status, name="run_status"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/<int:pair_pk>/", views.decide, name="decide"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/merge/", views.merge, name="merge"),
    path("duplicates/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
