from django.urls import path

from palermo.accounts import user_admin_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("logout/everywhere/", views.sign_out_everywhere, name="logout_everywhere"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("security/", views.security, name="security"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("users/", user_admin_views.user_list, name="user_list"),
    path("users/new/", user_admin_views.user_create, name="user_create"),
    path("users/<int:pk>/", user_admin_views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", user_admin_views.user_set_password, name="user_set_password"),
    path("users/<int:pk>/reset-2fa/", user_admin_views.user_reset_two_factor,
         name="user_reset_two_factor"),
]
