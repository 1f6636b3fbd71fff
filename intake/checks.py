"""
The intake's system checks.

The triage engine names causes by slug (its emergency pathways); a check makes sure each one is
in the encyclopedia. It reads the database, so it is tagged `database`: `manage.py check
--database default` (and `migrate`) run it, while `check --deploy` without a database does not.
A deployment check warns when no on-call address is set: no one would be told of an emergency.
"""

from django.conf import settings
from django.core import checks
from django.db import connections

from clinic.pathways import named_cause_slugs


@checks.register(checks.Tags.database)
def check_engine_cause_slugs_exist(app_configs=None, databases=None, **kwargs):
    from causes.models import Cause

    errors = []
    for alias in databases or ():
        if Cause._meta.db_table not in connections[alias].introspection.table_names():
            continue  # Not migrated yet: nothing to check until the encyclopedia has a table.
        existing = set(Cause.objects.using(alias).values_list("slug", flat=True))
        if not existing:
            errors.append(
                checks.Warning(
                    f"The encyclopedia in database '{alias}' is empty.",
                    hint="Load it: manage.py seed_encyclopedia.",
                    id="intake.W001",
                )
            )
            continue
        errors.extend(
            checks.Error(
                f"The triage engine names the cause '{slug}', which is not in database '{alias}'.",
                hint="Give the cause this slug again (rename it back), or change the engine's pathway in review.",
                id="intake.E001",
            )
            for slug in sorted(named_cause_slugs() - existing)
        )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def oncall_addresses_set(app_configs, **kwargs):
    if settings.ONCALL_EMAILS:
        return []
    return [
        checks.Warning(
            "ONCALL_EMAILS is empty: no one is emailed when an emergency is filed or its referral is overdue.",
            hint="Set ONCALL_EMAILS to the on-call clinicians' addresses, comma-separated (README: On-call).",
            id="intake.W002",
        )
    ]
