"""The Assistance tab of a case (mounted at ``cases/<int:pk>/assistance/``)."""

from django.urls import path

from palermo.referrals import assistance_views

app_name = "referrals_assistance"

urlpatterns = [
    path("", assistance_views.case_assistance, name="case_assistance"),
    path("plan/", assistance_views.support_plan_edit, name="support_plan_edit"),
]
