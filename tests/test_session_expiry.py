"""
An intake sent after the 30-minute session ended loses nothing: the answer is the sign-in page,
saying why. The answers wait on the server, encrypted, for the person the form was shown to; the
page carries only a reference and is never stored. Nothing is filed before that person signs in
again, and then the form comes back filled in, ready to send. Anyone else signing in there gets a
blank form, and the answers keep waiting for their owner until they expire.
"""

import datetime
import html
import logging
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.utils import timezone

from intake import kept_answers
from intake.models import Intake, KeptAnswers
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
PATIENT = "Zebedee Expired-Session"


def reference(page: str) -> str:
    return html.unescape(page.split('name="intake_answers" value="')[1].split('"')[0])


def field_value(page: str, name: str) -> str:
    return html.unescape(page.split(f'name="{name}" value="')[1].split('"')[0])


def every_stored_value() -> str:
    return repr([list(model._base_manager.values_list()) for model in apps.get_models()])


@pytest.fixture
def expired(intake_staff, seeded):
    """A nurse's browser whose session has just ended (deleted, as the expiry check does), with a form in hand."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(intake_staff)
    page = browser.get("/intake/new/").content.decode()
    csrf, owner = field_value(page, "csrfmiddlewaretoken"), field_value(page, "form_owner")
    Session.objects.all().delete()
    return browser, csrf, owner


def send_after_expiry(expired, **answers):
    browser, csrf, owner = expired
    data = intake_post_data(
        patient_name=PATIENT, hospital_number="HN-EXP-1", csrfmiddlewaretoken=csrf, form_owner=owner, **answers
    )
    return browser.post("/intake/new/", data), data


def sign_in(browser, page: str, password: str = PASSWORD, username: str = "nurse"):
    data = {
        "username": username,
        "password": password,
        "next": "/intake/new/",
        "intake_answers": reference(page),
        "csrfmiddlewaretoken": field_value(page, "csrfmiddlewaretoken"),
    }
    return browser.post("/accounts/login/", data)


# The date of birth as stored or typed, never its year alone: four digits turn up by chance in
# random stored values (ciphertexts, tokens, hashes), so a bare year would fail now and then.
PATIENT_VALUES = (PATIENT, "Zebedee", "Expired-Session", "HN-EXP-1", "lives alone", "1961-03-27", "27/03/1961")


def test_an_intake_sent_after_the_session_ended_gets_the_sign_in_page_saying_why(expired):
    response, _data = send_after_expiry(expired)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Staff sign in" in page
    assert "Your session ended" in page and "your answers will come back" in page
    assert 'action="/accounts/login/"' in page
    assert 'id="act-now"' not in page
    assert not Intake.objects.exists()


def test_the_session_ended_page_holds_no_patient_field_and_is_never_stored(expired):
    response, _data = send_after_expiry(expired, notes="HIV positive; lives alone")
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for value in PATIENT_VALUES:
        assert value not in page
    for field in ("patient_name", "hospital_number", "notes", "date_of_birth_year", "side", "onset"):
        assert f'name="{field}"' not in page
    assert reference(page)


def test_nothing_of_the_patient_is_stored_readable_before_signing_in_again(expired):
    before = every_stored_value()
    response, _data = send_after_expiry(expired, notes="HIV positive; lives alone")
    assert PATIENT not in before
    assert KeptAnswers.objects.count() == 1
    stored = every_stored_value()
    for value in PATIENT_VALUES:
        assert value not in stored
    # Nor does the reference say it: it names the row and holds its key, signed.
    assert PATIENT.replace(" ", "+") not in reference(response.content.decode())


def test_an_emergency_answer_shows_the_act_now_box_on_the_sign_in_page(expired):
    response, _data = send_after_expiry(expired, onset="sudden")
    page = response.content.decode()
    assert 'id="act-now"' in page
    assert page.index('id="act-now"') < page.index('name="username"')


def test_after_signing_in_the_same_answers_come_back_ready_to_send(expired):
    browser = expired[0]
    response, data = send_after_expiry(expired, onset="days", notes="Seen at 9")
    response = sign_in(browser, response.content.decode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "your answers are back" in page
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["patient_name"] == PATIENT
    assert str(form.cleaned_data["submission_token"]) == data["submission_token"]
    assert 'value="HN-EXP-1"' in page and "Seen at 9" in page
    assert 'name="date_of_birth_year" value="1961"' in page
    assert not Intake.objects.exists()
    assert not KeptAnswers.objects.exists()

    # The form posts with the signed-in session's new CSRF token, and files one intake.
    csrf = page.split('action="/intake/new/"')[1].split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    resent = {key: value for key, value in data.items() if key not in ("csrfmiddlewaretoken", "form_owner")}
    first = browser.post("/intake/new/", {**resent, "csrfmiddlewaretoken": csrf})
    second = browser.post("/intake/new/", {**resent, "csrfmiddlewaretoken": csrf})
    assert first.status_code == second.status_code == 303
    assert Intake.objects.get().patient_name == PATIENT


def test_a_wrong_password_keeps_the_answers_and_stores_none_of_them_readable(expired):
    browser = expired[0]
    response, _data = send_after_expiry(expired, onset="sudden")
    kept = reference(response.content.decode())
    refused = sign_in(browser, response.content.decode(), password="wrong")
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "no-store" in refused["Cache-Control"]
    assert reference(page) == kept
    assert PATIENT not in page
    assert 'id="act-now"' in page
    assert AccessAttempt.objects.get().post_data.count("intake_answers=********************") == 1
    assert PATIENT not in every_stored_value()
    assert "Expired" not in every_stored_value()


def test_someone_without_intake_permission_signing_in_gets_no_answers(expired, outsider):
    browser = expired[0]
    response, _data = send_after_expiry(expired)
    response = sign_in(browser, response.content.decode(), username="outsider")
    assert response.status_code == 302
    assert PATIENT not in response.content.decode()
    assert not Intake.objects.exists()
    assert KeptAnswers.objects.count() == 1


@pytest.fixture
def second_nurse(django_user_model):
    user = django_user_model.objects.create_user("nurse2", "nurse2@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="Intake staff"))
    return user


def test_another_nurse_signing_in_there_gets_a_blank_form_and_the_answers_wait_for_their_owner(expired, second_nurse):
    browser = expired[0]
    response, _data = send_after_expiry(expired, onset="sudden")
    session_ended = response.content.decode()
    signed_in = sign_in(browser, session_ended, username="nurse2")
    assert signed_in.status_code == 302 and signed_in["Location"] == "/intake/new/"
    blank = browser.get("/intake/new/")
    assert blank.status_code == 200 and not blank.context["form"].is_bound
    assert PATIENT not in signed_in.content.decode() + blank.content.decode()
    assert KeptAnswers.objects.count() == 1

    # The owner, on another browser with the same page, still gets them back, once.
    owner = Client()
    resumed = sign_in(owner, session_ended)
    assert resumed.status_code == 200
    assert resumed.context["form"].cleaned_data["patient_name"] == PATIENT
    again = sign_in(Client(), session_ended)
    assert again.status_code == 302
    assert not KeptAnswers.objects.exists()


def test_kept_answers_expire_within_minutes(expired):
    browser = expired[0]
    response, _data = send_after_expiry(expired)
    later = timezone.now() + kept_answers.LIFETIME + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert sign_in(browser, response.content.decode()).status_code == 302
    assert PATIENT not in browser.get("/intake/new/").content.decode()


def test_a_forged_or_missing_form_owner_keeps_nothing_and_says_so(expired, second_nurse):
    browser, csrf, _owner = expired
    forged = signing.dumps(second_nurse.pk, salt="another purpose")
    for owner in (forged, ""):
        data = intake_post_data(patient_name=PATIENT, csrfmiddlewaretoken=csrf, form_owner=owner, onset="sudden")
        page = browser.post("/intake/new/", data).content.decode()
        assert "have not been kept" in page
        assert 'id="act-now"' in page
        assert 'name="intake_answers"' not in page
    assert not KeptAnswers.objects.exists()


def test_one_person_has_at_most_a_few_forms_waiting_the_newest(expired):
    pages = [send_after_expiry(expired, notes=f"Note {number}")[0] for number in range(7)]
    assert KeptAnswers.objects.count() == kept_answers.MAX_WAITING_PER_OWNER
    assert kept_answers.peek(reference(pages[0].content.decode())) is None
    assert kept_answers.peek(reference(pages[-1].content.decode()))["notes"] == "Note 6"


def test_a_tampered_reference_gives_nothing_back(expired):
    browser = expired[0]
    response, _data = send_after_expiry(expired)
    page = response.content.decode()
    tampered = page.replace(reference(page), reference(page)[:-2] + "xx")
    assert sign_in(browser, tampered).status_code == 302
    assert KeptAnswers.objects.count() == 1


def failing_resume(request, answers):
    """A failure whose message quotes the kept answers, as a careless exception might."""
    raise ValueError(f"cannot resume {answers['patient_name']} from {answers.urlencode()}")


def test_a_server_error_while_signing_in_again_logs_no_patient_data(expired, caplog):
    browser = expired[0]
    response, _data = send_after_expiry(expired)
    browser.raise_request_exception = False
    with (
        caplog.at_level(logging.INFO),
        mock.patch("intake.views.intake_form_resumed", side_effect=failing_resume),
    ):
        assert sign_in(browser, response.content.decode()).status_code == 500
    assert caplog.records
    for record in caplog.records:
        formatted = logging.Formatter("%(name)s %(message)s").format(record) + str(record.exc_text)
        assert PATIENT not in formatted and "Zebedee" not in formatted, record.name
        assert "HN-EXP-1" not in formatted


def test_a_locked_out_sign_in_carrying_answers_stores_none_of_them_readable(expired, settings):
    browser = expired[0]
    response, _data = send_after_expiry(expired, onset="sudden")
    page = response.content.decode()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        refused = sign_in(browser, page, password="wrong")
        if refused.status_code == 200:
            page = refused.content.decode()
    assert refused.status_code in (403, 429)
    assert PATIENT not in every_stored_value()
    assert not Intake.objects.exists()
