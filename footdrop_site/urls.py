"""Root URLs: the encyclopedia, the intake pages, accounts, admin and health check."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from causes.cache import public_page
from causes.views import home
from core.views import healthz

urlpatterns = [
    path("", home, name="home"),
    path("", include("causes.urls")),
    path("intake/", include("intake.urls")),
    path("check/", include("intake.check_urls")),
    path("about/", public_page(TemplateView.as_view(template_name="about.html")), name="about"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
