"""
Nothing a patient record depends on can be deleted from under it, and a backup restores every
intake with its suspected causes and its access log.
"""

import json
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError

from causes.models import Cause
from intake.models import Intake, IntakeAccess, SuspectedCause
from intake.services import intake_access_record, intake_create, referral_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspected(seeded, intake_staff):
    """A filed intake whose first suspected cause is therefore protected."""
    answers = {
        "patient_name": "Pat Example",
        "date_of_birth": "1950-01-01",
        "side": "left",
        "onset": "days",
        "leg_crossing_or_squatting": True,
        "recent_weight_loss": True,
    }
    intake, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    cause = intake.ranked_causes()[0]
    return intake, cause


def test_a_cause_an_intake_suspected_cannot_be_deleted(suspected):
    intake, cause = suspected
    with pytest.raises(ProtectedError):
        cause.delete()
    assert Cause.objects.filter(pk=cause.pk).exists()
    assert intake.ranked_causes()[0] == cause


def test_a_cause_no_intake_suspected_can_be_deleted(suspected):
    _intake, suspected_cause = suspected
    unused = Cause.objects.exclude(suspicions__isnull=False).exclude(questions__isnull=False).first()
    unused.delete()
    assert not Cause.objects.filter(pk=unused.pk).exists()
    assert Cause.objects.filter(pk=suspected_cause.pk).exists()


def test_the_admin_says_a_suspected_cause_cannot_be_deleted(client, superuser, suspected):
    _intake, cause = suspected
    client.force_login(superuser)
    url = f"/admin/causes/cause/{cause.pk}/delete/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cannot delete cause" in html
    assert "protected related objects" in html
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete cause" in response.content.decode()
    assert Cause.objects.filter(pk=cause.pk).exists()


def test_the_admin_bulk_delete_refuses_a_suspected_cause(client, superuser, suspected):
    _intake, cause = suspected
    client.force_login(superuser)
    data = {"action": "delete_selected", "_selected_action": [cause.pk], "post": "yes"}
    response = client.post("/admin/causes/cause/", data)
    assert response.status_code == 200
    assert "Cannot delete cause" in response.content.decode()
    assert Cause.objects.filter(pk=cause.pk).exists()


def test_an_intake_with_an_access_log_cannot_be_deleted(suspected, intake_staff):
    intake, _cause = suspected
    intake_access_record(intake=intake, user=intake_staff, page=IntakeAccess.Page.SUMMARY)
    with pytest.raises(ProtectedError):
        intake.delete()
    assert Intake.objects.filter(pk=intake.pk).exists()


def test_a_user_who_filed_intakes_cannot_be_deleted(suspected, intake_staff):
    with pytest.raises(ProtectedError):
        intake_staff.delete()


def test_the_admin_never_deletes_an_intake(client, superuser, suspected):
    intake, _cause = suspected
    client.force_login(superuser)
    response = client.post(f"/admin/intake/intake/{intake.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Intake.objects.filter(pk=intake.pk).exists()


def snapshot():
    return {
        "intakes": sorted(
            Intake.objects.values_list(
                "pk", "patient_name", "date_of_birth", "disposition", "level", "referral_destination"
            )
        ),
        "suspected": sorted(SuspectedCause.objects.values_list("intake_id", "cause__slug", "rank")),
        # JSON dumps keep times to the millisecond (native backups keep them exactly).
        "accesses": sorted(
            (intake_id, username, page, viewed_at.replace(microsecond=viewed_at.microsecond // 1000 * 1000))
            for intake_id, username, page, viewed_at in IntakeAccess.objects.values_list(
                "intake_id", "viewed_by__username", "page", "viewed_at"
            )
        ),
        "causes": sorted(Cause.objects.values_list("slug", "overview")),
    }


def test_a_dump_restores_every_intake_with_its_suspected_causes_and_access_log(
    tmp_path, suspected, intake_staff, superuser
):
    first, _cause = suspected
    emergency, _created = intake_create(
        answers={"patient_name": "Sam Sample", "date_of_birth": "1970-05-05", "side": "both", "onset": "sudden"},
        user=intake_staff,
        submission_token=uuid.uuid4(),
    )
    referral_record(intake=emergency, user=intake_staff, destination="Stroke unit")
    for intake in (first, emergency):
        intake_access_record(intake=intake, user=intake_staff, page=IntakeAccess.Page.SUMMARY)
    intake_access_record(intake=emergency, user=superuser, page=IntakeAccess.Page.REFERRAL)
    before = snapshot()
    assert len(before["intakes"]) == 2
    assert before["suspected"]
    assert len(before["accesses"]) == 3

    backup = tmp_path / "backup.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        f"--output={backup}",
        verbosity=0,
    )
    if connection.vendor == "postgresql":
        # Inside the test's transaction, foreign-key checks wait for the commit; TRUNCATE needs them done.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert Intake.objects.count() == 0
    assert Cause.objects.count() == 0

    call_command("loaddata", str(backup), verbosity=0)

    assert snapshot() == before
    restored = Intake.objects.get(pk=emergency.pk)
    assert restored.referral_made_by.username == "nurse"
    assert restored.created_by.has_perm("intake.add_intake")
    assert json.loads(backup.read_text())  # a readable, reviewable file
