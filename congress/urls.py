"""Root URLconf: the core's pages, accounts, admin, and one include per app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from congress import views, views_account, views_ics, views_pick
from congress.forms import LoginForm

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("healthz/celery/", views.healthz_celery, name="healthz_celery"),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("i18n/<slug:code>/", views.language_link, name="language_link"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # One login page for the whole portal (throttled by django-axes): the admin's own goes there.
    path("accounts/2fa/", views_account.second_factor, name="otp_status"),
    path("accounts/2fa/setup/", views_account.second_factor_setup, name="otp_setup"),
    path("accounts/2fa/verify/", views_account.second_factor_verify, name="otp_verify"),
    path("accounts/2fa/recovery-codes/", views_account.recovery_codes, name="otp_recovery_codes"),
    path("accounts/2fa/disable/", views_account.second_factor_disable, name="otp_disable"),
    path("manage/logins/", views_account.session_list, name="session_list"),
    path("manage/logins/<int:pk>/end/", views_account.session_end, name="session_end"),
    path("pick/<slug:kind>/", views_pick.pick, name="pick"),
    path("feeds/<str:token>.ics", views_ics.feed, name="calendar_feed"),
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("congress.app_urls")),
    path("deputies/", include("deputies.urls")),
    path("proposals/", include("proposals.urls")),
    path("meetings/", include("meetings.urls")),
    path("projects/", include("projects.urls")),
    path("appointments/", include("appointments.urls")),
    path("oversight/", include("oversight.urls")),
    path("", include("reports.urls")),
]


# An unreachable database answers 503 with a page of its own (congress/errors.py), anything else 500.
handler500 = "congress.errors.server_error"
