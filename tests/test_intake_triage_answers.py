"""The intake's triage answers: red flags yes / no / not asked, the new findings, and the time last known well."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

import clinic
from intake.models import Intake
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db


def test_the_form_carries_the_new_answers_in_their_fieldsets(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    for name in ("last_known_well_day", "last_known_well_time", "recent_leg_injury", "headache_or_seizure"):
        assert f'name="{name}"' in page
    positions = [page.index(f'name="{name}"') for name in ("onset", "last_known_well_day", "stroke_signs")]
    assert positions == sorted(positions)
    red_flags = page.index("<legend>Red flags")
    assert red_flags < page.index('name="anticoagulant_pain"') < page.index("<legend>History")
    assert page.index("<legend>Examination") < page.index('name="sensory_level"') < page.index('name="fasciculations"')


def test_no_date_time_or_calendar_input_is_left_on_the_form(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    assert not re.search(r'type="(date|datetime-local|time)"', page)


def test_each_red_flag_has_its_own_yes_no_and_not_asked_answer_and_starts_not_asked(staff_client):
    page = staff_client.get("/intake/new/").content.decode()
    assert "red_flags_all_asked" not in page
    for flag in clinic.RED_FLAGS:
        radios = re.findall(rf'<input type="radio"[^>]*name="{flag}"[^>]*>', page)
        assert [re.search(r'value="(\w+)"', radio)[1] for radio in radios] == ["yes", "no", "not_asked"]
        assert [" checked" in radio for radio in radios] == [False, False, True]


def test_red_flags_left_unticked_are_stored_as_not_asked(staff_client, seeded):
    staff_client.post("/intake/new/", intake_post_data(course="stable"))
    intake = Intake.objects.get()
    assert all(getattr(intake, flag) is None for flag in clinic.RED_FLAGS)
    assert "red_flags_not_asked" in intake.rules_fired


def test_each_red_flag_is_stored_as_answered_yes_no_or_not_asked(staff_client, seeded):
    answers = dict.fromkeys(clinic.RED_FLAGS[:5], "no") | dict.fromkeys(clinic.RED_FLAGS[5:], "not_asked")
    staff_client.post("/intake/new/", intake_post_data(course="stable", **answers | {"cancer_back_pain": "yes"}))
    intake = Intake.objects.get()
    assert intake.cancer_back_pain is True
    assert all(getattr(intake, flag) is False for flag in clinic.RED_FLAGS[:5])
    assert all(getattr(intake, flag) is None for flag in clinic.RED_FLAGS[5:] if flag != "cancer_back_pain")
    assert "red_flags_not_asked" in intake.rules_fired
    assert intake.disposition == "emergency"


def test_every_red_flag_answered_no_is_stored_as_no_and_nothing_is_left_not_asked(staff_client, seeded):
    staff_client.post("/intake/new/", intake_post_data(course="stable", **dict.fromkeys(clinic.RED_FLAGS, "no")))
    intake = Intake.objects.get()
    assert all(getattr(intake, flag) is False for flag in clinic.RED_FLAGS)
    assert "red_flags_not_asked" not in intake.rules_fired


@pytest.mark.parametrize("value", ["maybe", "2", "YES!"])
def test_a_red_flag_answer_outside_its_choices_is_refused_on_its_field(staff_client, seeded, value):
    response = staff_client.post("/intake/new/", intake_post_data(bladder_bowel=value))
    assert response.status_code == 400
    assert response.context["form"].errors["bladder_bowel"] == [
        "Select yes, no or not asked for new bladder or bowel trouble"
    ]
    assert not Intake.objects.exists()


def test_the_new_answers_are_stored_and_triaged(staff_client, seeded):
    well = (timezone.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    staff_client.post(
        "/intake/new/",
        intake_post_data(
            side="both",
            onset="days",
            last_known_well=timezone.localtime(well).strftime("%Y-%m-%dT%H:%M"),
            headache_or_seizure=True,
            sensory_level="yes",
            fasciculations="no",
            knee_reflex="brisk",
        ),
    )
    intake = Intake.objects.get()
    assert intake.last_known_well == well
    assert intake.headache_or_seizure is True and (intake.sensory_level, intake.fasciculations) == ("yes", "no")
    assert intake.disposition == "emergency" and "spinal_cord_pattern" in intake.rules_fired
    assert {"suspect", "destination", "timeframe"} <= set(intake.referrals[0])


def test_a_time_last_known_well_in_the_future_is_refused_on_its_field_and_nothing_is_saved(staff_client, seeded):
    future = timezone.localtime(timezone.now() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post("/intake/new/", intake_post_data(onset="sudden", last_known_well=future))
    assert response.status_code == 400
    assert response.context["form"].errors["last_known_well"] == ["The time last known well cannot be in the future."]
    assert not Intake.objects.exists()


def test_a_time_last_known_well_more_than_30_days_before_filing_is_refused(staff_client, seeded):
    long_ago = timezone.now() - timedelta(days=30, hours=1)
    response = staff_client.post("/intake/new/", intake_post_data(onset="sudden", last_known_well=long_ago))
    assert response.status_code == 400
    assert response.context["form"].errors["last_known_well"] == [
        "The time last known well must be within the last 30 days: check the date"
    ]
    assert not Intake.objects.exists()


def test_the_boxes_are_read_the_uk_way_round_on_the_24_hour_clock(staff_client, seeded):
    well = timezone.localtime(timezone.now() - timedelta(days=2)).replace(hour=6, minute=10, second=0, microsecond=0)
    boxes = {"day": well.day, "month": well.month, "year": well.year, "time": "0610"}
    staff_client.post(
        "/intake/new/", intake_post_data(**{f"last_known_well_{part}": str(v) for part, v in boxes.items()})
    )
    assert Intake.objects.get().last_known_well == well


@pytest.mark.parametrize(
    "boxes, message",
    [
        ({"day": "5", "month": "12", "year": "2026", "time": ""}, "Enter the time as well as the date"),
        ({"day": "", "month": "", "year": "", "time": "14:30"}, "Last known well must include a day, month and year"),
        ({"day": "5", "month": "12", "year": "2026", "time": "2:30pm"}, "on the 24-hour clock"),
        ({"day": "5", "month": "12", "year": "2026", "time": "25:00"}, "on the 24-hour clock"),
        ({"day": "31", "month": "11", "year": "2026", "time": "10:00"}, "Last known well must be a real date"),
        ({"day": "5", "month": "12", "year": "26", "time": "10:00"}, "Enter the year as 4 numbers, for example 20"),
    ],
)
def test_a_date_without_its_time_or_a_wrong_time_gets_a_message_never_dropped(staff_client, seeded, boxes, message):
    data = intake_post_data(onset="sudden", **{f"last_known_well_{part}": value for part, value in boxes.items()})
    response = staff_client.post("/intake/new/", data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["last_known_well"])
    assert not Intake.objects.exists()


@pytest.mark.parametrize("value", ["yesterday", "2026-13-40T25:61", "9" * 40])
def test_a_time_last_known_well_that_is_not_a_time_is_refused_on_its_field(staff_client, seeded, value):
    response = staff_client.post("/intake/new/", intake_post_data(onset="sudden", last_known_well=value))
    assert response.status_code == 400
    assert "last_known_well" in response.context["form"].errors
    assert not Intake.objects.exists()


@pytest.mark.parametrize("value", ["maybe", "", "true"])
def test_a_yes_no_finding_outside_its_choices_is_refused_or_left_not_tested(staff_client, seeded, value):
    response = staff_client.post("/intake/new/", intake_post_data(sensory_level=value, fasciculations=value))
    if value:
        assert response.status_code == 400 and "sensory_level" in response.context["form"].errors
        assert not Intake.objects.exists()
    else:
        assert Intake.objects.get().sensory_level == ""


def stored_triage(user, **fields) -> Intake:
    """An intake with a stored triage result typed in by hand, as a faulty writer might store it."""
    values = {
        "patient_name": "Alex Example",
        "date_of_birth": "1961-03-27",
        "side": "left",
        "onset": "gradual",
        "level": "unknown",
    }
    return Intake(created_by=user, submission_token=uuid.uuid4(), **values | fields)


def test_the_database_refuses_a_yes_red_flag_that_is_not_an_emergency(intake_staff):
    with pytest.raises(IntegrityError):
        stored_triage(intake_staff, anticoagulant_pain=True, disposition="urgent").save()


def test_the_database_accepts_red_flags_not_asked_on_a_routine_intake(intake_staff):
    stored_triage(intake_staff, disposition="routine").save()
    assert Intake.objects.get().recent_leg_injury is None


def test_the_database_refuses_a_routine_intake_of_unknown_onset_or_worsening_unless_lifelong(intake_staff):
    for fields in ({"onset": "unknown"}, {"onset": "days", "course": "worsening"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            stored_triage(intake_staff, disposition="routine", **fields).save()
    # Rule 16: a compressive peroneal palsy over days may be routine; rule 18: slow change in a hereditary one.
    stored_triage(intake_staff, onset="days", disposition="routine").save()
    stored_triage(intake_staff, onset="lifelong", course="worsening", disposition="routine").save()


def test_the_database_refuses_a_sudden_or_on_waking_onset_below_emergency_unless_clocked_and_settled(intake_staff):
    old = timezone.now() - timedelta(days=20)
    for fields in (
        {"onset": "sudden"},
        {"onset": "on_waking"},
        {"onset": "sudden", "last_known_well": old, "course": "worsening"},
        {"onset": "on_waking", "last_known_well": old},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            stored_triage(intake_staff, disposition="urgent", **fields).save()
    stored_triage(intake_staff, onset="sudden", last_known_well=old, course="improving", disposition="urgent").save()
