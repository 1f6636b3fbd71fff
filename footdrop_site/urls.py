"""Root URLs: the encyclopedia, the intake pages, accounts, admin and health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from causes.cache import public_page
from causes.views import home
from footdrop_site import views
from footdrop_site.forms import SiteSetPasswordForm
from footdrop_site.password_reset import SitePasswordResetView

urlpatterns = [
    path("", home, name="home"),
    path("", include("causes.urls")),
    path("intake/", include("intake.urls")),
    path("check/", include("intake.check_urls")),
    path("about/", public_page(TemplateView.as_view(template_name="about.html")), name="about"),
    path("accounts/login/", views.SiteLoginView.as_view(), name="login"),
    # Django's password reset with forms that refuse unreadable text; the task worker sends the email,
    # at most a few an hour per address and per client.
    path("accounts/password_reset/", SitePasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SiteSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
