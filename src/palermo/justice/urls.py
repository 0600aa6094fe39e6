"""The Justice tab of one case, under /cases/<pk>/justice/."""

from django.urls import path

from palermo.justice import views

app_name = "justice"

urlpatterns = [
    path("", views.justice_tab, name="justice_tab"),
    path("investigations/new/", views.investigation_create, name="investigation_create"),
    path("investigations/<int:record_pk>/edit/", views.investigation_edit,
         name="investigation_edit"),
    path("investigations/<int:record_pk>/delete/", views.investigation_delete,
         name="investigation_delete"),
    path("prosecutions/new/", views.prosecution_create, name="prosecution_create"),
    path("prosecutions/<int:record_pk>/", views.prosecution_detail, name="prosecution_detail"),
    path("prosecutions/<int:record_pk>/edit/", views.prosecution_edit, name="prosecution_edit"),
    path("prosecutions/<int:record_pk>/delete/", views.prosecution_delete,
         name="prosecution_delete"),
    path("prosecutions/<int:record_pk>/hearings/<int:child_pk>/delete/", views.hearing_delete,
         name="hearing_delete"),
    path("prosecutions/<int:record_pk>/defendants/<int:child_pk>/delete/",
         views.defendant_delete, name="defendant_delete"),
    path("proceedings/new/", views.proceeding_create, name="proceeding_create"),
    path("proceedings/<int:record_pk>/edit/", views.proceeding_edit, name="proceeding_edit"),
    path("proceedings/<int:record_pk>/delete/", views.proceeding_delete,
         name="proceeding_delete"),
]
