"""The staff groups come from one table, are made after every migrate, and come back after a flush."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from core.staff_groups import STAFF_GROUPS


def group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
        }
        for group in Group.objects.prefetch_related("permissions")
    }


@pytest.mark.django_db
def test_each_staff_group_holds_exactly_the_permissions_in_the_table():
    assert group_permissions() == {name: set(permissions) for name, permissions in STAFF_GROUPS.items()}


@pytest.mark.django_db
def test_every_permission_in_the_table_exists():
    for permissions in STAFF_GROUPS.values():
        for permission in permissions:
            app_label, codename = permission.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), permission


@pytest.mark.django_db
def test_migrating_again_changes_nothing():
    before = group_permissions()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert group_permissions() == before
    assert Group.objects.count() == len(STAFF_GROUPS)


@pytest.mark.django_db
def test_a_deleted_group_is_made_again_with_its_permissions_and_an_added_permission_is_kept():
    Group.objects.get(name="Intake staff").delete()
    editors = Group.objects.get(name="Content editors")
    editors.permissions.add(Permission.objects.get(codename="view_user"))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    permissions = group_permissions()
    assert permissions["Intake staff"] == set(STAFF_GROUPS["Intake staff"])
    assert permissions["Content editors"] == {*STAFF_GROUPS["Content editors"], "auth.view_user"}


@pytest.mark.django_db(transaction=True)
def test_the_groups_come_back_after_the_database_is_emptied():
    call_command("flush", interactive=False, verbosity=0)
    assert group_permissions() == {name: set(permissions) for name, permissions in STAFF_GROUPS.items()}
