"""
On PostgreSQL, the GIN index behind full-text search.

This migration used to make the staff groups too; they are now made, with their permissions,
after every migrate by core.staff_groups (a post_migrate receiver).
"""

from django.db import migrations


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
        migrations.RunPython(create_search_index, drop_search_index),
    ]
