import uuid

import pytest
from django.utils import timezone

from intake.models import Intake
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db


def test_the_form_shows_every_section_in_the_order_a_clinician_works(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    order = ["Patient", "Presentation", "Red flags", "History", "Examination", "Notes"]
    positions = [page.index(f"<legend>{title}") for title in order]
    assert positions == sorted(positions)
    assert "Select an option" not in page
    assert 'name="submission_token"' in page
    for name in ("dorsiflexion_mrc", "inversion_mrc", "ankle_reflex", "babinski", "sensory_loss", "fibular_tinel"):
        assert f'name="{name}"' in page


def test_four_answers_are_enough_to_file_an_emergency(staff_client, seeded):
    response = staff_client.post("/intake/new/", intake_post_data(onset="sudden"))
    intake = Intake.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/intake/{intake.pk}/referral/"
    assert intake.disposition == "emergency"


def test_a_routine_intake_goes_to_its_summary(staff_client, seeded):
    response = staff_client.post(
        "/intake/new/",
        intake_post_data(
            onset="days",
            course="stable",
            leg_crossing_or_squatting=True,
            dorsiflexion_mrc=2,
            eversion_mrc=3,
            inversion_mrc=5,
            hip_abduction_mrc=5,
            fibular_tinel="yes",
        ),
    )
    intake = Intake.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/intake/{intake.pk}/"
    assert intake.disposition == "routine"
    assert intake.level == "peroneal"
    assert intake.ranked_causes()[0].slug == "common-peroneal-neuropathy"


def test_the_answers_and_the_assessment_are_stored(staff_client, seeded, intake_staff):
    staff_client.post(
        "/intake/new/", intake_post_data(onset="days", bladder_bowel=True, hospital_number="H123", notes="Seen at 9.")
    )
    intake = Intake.objects.get()
    assert intake.created_by == intake_staff
    assert intake.bladder_bowel is True and intake.saddle_numbness is False
    assert intake.hospital_number == "H123" and intake.notes == "Seen at 9."
    assert intake.reasons and intake.referrals
    assert intake.referrals[0]["destination"]
    assert intake.ranked_causes()[0].slug == "cauda-equina-syndrome"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("patient_name", "", "This field is required."),
        ("patient_name", "   ", "This field is required."),
        ("date_of_birth", "", "This field is required."),
        ("date_of_birth", "27/13/1961", "Enter a valid date."),
        ("date_of_birth", "2099-01-01", "cannot be in the future"),
        ("date_of_birth", "1850-01-01", "older than 120"),
        ("side", "", "This field is required."),
        ("side", "middle", "Select a valid choice."),
        ("onset", "", "This field is required."),
        ("onset", "yesterday", "Select a valid choice."),
        ("dorsiflexion_mrc", "7", "Select a valid choice."),
        ("ankle_reflex", "wobbly", "Select a valid choice."),
        ("patient_name", "A" * 201, "at most 200 characters"),
        ("patient_name", "Null\x00byte", "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_a_message_on_its_field_and_nothing_is_saved(staff_client, field, value, message):
    response = staff_client.post("/intake/new/", intake_post_data(**{field: value}))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert f'href="#div_id_{field}"' in response.content.decode()
    assert not Intake.objects.exists()


def test_bad_input_keeps_what_was_typed(staff_client):
    response = staff_client.post("/intake/new/", intake_post_data(onset="", hospital_number="H555", notes="Keep me"))
    page = response.content.decode()
    assert 'value="H555"' in page and "Keep me" in page


def test_a_missing_submission_token_is_refused_without_saving(staff_client):
    data = intake_post_data()
    del data["submission_token"]
    response = staff_client.post("/intake/new/", data)
    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_a_double_submitted_form_files_one_intake(staff_client, seeded):
    data = intake_post_data(onset="sudden")
    first = staff_client.post("/intake/new/", data)
    second = staff_client.post("/intake/new/", data)
    assert Intake.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_date_of_birth_may_be_today(staff_client, seeded):
    today = timezone.localdate().isoformat()
    response = staff_client.post("/intake/new/", intake_post_data(date_of_birth=today))
    assert response.status_code == 303


def test_every_answer_blank_but_the_required_four_is_accepted(staff_client, seeded):
    data = intake_post_data(onset="unknown", submission_token=str(uuid.uuid4()))
    response = staff_client.post("/intake/new/", data)
    intake = Intake.objects.get()
    assert response.status_code == 303
    assert intake.disposition != "routine"
    assert intake.dorsiflexion_mrc is None and intake.ankle_reflex == ""


def test_each_blank_form_carries_its_own_submission_token(staff_client):
    tokens = set()
    for _attempt in range(2):
        page = staff_client.get("/intake/new/").content.decode()
        assert page.count('name="submission_token"') == 1
        tokens.add(page.split('name="submission_token" value="')[1].split('"')[0])
    assert len(tokens) == 2


def test_every_staff_member_gets_a_working_csrf_token_from_the_cached_blank_form(django_user_model):
    """The blank form's rendering is cached: no token of one visitor may be cached into it."""
    from django.contrib.auth.models import Group
    from django.test import Client

    for name in ("first", "second"):
        user = django_user_model.objects.create_user(name, password="correct horse battery")
        user.groups.add(Group.objects.get(name="Intake staff"))
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        page = browser.get("/intake/new/").content.decode().split('action="/intake/new/"')[1]
        assert page.count('name="csrfmiddlewaretoken"') == 1
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        submission = page.split('name="submission_token" value="')[1].split('"')[0]
        data = intake_post_data(submission_token=submission, csrfmiddlewaretoken=token)
        assert browser.post("/intake/new/", data).status_code == 303, name
    assert Intake.objects.count() == 2
