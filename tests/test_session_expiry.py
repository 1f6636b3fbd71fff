"""
An intake sent after the 30-minute session ended loses nothing: the answer is the sign-in page,
carrying the answers in a hidden field of its form and saying why; nothing is filed or stored
before the person signs in again, and then the form comes back filled in, ready to send.
"""

import html
import logging
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.models import Session
from django.http import QueryDict
from django.test import Client

from intake.models import Intake
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
PATIENT = "Zebedee Expired-Session"


def hidden_answers(page: str) -> str:
    return html.unescape(page.split('name="intake_answers" value="')[1].split('"')[0])


def every_stored_value() -> str:
    return repr([list(model._base_manager.values_list()) for model in apps.get_models()])


@pytest.fixture
def expired(intake_staff, seeded):
    """A nurse's browser whose session has just ended (deleted, as the expiry check does), with a form in hand."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(intake_staff)
    page = browser.get("/intake/new/").content.decode()
    csrf = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    Session.objects.all().delete()
    return browser, csrf


def send_after_expiry(expired, **answers):
    browser, csrf = expired
    data = intake_post_data(patient_name=PATIENT, hospital_number="HN-EXP-1", csrfmiddlewaretoken=csrf, **answers)
    return browser.post("/intake/new/", data), data


def sign_in(browser, page: str, password: str = PASSWORD):
    csrf = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = {
        "username": "nurse",
        "password": password,
        "next": "/intake/new/",
        "intake_answers": hidden_answers(page),
        "csrfmiddlewaretoken": csrf,
    }
    return browser.post("/accounts/login/", data)


def test_an_intake_sent_after_the_session_ended_gets_the_sign_in_page_saying_why(expired):
    response, _data = send_after_expiry(expired)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Staff sign in" in page
    assert "Your session ended" in page and "your answers will come back" in page
    assert 'action="/accounts/login/"' in page
    assert 'id="act-now"' not in page
    assert not Intake.objects.exists()


def test_nothing_of_the_patient_is_stored_before_signing_in_again(expired):
    before = every_stored_value()
    response, _data = send_after_expiry(expired)
    assert PATIENT not in before
    assert PATIENT not in every_stored_value()
    assert PATIENT.replace(" ", "+") in hidden_answers(response.content.decode())


def test_an_emergency_answer_shows_the_act_now_box_on_the_sign_in_page(expired):
    response, _data = send_after_expiry(expired, onset="sudden")
    page = response.content.decode()
    assert 'id="act-now"' in page
    assert page.index('id="act-now"') < page.index('name="username"')


def test_after_signing_in_the_same_answers_come_back_ready_to_send(expired):
    browser, _csrf = expired
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

    # The form posts with the signed-in session's new CSRF token, and files one intake.
    csrf = page.split('action="/intake/new/"')[1].split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    resent = {key: value for key, value in data.items() if key != "csrfmiddlewaretoken"}
    first = browser.post("/intake/new/", {**resent, "csrfmiddlewaretoken": csrf})
    second = browser.post("/intake/new/", {**resent, "csrfmiddlewaretoken": csrf})
    assert first.status_code == second.status_code == 303
    assert Intake.objects.get().patient_name == PATIENT


def test_a_wrong_password_keeps_the_answers_and_stores_none_of_them(expired):
    browser, _csrf = expired
    response, _data = send_after_expiry(expired, onset="sudden")
    refused = sign_in(browser, response.content.decode(), password="wrong")
    page = refused.content.decode()
    assert refused.status_code == 200
    assert PATIENT.replace(" ", "+") in hidden_answers(page)
    assert 'id="act-now"' in page
    assert AccessAttempt.objects.get().post_data.count("intake_answers=********************") == 1
    assert PATIENT not in every_stored_value()
    assert "Expired" not in every_stored_value()


def test_someone_without_intake_permission_signing_in_gets_no_answers(expired, outsider):
    browser, _csrf = expired
    response, _data = send_after_expiry(expired)
    page = response.content.decode()
    csrf = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = {"username": "outsider", "password": PASSWORD, "intake_answers": hidden_answers(page)}
    response = browser.post("/accounts/login/", {**data, "next": "/intake/new/", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    assert PATIENT not in response.content.decode()
    assert not Intake.objects.exists()


def failing_resume(request, kept_answers):
    """A failure whose message quotes the carried answers, as a careless exception might."""
    answers = QueryDict(kept_answers)
    raise ValueError(f"cannot resume {answers['patient_name']} from {kept_answers}")


def test_a_server_error_while_signing_in_again_logs_no_patient_data(expired, caplog):
    browser, _csrf = expired
    response, _data = send_after_expiry(expired)
    browser.raise_request_exception = False
    with (
        caplog.at_level(logging.INFO),
        mock.patch("footdrop_site.views.intake_form_resumed", side_effect=failing_resume),
    ):
        assert sign_in(browser, response.content.decode()).status_code == 500
    assert caplog.records
    for record in caplog.records:
        formatted = logging.Formatter("%(name)s %(message)s").format(record) + str(record.exc_text)
        assert PATIENT not in formatted and "Zebedee" not in formatted, record.name
        assert "HN-EXP-1" not in formatted


def test_a_locked_out_sign_in_carrying_answers_stores_none_of_them(expired, settings):
    browser, _csrf = expired
    response, _data = send_after_expiry(expired, onset="sudden")
    page = response.content.decode()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        refused = sign_in(browser, page, password="wrong")
        if refused.status_code == 200:
            page = refused.content.decode()
    assert refused.status_code in (403, 429)
    assert PATIENT not in every_stored_value()
    assert not Intake.objects.exists()
