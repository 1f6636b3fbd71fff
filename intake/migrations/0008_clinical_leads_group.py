"""
The "Clinical leads" group (the clinic's own audit figures and export, and the intakes behind
them), defined here and nowhere else; and intake staff may record outcomes at follow-up.
"""

from functools import partial

from django.db import migrations

from footdrop_site.group_permissions import grant, revoke

CLINICAL_LEADS_PERMISSIONS = {
    "group": "Clinical leads",
    "app_label": "intake",
    "codenames": ["view_audit", "view_intake"],
}

INTAKE_STAFF_OUTCOME_PERMISSIONS = {
    "group": "Intake staff",
    "app_label": "intake",
    "codenames": ["add_outcome", "change_outcome", "view_outcome"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_outcome_fhir_access"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, **CLINICAL_LEADS_PERMISSIONS), partial(revoke, **CLINICAL_LEADS_PERMISSIONS)
        ),
        migrations.RunPython(
            partial(grant, **INTAKE_STAFF_OUTCOME_PERMISSIONS), partial(revoke, **INTAKE_STAFF_OUTCOME_PERMISSIONS)
        ),
    ]
