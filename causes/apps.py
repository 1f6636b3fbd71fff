from django.apps import AppConfig


class CausesConfig(AppConfig):
    name = "causes"
    verbose_name = "Cause encyclopedia"

    def ready(self):
        from causes import signals  # noqa: F401 - connects the cache-clearing receivers.
