import importlib

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_normalising_migration_cleans_the_text_and_its_history_once_and_keeps_seed_checksums(seeded):
    from django.apps import apps

    from causes.models import Cause
    from causes.seed import seed_encyclopedia

    normalising = importlib.import_module("causes.migrations.0009_normalise_cause_text")
    stroke = Cause.objects.get(slug="stroke")
    # As the admin used to store a browser's text: CRLF line endings and trailing spaces.
    Cause.objects.filter(pk=stroke.pk).update(overview=stroke.overview.replace("\n", "  \r\n") + "\r\n")
    stroke.history.update(symptoms=stroke.symptoms.replace("\n", "\r\n"))

    normalising.normalise_cause_text(apps, schema_editor=None)

    assert Cause.objects.get(pk=stroke.pk).overview == stroke.overview
    assert stroke.history.get().symptoms == stroke.symptoms
    report = seed_encyclopedia()
    assert "stroke" in report.unchanged and not report.kept_editor_changes
