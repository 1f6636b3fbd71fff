"""
The triage engine names causes by slug: those slugs are read-only in the admin, and a system
check (tagged `database`) fails when one of them is missing from the encyclopedia.
"""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from causes.models import Cause
from clinic.pathways import named_cause_slugs as engine_cause_slugs
from intake.checks import check_engine_cause_slugs_exist
from tests.conftest import make_cause
from tests.test_cause_admin import change_form_data
from tests.test_seed import REQUIRED_SLUGS

pytestmark = pytest.mark.django_db


def test_the_engine_names_its_pathways_causes_and_the_admin_knows_them():
    pathways = {"stroke", "cauda-equina-syndrome", "guillain-barre-syndrome", "compartment-syndrome"}
    assert pathways <= engine_cause_slugs()


def test_every_cause_the_engine_names_is_in_the_seed_files():
    assert engine_cause_slugs() <= REQUIRED_SLUGS


def test_the_slug_of_a_cause_the_engine_names_is_read_only(client, superuser, seeded):
    stroke = Cause.objects.get(slug="stroke")
    client.force_login(superuser)
    page = client.get(f"/admin/causes/cause/{stroke.pk}/change/").content.decode()
    assert 'name="slug"' not in page
    response = client.post(f"/admin/causes/cause/{stroke.pk}/change/", change_form_data(stroke, slug="brain-attack"))
    assert response.status_code == 302
    stroke.refresh_from_db()
    assert stroke.slug == "stroke"
    assert not hasattr(stroke, "draft")


def test_the_slug_of_another_cause_stays_editable(client, superuser, cause):
    client.force_login(superuser)
    assert 'name="slug"' in client.get(f"/admin/causes/cause/{cause.pk}/change/").content.decode()
    client.post(f"/admin/causes/cause/{cause.pk}/change/", change_form_data(cause, slug="renamed"))
    assert Cause.objects.get(pk=cause.pk).draft.changes == {"slug": "renamed"}


def test_the_check_passes_when_every_named_cause_exists(seeded):
    assert check_engine_cause_slugs_exist(databases=["default"]) == []
    call_command("check", "--database", "default", verbosity=0)


def test_the_check_fails_when_a_named_cause_was_renamed(seeded):
    Cause.objects.filter(slug="guillain-barre-syndrome").update(slug="gbs")
    errors = check_engine_cause_slugs_exist(databases=["default"])
    assert [error.id for error in errors] == ["intake.E001"]
    assert "guillain-barre-syndrome" in errors[0].msg
    with pytest.raises(SystemCheckError, match="guillain-barre-syndrome"):
        call_command("check", "--database", "default", verbosity=0)


def test_the_check_reads_no_database_unless_asked(seeded, django_assert_num_queries):
    Cause.objects.filter(slug="stroke").update(slug="brain-attack")
    with django_assert_num_queries(0):
        assert check_engine_cause_slugs_exist(databases=None) == []
    call_command("check", verbosity=0)  # as `check --deploy` runs in CI: no database, no error
    assert checks.Tags.database in check_engine_cause_slugs_exist.tags


def test_an_empty_encyclopedia_is_a_warning_to_load_it(db):
    make_cause()
    Cause.objects.all().delete()
    (warning,) = check_engine_cause_slugs_exist(databases=["default"])
    assert warning.level == checks.WARNING and "seed_encyclopedia" in warning.hint
