from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CausesConfig(AppConfig):
    name = "causes"
    verbose_name = "Cause encyclopedia"

    def ready(self):
        from causes import signals  # noqa: F401 - connects the cache-clearing receivers.
        from causes.search_index import rebuild_search_index
        from core.staff_groups import grant_staff_permissions

        post_migrate.connect(grant_staff_permissions, sender=self)
        post_migrate.connect(rebuild_search_index, sender=self)
