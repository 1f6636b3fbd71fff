from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Patient intake"

    def ready(self):
        from causes.named_slugs import name_slugs
        from footdrop_site.staff_groups import grant_staff_permissions
        from intake import checks  # registers the system checks

        post_migrate.connect(grant_staff_permissions, sender=self)
        # The causes admin shows the engine's slugs read-only (causes may not import intake).
        name_slugs(checks.engine_cause_slugs())
