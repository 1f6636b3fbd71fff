"""
The "Clinical leads" group: the clinic's own audit figures and export, and the intakes behind them.

This is the one place the group is defined.
"""

from functools import partial

from django.db import migrations

from footdrop_site.group_permissions import grant, revoke

CLINICAL_LEADS_PERMISSIONS = {
    "group": "Clinical leads",
    "app_label": "intake",
    "codenames": ["view_audit", "view_intake"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_outcome_rules_fired_fhir_access"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, **CLINICAL_LEADS_PERMISSIONS), partial(revoke, **CLINICAL_LEADS_PERMISSIONS)
        ),
    ]
