"""Recording the diagnosis confirmed at follow-up: the form, its checks, its history and the summary page."""

import datetime
import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.models import Intake, Outcome
from intake.services import intake_create, outcome_record
from tests.conftest import make_cause
from tests.test_bad_input import BAD_DATES, HOSTILE_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(intake_staff):
    answers = {"patient_name": "Olive Outcome", "date_of_birth": "1961-03-27", "side": "left", "onset": "gradual"}
    filed, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    return filed


def outcome_url(intake: Intake) -> str:
    return f"/intake/{intake.pk}/outcome/"


def today() -> str:
    return timezone.localdate().isoformat()


def test_intake_staff_record_a_confirmed_cause_and_see_it_on_the_summary(staff_client, intake, cause):
    response = staff_client.post(
        outcome_url(intake),
        {"diagnosis": "cause", "cause": cause.pk, "confirmed_on": today(), "confirmed_by": "Dr Rao, neurology"},
    )
    assert response.status_code == 303
    assert response["Location"] == intake.get_absolute_url()
    outcome = Outcome.objects.get(intake=intake)
    assert (outcome.diagnosis, outcome.cause, outcome.confirmed_by) == ("cause", cause, "Dr Rao, neurology")
    assert outcome.recorded_by.username == "nurse"
    summary = staff_client.get(intake.get_absolute_url()).content.decode()
    assert f'<a href="{cause.get_absolute_url()}">{cause.name}</a>' in summary
    assert "Dr Rao, neurology" in summary
    assert "Download for the patient record" in summary


