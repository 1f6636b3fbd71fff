"""
The staff groups and the permissions each holds: one line per group in `STAFF_GROUPS`.

`grant_staff_permissions` runs after every `migrate` (and after the flush that ends a
transactional test), once per app, right after Django has made that app's permissions: it
makes the groups and gives them that app's permissions from the table. Running it again
changes nothing, and it never takes away a permission an administrator has added.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

CONTENT_EDITORS = "Content editors"
CLINICAL_REVIEWERS = "Clinical reviewers"

STAFF_GROUPS = {
    CONTENT_EDITORS: (
        *("causes.add_cause", "causes.change_cause", "causes.view_cause", "causes.view_historicalcause"),
        *("causes.view_question", "causes.change_question", "causes.delete_question"),
    ),
    "Intake staff": (
        *("intake.add_intake", "intake.view_intake", "intake.record_referral"),
        # The diagnosis confirmed at follow-up.
        *("intake.add_outcome", "intake.change_outcome", "intake.view_outcome"),
    ),
    # Clinical sign-off: approve an editor's draft of a cause, which publishes it.
    CLINICAL_REVIEWERS: ("causes.approve_cause", "causes.view_cause", "causes.view_historicalcause"),
    # The clinic's own audit figures and export, and the intakes behind them.
    "Clinical leads": ("intake.view_audit", "intake.view_intake"),
}


def grant_staff_permissions(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """A post_migrate receiver: the staff groups get the sending app's permissions from the table."""
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:  # Migrated back to before the auth tables.
        return
    app_permissions = permission_model.objects.using(using).filter(content_type__app_label=sender.label)
    for name, permissions in STAFF_GROUPS.items():
        codenames = [permission.split(".")[1] for permission in permissions if permission.split(".")[0] == sender.label]
        if codenames:
            group, _created = group_model.objects.using(using).get_or_create(name=name)
            group.permissions.add(*app_permissions.filter(codename__in=codenames))
