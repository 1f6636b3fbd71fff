"""Root URLs: the encyclopedia, the intake pages, accounts, admin and health check."""

from django.contrib import admin
from django.urls import include, path

from causes.views import home
from footdrop_site import views

urlpatterns = [
    path("", home, name="home"),
    path("", include("causes.urls")),
    path("intake/", include("intake.urls")),
    path("accounts/login/", views.SiteLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
