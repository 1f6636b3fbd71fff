"""Give the "Intake staff" group what it needs to file intakes and record referrals."""

from functools import partial

from django.db import migrations

from footdrop_site.group_permissions import grant, revoke

INTAKE_STAFF_PERMISSIONS = {
    "group": "Intake staff",
    "app_label": "intake",
    "codenames": ["add_intake", "view_intake", "record_referral"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("causes", "0002_groups_and_search_index"),
    ]

    operations = [
        migrations.RunPython(partial(grant, **INTAKE_STAFF_PERMISSIONS), partial(revoke, **INTAKE_STAFF_PERMISSIONS)),
    ]
