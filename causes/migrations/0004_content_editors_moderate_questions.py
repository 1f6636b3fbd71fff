"""Content editors moderate reader questions: they may view, change (approve, reject, reply) and delete them."""

from functools import partial

from django.db import migrations

from footdrop_site.group_permissions import grant, revoke

QUESTION_PERMISSIONS = {
    "group": "Content editors",
    "app_label": "causes",
    "codenames": ["view_question", "change_question", "delete_question"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0003_question"),
    ]

    operations = [
        migrations.RunPython(partial(grant, **QUESTION_PERMISSIONS), partial(revoke, **QUESTION_PERMISSIONS)),
    ]
