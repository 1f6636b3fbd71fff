"""
The "Intake staff" group's permissions. Kept for the migration history: they are now given
after every migrate by core.staff_groups (a post_migrate receiver).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("causes", "0002_groups_and_search_index"),
    ]

    operations = []
