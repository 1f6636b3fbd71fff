"""
Giving the staff groups their permissions from data migrations.

These functions take the migration's historical `apps`, never the live models, so they
keep working as the models change.
"""

from django.contrib.auth.management import create_permissions


def _permissions(apps, using, app_label, codenames):
    # Permissions are normally made after all migrations have run; make them now so a group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    permission = apps.get_model("auth", "Permission")
    return permission.objects.using(using).filter(content_type__app_label=app_label, codename__in=codenames)


def grant(apps, schema_editor, *, group, app_label, codenames):
    using = schema_editor.connection.alias
    staff, _created = apps.get_model("auth", "Group").objects.using(using).get_or_create(name=group)
    staff.permissions.add(*_permissions(apps, using, app_label, codenames))


def revoke(apps, schema_editor, *, group, app_label, codenames):
    using = schema_editor.connection.alias
    for staff in apps.get_model("auth", "Group").objects.using(using).filter(name=group):
        staff.permissions.remove(*_permissions(apps, using, app_label, codenames))
