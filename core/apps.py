"""The shared app's configuration, and Django's admin on the site's own admin site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    """What every app shares: forms that refuse unreadable text, the request guards, log privacy, tasks."""

    name = "core"
    verbose_name = "Core"


class SiteAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site's own admin site (core.admin_site)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin; "core" is CoreConfig
    default_site = "core.admin_site.FootDropAdminSite"

    def ready(self):
        super().ready()  # loads every app's admin module
        from django.contrib import admin

        from core.task_admin import use_superuser_task_admin
        from core.user_admin import use_staff_user_admin

        use_staff_user_admin(admin.site)
        use_superuser_task_admin(admin.site)
