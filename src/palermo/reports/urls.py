"""The report builder (mounted at ``reports/``)."""

from django.urls import path

from palermo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.submission_list, name="list"),
    path("new/", views.submission_create, name="create"),
    path("<int:pk>/", views.submission_edit, name="submission"),
    path("<int:pk>/delete/", views.submission_delete, name="delete"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/deck.pptx", views.download, {"file_format": "pptx"}, name="download_pptx"),
    path("<int:pk>/submission.pdf", views.download, {"file_format": "pdf"}, name="download_pdf"),
    path("<int:pk>/submission.md", views.download, {"file_format": "md"}, name="download_md"),
    path("<int:pk>/issues/new/", views.issue_create, name="issue_create"),
    path("<int:pk>/issues/<int:issue_pk>/", views.issue_edit, name="issue"),
    path("<int:pk>/issues/<int:issue_pk>/move/", views.issue_move, name="issue_move"),
    path("<int:pk>/issues/<int:issue_pk>/delete/", views.issue_delete, name="issue_delete"),
    path("<int:pk>/issues/<int:issue_pk>/problems/new/", views.problem_create,
         name="problem_create"),
    path("<int:pk>/problems/<int:problem_pk>/", views.problem_edit, name="problem"),
    path("<int:pk>/problems/<int:problem_pk>/move/", views.problem_move, name="problem_move"),
    path("<int:pk>/problems/<int:problem_pk>/delete/", views.problem_delete,
         name="problem_delete"),
    path("<int:pk>/problems/<int:problem_pk>/figures/new/", views.figure_add, name="figure_add"),
    path("<int:pk>/figures/<int:figure_pk>/delete/", views.figure_delete, name="figure_delete"),
]
