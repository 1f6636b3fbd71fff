"""
Content editors moderate reader questions. Kept for the migration history: the permissions are
now given after every migrate by core.staff_groups (a post_migrate receiver).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("causes", "0003_question"),
    ]

    operations = []
