from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    """Django's admin, on the site's own admin site (footdrop_site.admin_site)."""

    default_site = "footdrop_site.admin_site.FootDropAdminSite"

    def ready(self):
        super().ready()  # loads every app's admin module
        from django.contrib import admin

        from footdrop_site.task_admin import use_superuser_task_admin
        from footdrop_site.user_admin import use_staff_user_admin

        use_staff_user_admin(admin.site)
        use_superuser_task_admin(admin.site)
