"""Staff groups, and on PostgreSQL the GIN index behind full-text search."""

from functools import partial

from django.db import migrations

from footdrop_site.group_permissions import grant, revoke

CONTENT_EDITOR_PERMISSIONS = {
    "group": "Content editors",
    "app_label": "causes",
    "codenames": ["add_cause", "change_cause", "view_cause", "view_historicalcause"],
}
# Made empty here; the intake app's migrations give it its permissions.
INTAKE_STAFF = {"group": "Intake staff", "app_label": "intake", "codenames": []}


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
        migrations.RunPython(
            partial(grant, **CONTENT_EDITOR_PERMISSIONS), partial(revoke, **CONTENT_EDITOR_PERMISSIONS)
        ),
        migrations.RunPython(partial(grant, **INTAKE_STAFF), migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
