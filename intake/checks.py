"""Deployment check: a production site with no on-call addresses would tell no one of an emergency."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def oncall_addresses_set(app_configs, **kwargs):
    if settings.ONCALL_EMAILS:
        return []
    return [
        checks.Warning(
            "ONCALL_EMAILS is empty: no one is emailed when an emergency is filed or its referral is overdue.",
            hint="Set ONCALL_EMAILS to the on-call clinicians' addresses, comma-separated (README: On-call).",
            id="intake.W001",
        )
    ]
