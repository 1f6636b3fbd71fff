from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Patient intake"

    def ready(self):
        from footdrop_site.staff_groups import grant_staff_permissions
        from intake import checks  # noqa: F401 - registers the deployment check

        post_migrate.connect(grant_staff_permissions, sender=self)
