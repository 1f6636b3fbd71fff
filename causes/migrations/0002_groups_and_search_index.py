"""Staff groups, and on PostgreSQL the GIN index behind full-text search."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_EDITOR_PERMISSIONS = [
    "add_cause",
    "change_cause",
    "view_cause",
    "view_historicalcause",
]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Content editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="causes", codename__in=CONTENT_EDITOR_PERMISSIONS)
    )
    Group.objects.get_or_create(name="Intake staff")


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Content editors", "Intake staff"]).delete()


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS causes_cause_search_vector_gin ON causes_cause USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS causes_cause_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
