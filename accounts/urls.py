"""Signing in and out, and password reset: Django's auth views with the site's forms and limits."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import SiteSetPasswordForm
from accounts.password_reset import SitePasswordResetView
from accounts.views import SiteLoginView

urlpatterns = [
    path("login/", SiteLoginView.as_view(), name="login"),
    # Django's password reset with forms that refuse unreadable text; the task worker sends the email,
    # at most a few an hour per address and per client.
    path("password_reset/", SitePasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SiteSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
]
