import datetime
import html
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

import clinic
from intake.forms import IntakeForm, answered_yes
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
            onset="gradual",
            course="stable",
            leg_crossing_or_squatting=True,
            dorsiflexion_mrc=4,
            eversion_mrc=4,
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
    # Unticked and no "asked about every one" confirmation: not asked, never "no".
    assert intake.bladder_bowel is True and intake.saddle_numbness is None
    assert intake.hospital_number == "H123" and intake.notes == "Seen at 9."
    assert intake.reasons and intake.referrals
    assert intake.referrals[0]["destination"]
    assert intake.ranked_causes()[0].slug == "cauda-equina-syndrome"


def dob(day: str, month: str, year: str) -> dict:
    """The three date-of-birth boxes as a person typed them."""
    return {"date_of_birth": None, "date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


@pytest.mark.parametrize(
    "field, answers, message",
    [
        ("patient_name", {"patient_name": ""}, "Enter the patient's full name"),
        ("patient_name", {"patient_name": "   "}, "Enter the patient's full name"),
        ("date_of_birth", dob("", "", ""), "Enter the patient's date of birth, or tick “Date of birth not known”"),
        ("date_of_birth", dob("27", "", "1961"), "Date of birth must include a month"),
        ("date_of_birth", dob("", "", "1961"), "Date of birth must include a day and month"),
        ("date_of_birth", dob("27", "3", ""), "Date of birth must include a year"),
        ("date_of_birth", dob("27", "13", "1961"), "Date of birth must be a real date"),
        ("date_of_birth", dob("31", "2", "1961"), "Date of birth must be a real date"),
        ("date_of_birth", dob("2x", "3", "1961"), "Date of birth must be a real date"),
        ("date_of_birth", dob("٢", "3", "1961"), "Date of birth must be a real date"),
        ("date_of_birth", dob("27", "3", "61"), "Enter the year as 4 numbers"),
        ("date_of_birth", dob("1", "1", "2099"), "Date of birth must be in the past"),
        ("date_of_birth", dob("1", "1", "1850"), "Date of birth must be after"),
        ("estimated_age", {"date_of_birth_not_known": True}, "Enter the patient's estimated age in years"),
        ("estimated_age", {"date_of_birth_not_known": True, "estimated_age": "about 70"}, "as a whole number"),
        ("estimated_age", {"date_of_birth_not_known": True, "estimated_age": "70.5"}, "as a whole number"),
        ("estimated_age", {"date_of_birth_not_known": True, "estimated_age": "121"}, "must be 120 or less"),
        ("estimated_age", {"date_of_birth_not_known": True, "estimated_age": "-1"}, "must be 0 or more"),
        ("side", {"side": ""}, "Select which leg is affected"),
        ("side", {"side": "middle"}, "Select one of the choices for side affected"),
        ("onset", {"onset": ""}, "Select how quickly the foot drop came on"),
        ("onset", {"onset": "yesterday"}, "Select one of the choices for onset"),
        ("dorsiflexion_mrc", {"dorsiflexion_mrc": "7"}, "Select one of the choices for ankle dorsiflexion"),
        ("ankle_reflex", {"ankle_reflex": "wobbly"}, "Select one of the choices for ankle reflex"),
        ("patient_name", {"patient_name": "A" * 201}, "Patient's name must be 200 characters or fewer"),
        ("patient_name", {"patient_name": "Null\x00byte"}, "Remove the null character from patient's name"),
    ],
)
def test_bad_input_gets_a_message_on_its_field_that_says_what_to_do_and_nothing_is_saved(
    staff_client, field, answers, message
):
    response = staff_client.post("/intake/new/", intake_post_data(**answers))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    page = response.content.decode()
    assert "This field is required" not in page
    # The error summary links to the field's own first input, so following the link puts the focus there.
    first_input = {"side": "id_side_0", "onset": "id_onset_0", "date_of_birth": "id_date_of_birth_0"}
    target = first_input.get(field, f"id_{field}")
    assert f'href="#{target}"' in page and f'id="{target}"' in page
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


def test_a_uk_date_typed_into_the_three_boxes_is_stored_as_that_day(staff_client, seeded):
    data = intake_post_data(**dob("5", "03", "1981"))
    assert staff_client.post("/intake/new/", data).status_code == 303
    assert Intake.objects.get().date_of_birth == datetime.date(1981, 3, 5)


def test_the_three_boxes_are_labelled_numeric_and_share_one_hint(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        box = page.split(f'name="date_of_birth_{part}"')[1].split(">")[0]
        assert 'inputmode="numeric"' in box
        box_id = box.split('id="')[1].split('"')[0]
        assert f'<label class="form-label" for="{box_id}">{label}</label>' in page
    assert page.count("For example, 27 3 1961") == 1
    assert 'type="date"' not in page


def test_an_unknown_date_of_birth_is_filed_with_the_estimated_age(staff_client, seeded):
    data = intake_post_data(onset="sudden", date_of_birth_not_known=True, estimated_age="70", **dob("", "", ""))
    assert staff_client.post("/intake/new/", data).status_code == 303
    intake = Intake.objects.get()
    assert intake.date_of_birth is None and intake.estimated_age == 70


def test_ticking_not_known_sets_half_typed_boxes_aside(staff_client, seeded):
    data = intake_post_data(date_of_birth_not_known=True, estimated_age="45", **dob("3", "", ""))
    assert staff_client.post("/intake/new/", data).status_code == 303
    intake = Intake.objects.get()
    assert intake.date_of_birth is None and intake.estimated_age == 45


def test_an_age_typed_without_ticking_not_known_gives_way_to_the_date_of_birth(staff_client, seeded):
    assert staff_client.post("/intake/new/", intake_post_data(estimated_age="45")).status_code == 303
    intake = Intake.objects.get()
    assert intake.date_of_birth == datetime.date(1961, 3, 27) and intake.estimated_age is None


@pytest.mark.parametrize(
    "date_of_birth, estimated_age",
    [(None, None), (datetime.date(1961, 3, 27), 70), (None, 121)],
)
def test_the_database_keeps_exactly_one_of_date_of_birth_and_estimated_age(intake_staff, date_of_birth, estimated_age):
    intake = Intake(
        created_by=intake_staff,
        submission_token=uuid.uuid4(),
        patient_name="Alex Example",
        date_of_birth=date_of_birth,
        estimated_age=estimated_age,
        side="left",
        onset="gradual",
        disposition="routine",
        level="unknown",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        intake.save(force_insert=True)


@pytest.mark.parametrize(
    "answers, red_flags",
    [
        ({"onset": "sudden", "patient_name": ""}, []),
        ({"stroke_signs": True, "patient_name": ""}, ["stroke_signs"]),
        ({"bladder_bowel": True, "saddle_numbness": True, "side": ""}, ["bladder_bowel", "saddle_numbness"]),
    ],
)
def test_an_emergency_answer_on_a_refused_form_leads_with_the_act_now_box(staff_client, answers, red_flags):
    response = staff_client.post("/intake/new/", intake_post_data(**answers))
    assert response.status_code == 400
    page = response.content.decode()
    fields = response.context["form"].fields
    sudden = ["Sudden onset"] if answers.get("onset") == "sudden" else []
    expected = sudden + [fields[name].label for name in red_flags]
    act_now = page.split('id="act-now"')[1].split("</section>")[0]
    assert act_now.count("<li>") == len(expected)
    for label in expected:
        assert html.escape(str(label)) in act_now
    assert "call 999" in act_now.lower()
    assert page.index('id="act-now"') < page.index("There is a problem")
    assert not Intake.objects.exists()


def test_a_refused_form_without_an_emergency_answer_has_no_act_now_box(staff_client):
    response = staff_client.post("/intake/new/", intake_post_data(patient_name="", onset="days"))
    assert response.status_code == 400
    assert 'id="act-now"' not in response.content.decode()


@pytest.mark.parametrize("red_flag", clinic.RED_FLAGS)
def test_every_red_flag_of_the_triage_engine_answered_yes_raises_act_now(red_flag):
    data = intake_post_data(patient_name="", **{red_flag: True})
    form = IntakeForm(data)
    assert not form.is_valid()
    assert form.emergency_answers() == [form.fields[red_flag].label]


@pytest.mark.parametrize(
    "value, expected",
    [(True, True), ("yes", True), ("True", True), (False, False), (None, False), ("no", False), ("", False)],
)
def test_a_yes_is_read_whatever_form_the_question_takes(value, expected):
    assert answered_yes(value) is expected


def test_the_date_of_birth_is_marked_required_like_the_other_required_answers(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    for name in ("patient_name", "date_of_birth", "side", "onset"):
        marker = page.split(f'id="div_id_{name}"')[1].split("</legend>" if name != "patient_name" else "</label>")[0]
        assert '<span class="asteriskField">*</span>' in marker, name
    hospital_number = page.split('id="div_id_hospital_number"')[1].split("</label>")[0]
    assert "asteriskField" not in hospital_number


@pytest.mark.parametrize("word", ["engine", "encyclopedia"])
def test_staff_pages_speak_of_the_triage_and_the_site_not_the_engine_or_the_encyclopedia(
    client, seeded, intake_staff, clinical_lead, word
):
    from django.utils.html import strip_tags

    from tests.conftest import file_intake

    intake = file_intake(intake_staff, onset="sudden")
    routine = file_intake(intake_staff, onset="unknown")
    pages = {intake_staff: ["/intake/", "/intake/new/", intake.get_absolute_url(), intake.get_referral_url()]}
    pages[intake_staff] += [routine.get_absolute_url(), f"/intake/{intake.pk}/outcome/"]
    pages[clinical_lead] = ["/intake/audit/"]
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            main = client.get(url).content.decode().split("<main")[1].split("</main>")[0]
            assert word not in strip_tags(main).lower(), url
