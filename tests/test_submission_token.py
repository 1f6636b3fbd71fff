"""
A submission token finds an intake only for the same form sent again: the same person with the
same answers. A used token with another patient files that patient; a chosen or replayed token
never leads to another patient's intake.
"""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from intake.models import Intake
from intake.services import intake_create
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_nurse_client(django_user_model):
    user = django_user_model.objects.create_user("nurse2", "nurse2@example.com", "correct horse battery")
    user.groups.add(Group.objects.get(name="Intake staff"))
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_same_answers_sent_again_go_to_the_same_intake(staff_client, seeded):
    data = intake_post_data(patient_name="Rita Replay")
    first = staff_client.post("/intake/new/", data)
    second = staff_client.post("/intake/new/", data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"] == Intake.objects.get().get_absolute_url()


def test_a_used_token_with_another_patient_files_that_patient_and_never_leads_to_the_first(staff_client, seeded):
    first = intake_post_data(patient_name="Fay First", onset="gradual")
    staff_client.post("/intake/new/", first)
    second = intake_post_data(
        patient_name="Sid Second", onset="gradual", stroke_signs=True, submission_token=first["submission_token"]
    )
    response = staff_client.post("/intake/new/", second)
    filed = Intake.objects.get(patient_name="Sid Second")
    assert response.status_code == 303
    assert response["Location"] == filed.get_referral_url()
    assert filed.is_emergency and filed.stroke_signs is True
    assert Intake.objects.filter(patient_name="Fay First").count() == 1


def test_another_persons_token_with_the_same_answers_files_their_own_intake(staff_client, other_nurse_client, seeded):
    data = intake_post_data(patient_name="Tom Token")
    mine = staff_client.post("/intake/new/", data)
    theirs = other_nurse_client.post("/intake/new/", data)
    assert Intake.objects.count() == 2
    assert mine["Location"] != theirs["Location"]
    assert {intake.created_by.username for intake in Intake.objects.all()} == {"nurse", "nurse2"}


def test_a_chosen_token_cannot_capture_an_existing_intake(intake_staff, seeded):
    token = uuid.uuid4()
    answers = {"patient_name": "Ann Apple", "date_of_birth": "1961-03-27", "side": "left", "onset": "gradual"}
    original, created = intake_create(answers=answers, user=intake_staff, submission_token=token)
    assert created
    changed, created_again = intake_create(
        answers={**answers, "patient_name": "Bob Banana"}, user=intake_staff, submission_token=token
    )
    assert created_again and changed.pk != original.pk
    replayed, replay_created = intake_create(answers=answers, user=intake_staff, submission_token=token)
    assert not replay_created and replayed.pk == original.pk
