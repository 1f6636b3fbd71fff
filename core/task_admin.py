"""
The task queue in the admin, for superusers only: every task result (waiting, running, done,
failed with its traceback), read-only. Tasks carry ids, not patient data, but what failed and
why is the site's operators' business, not the content editors'.
"""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


class SuperuserTaskResultAdmin(DBTaskResultAdmin):
    list_display = (*DBTaskResultAdmin.list_display, "exception_class_path")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


def use_superuser_task_admin(site: admin.AdminSite) -> None:
    """Swap in SuperuserTaskResultAdmin; called once the admin has loaded every app's admin module."""
    if site.is_registered(DBTaskResult):
        site.unregister(DBTaskResult)
    site.register(DBTaskResult, SuperuserTaskResultAdmin)
