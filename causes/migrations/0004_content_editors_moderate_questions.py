"""Content editors moderate reader questions: they may view, change (approve, reject, reply) and delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

QUESTION_PERMISSIONS = ["view_question", "change_question", "delete_question"]


def question_permissions(apps, using):
    # Permissions are normally made after all migrations; make them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.using(using).filter(content_type__app_label="causes", codename__in=QUESTION_PERMISSIONS)


def grant(apps, schema_editor):
    editors, _created = (
        apps.get_model("auth", "Group")
        .objects.using(schema_editor.connection.alias)
        .get_or_create(name="Content editors")
    )
    editors.permissions.add(*question_permissions(apps, schema_editor.connection.alias))


def revoke(apps, schema_editor):
    editors = (
        apps.get_model("auth", "Group")
        .objects.using(schema_editor.connection.alias)
        .filter(name="Content editors")
        .first()
    )
    if editors:
        editors.permissions.remove(*question_permissions(apps, schema_editor.connection.alias))


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0003_question"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
