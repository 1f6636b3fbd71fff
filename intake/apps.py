from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Patient intake"

    def ready(self):
        from accounts import sign_in_hooks
        from core.staff_groups import grant_staff_permissions
        from intake import checks  # noqa: F401 (registers the system checks)
        from intake.kept_answers import REFERENCE_FIELD
        from intake.views import kept_answers_context, resume_kept_answers

        post_migrate.connect(grant_staff_permissions, sender=self)
        # An intake sent after the session ended waits for its owner to sign in again (intake.kept_answers).
        sign_in_hooks.register(
            sign_in_hooks.Carry(field=REFERENCE_FIELD, context=kept_answers_context, resume=resume_kept_answers)
        )
