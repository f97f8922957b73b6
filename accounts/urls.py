from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("switch/", views.organisation_switch, name="organisation-switch"),
    path("organisation/", views.organisation_settings, name="organisation-settings"),
    path("organisation/members/", views.membership_add, name="membership-add"),
    path("organisation/members/<int:pk>/role/", views.membership_role, name="membership-role"),
    path("organisation/members/<int:pk>/remove/", views.membership_remove, name="membership-remove"),
    path("organisation/members/<int:pk>/reviewer/", views.membership_reviewer, name="membership-reviewer"),
    path("organisation/api-keys/", views.api_key_create, name="api-key-create"),
    path("organisation/api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api-key-revoke"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            extra_context={"timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
