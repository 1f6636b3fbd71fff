"""Give the "Intake staff" group what it needs to file intakes and record referrals."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INTAKE_STAFF_PERMISSIONS = ["add_intake", "view_intake", "record_referral"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _created = Group.objects.get_or_create(name="Intake staff")
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="intake", codename__in=INTAKE_STAFF_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Intake staff"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="intake", codename__in=INTAKE_STAFF_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("causes", "0002_groups_and_search_index"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