def test_another_diagnosis_needs_its_name(staff_client, intake):
    response = staff_client.post(
        outcome_url(intake), {"diagnosis": "other", "confirmed_on": today(), "confirmed_by": "Dr Rao"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["other_diagnosis"] == [
        "Enter the other diagnosis, for example lumbar spinal stenosis"
    ]
    assert not Outcome.objects.exists()


OTHER = {"diagnosis": "other", "other_diagnosis": "Sarcoma", "confirmed_on": "TODAY", "confirmed_by": "Dr Rao"}
CAUSE = {"diagnosis": "cause", "confirmed_on": "TODAY", "confirmed_by": "Dr Rao"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (CAUSE, "cause", "Choose the confirmed cause from the list"),
        (CAUSE | {"cause": "99999"}, "cause", "Choose a cause from the list"),
        (OTHER | {"other_diagnosis": "   "}, "other_diagnosis", "Enter the other diagnosis, for example"),
        (OTHER | {"confirmed_on": ""}, "confirmed_on", "Enter the date the diagnosis was confirmed, for example"),
        (OTHER | {"confirmed_by": ""}, "confirmed_by", "Enter who confirmed the diagnosis, with their role"),
        (OTHER | {"confirmed_on": "2999-01-01"}, "confirmed_on", "Date confirmed must be today or in the past"),
        (OTHER | {"confirmed_on": "2000-01-01"}, "confirmed_on", "the day the intake was filed"),
        (OTHER | {"confirmed_on": "31/31/2026"}, "confirmed_on", "Date confirmed must be a real date"),
        (OTHER | {"other_diagnosis": "x" * 201}, "other_diagnosis", "at most 200"),
        ({"diagnosis": "maybe"}, "diagnosis", "Choose the confirmed diagnosis"),
        ({}, "diagnosis", "Choose the confirmed diagnosis, or “Not yet known”"),
    ],
)
def test_bad_answers_get_a_message_on_their_field_and_nothing_is_saved(staff_client, intake, data, field, message):
    data = {name: today() if value == "TODAY" else value for name, value in data.items()}
    response = staff_client.post(outcome_url(intake), data)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert not Outcome.objects.exists()


def test_not_yet_known_needs_nothing_else_and_drops_what_does_not_apply(staff_client, intake, cause):
    response = staff_client.post(
        outcome_url(intake), {"diagnosis": "not_yet_known", "cause": cause.pk, "confirmed_on": today()}
    )
    assert response.status_code == 303
    outcome = Outcome.objects.get()
    assert (outcome.cause, outcome.confirmed_on) == (None, None)
    assert "Not yet known" in staff_client.get(intake.get_absolute_url()).content.decode()


def test_the_date_confirmed_is_typed_in_day_month_and_year_boxes_read_the_uk_way(staff_client, intake):
    page = staff_client.get(outcome_url(intake)).content.decode()
    assert not re.search(r'type="(date|datetime-local|time)"', page)
    day = timezone.localdate()
    data = OTHER | {"confirmed_on_day": str(day.day), "confirmed_on_month": str(day.month)}
    del data["confirmed_on"]
    response = staff_client.post(outcome_url(intake), data | {"confirmed_on_year": str(day.year)})
    assert response.status_code == 303
    assert Outcome.objects.get().confirmed_on == day


def test_each_answer_the_diagnosis_needs_is_revealed_by_the_stylesheet_not_a_script(staff_client, intake):
    page = staff_client.get(outcome_url(intake)).content.decode()
    form = page.split('class="outcome-form"')[1].split("</form>")[0]
    assert "<script" not in page
    for reveal, field in (("cause", "cause"), ("other", "other_diagnosis"), ("confirmed", "confirmed_on_day")):
        part = form.split(f"reveal--{reveal}")[1].split("reveal--")[0]
        assert f'name="{field}"' in part
    stylesheet = (django_settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert '.outcome-form:has(input[name="diagnosis"][value="cause"]:checked) .reveal--cause' in stylesheet


def test_a_problem_with_an_answer_the_chosen_diagnosis_hides_is_not_reported(staff_client, intake):
    response = staff_client.post(outcome_url(intake), {"diagnosis": "not_yet_known", "confirmed_on": "31/31/2026"})
    assert response.status_code == 303
    assert Outcome.objects.get().confirmed_on is None


def test_an_unpublished_cause_cannot_be_chosen(staff_client, intake):
    draft = make_cause(name="Draft", slug="draft", is_published=False)
    response = staff_client.post(
        outcome_url(intake), {"diagnosis": "cause", "cause": draft.pk, "confirmed_on": today(), "confirmed_by": "D"}
    )
    assert response.status_code == 400
    assert "cause" in response.context["form"].errors


def test_a_correction_keeps_the_earlier_outcome_in_the_history(staff_client, intake, cause):
    staff_client.post(outcome_url(intake), {"diagnosis": "not_yet_known"})
    staff_client.post(
        outcome_url(intake), {"diagnosis": "cause", "cause": cause.pk, "confirmed_on": today(), "confirmed_by": "D"}
    )
    outcome = Outcome.objects.get()
    history = list(outcome.history.order_by("history_date"))
    assert [entry.diagnosis for entry in history] == ["not_yet_known", "cause"]
    assert {entry.history_user.username for entry in history} == {"nurse"}


def test_the_form_shows_the_outcome_already_recorded(staff_client, intake, cause, intake_staff):
    outcome_record(
        intake=intake,
        user=intake_staff,
        diagnosis="other",
        other_diagnosis="Sarcoma",
        confirmed_on=datetime.date.today(),  # noqa: DTZ011 (a date, not a moment)
        confirmed_by="Dr Rao",
    )
    response = staff_client.get(outcome_url(intake))
    assert response.status_code == 200
    assert 'value="Sarcoma"' in response.content.decode()


def test_strangers_and_users_without_permission_cannot_record_an_outcome(client, outsider, intake, clinical_lead):
    assert client.post(outcome_url(intake), {"diagnosis": "not_yet_known"})["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.get(outcome_url(intake)).status_code == 403
    client.force_login(clinical_lead)  # may look, not write
    assert client.get(outcome_url(intake)).status_code == 200
    assert client.post(outcome_url(intake), {"diagnosis": "not_yet_known"}).status_code == 403
    assert not Outcome.objects.exists()


def test_the_database_refuses_an_inconsistent_outcome(intake, intake_staff, cause):
    bad = [
        {"diagnosis": "cause"},
        {"diagnosis": "other", "other_diagnosis": ""},
        {"diagnosis": "not_yet_known", "cause": cause},
        {"diagnosis": "other", "other_diagnosis": "X", "confirmed_by": "D"},
    ]
    for values in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            Outcome.objects.create(intake=intake, recorded_by=intake_staff, **values)


OUTCOME_FIELDS = {
    "diagnosis": st.sampled_from(["cause", "other", "not_yet_known"]),
    "cause": st.sampled_from(["CAUSE"]),
    "other_diagnosis": st.sampled_from(["Sarcoma"]),
    "confirmed_on": st.sampled_from(["TODAY"]),
    "confirmed_by": st.sampled_from(["Dr Rao"]),
}


@pytest.mark.slow
@given(
    data=st.fixed_dictionaries(
        {},
        optional={name: st.one_of(valid, HOSTILE_TEXT, BAD_DATES) for name, valid in OUTCOME_FIELDS.items()},
    )
)
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_random_outcomes_never_fail_and_only_consistent_ones_are_saved(staff_client, intake, cause, data):
    Outcome.objects.all().delete()
    data = {name: {"CAUSE": str(cause.pk), "TODAY": today()}.get(value, value) for name, value in data.items()}
    response = staff_client.post(outcome_url(intake), data)
    assert response.status_code in (303, 400), response.status_code
    if response.status_code == 400:
        assert not Outcome.objects.exists()
        assert response.context["form"].errors
        return
    outcome = Outcome.objects.get()
    assert outcome.diagnosis == data["diagnosis"]
    assert (outcome.cause is not None) == (outcome.diagnosis == "cause")


def test_the_admin_shows_outcomes_read_only_with_their_history(client, superuser, intake, cause, intake_staff):
    outcome_record(intake=intake, user=intake_staff, diagnosis="not_yet_known")
    outcome = outcome_record(
        intake=intake,
        user=intake_staff,
        diagnosis="cause",
        cause=cause,
        confirmed_on=timezone.localdate(),
        confirmed_by="Dr Rao",
    )
    client.force_login(superuser)
    assert client.get("/admin/intake/outcome/").status_code == 200
    assert client.get(f"/admin/intake/outcome/{outcome.pk}/change/").status_code == 200
    history = client.get(f"/admin/intake/outcome/{outcome.pk}/history/")
    assert history.status_code == 200
    assert history.content.decode().count("nurse") >= 2
    assert "Olive Outcome" not in history.content.decode()
    before = Outcome.objects.values_list().get()
    client.post(f"/admin/intake/outcome/{outcome.pk}/change/", {"diagnosis": "other", "other_diagnosis": "X"})
    assert Outcome.objects.values_list().get() == before
