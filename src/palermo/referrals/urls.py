"""Pages of the referral mechanism: the directory, referrals, notifications under /referrals/,
and the Referrals tab of a case under /cases/<pk>/referrals/ (mounted at the root)."""

from django.urls import path

from palermo.referrals import consent_views, directory_views, notification_views, referral_views

app_name = "referrals"

urlpatterns = [
    path("referrals/", referral_views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", referral_views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/transition/", referral_views.referral_transition,
         name="referral_transition"),
    path("referrals/services/", directory_views.service_list, name="service_list"),
    path("referrals/services/new/", directory_views.service_create, name="service_create"),
    path("referrals/services/<int:pk>/", directory_views.service_detail, name="service_detail"),
    path("referrals/services/<int:pk>/edit/", directory_views.service_edit, name="service_edit"),
    path("referrals/services/<int:pk>/places/", directory_views.service_places,
         name="service_places"),
    path("referrals/notifications/", notification_views.notification_list,
         name="notification_list"),
    path("referrals/notifications/read/", notification_views.notification_read,
         name="notification_read"),
    path("cases/<int:pk>/referrals/", referral_views.case_referrals, name="case_referrals"),
    path("cases/<int:pk>/referrals/new/", referral_views.referral_create,
         name="referral_create"),
    path("cases/<int:pk>/referrals/consents/new/", consent_views.consent_create,
         name="consent_create"),
    path("cases/<int:pk>/referrals/consents/<int:consent_pk>/withdraw/",
         consent_views.consent_withdraw, name="consent_withdraw"),
]
