"""
Error pages are the site's own, in its layout, with no stack trace and no patient data; and a
server error is logged (and reported) without the patient's identifiers.
"""

import logging
from unittest import mock

import pytest
from django.core import mail

from intake.models import Intake
from tests.conftest import intake_post_data

pytestmark = pytest.mark.django_db

PATIENT_NAME = "Zebedee Quartermaine-Ossory"
DATE_OF_BIRTH = "1948-07-19"
HOSPITAL_NUMBER = "HN7734QX"
IDENTIFIERS = (PATIENT_NAME, DATE_OF_BIRTH, "datetime.date(1948, 7, 19)", HOSPITAL_NUMBER)


def assert_in_site_layout(response, *, staff_page: bool = False):
    """The site's own page; a staff page leaves out the public pages' general-information footer."""
    html = response.content.decode()
    assert '<html lang="en-GB">' in html
    assert 'href="/static/css/site.css"' in html
    assert 'class="site-header' in html
    assert 'id="main"' in html
    assert ('class="site-footer' in html) is not staff_page
    assert "Traceback" not in html
    assert "django" not in html.lower().replace("django-admin", "")


def test_a_missing_page_is_the_sites_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert_in_site_layout(response)


def test_a_refusal_is_the_sites_403(client, outsider):
    client.force_login(outsider)
    response = client.get("/intake/")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()
    assert_in_site_layout(response)


def test_a_bad_request_is_the_sites_400(client):
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert "Something in the request was not right" in response.content.decode()
    assert_in_site_layout(response)


def test_an_unreadable_body_is_the_sites_400(staff_client):
    response = staff_client.post("/intake/new/", b"--x\r\nbroken", content_type="multipart/form-data; boundary=x")
    assert response.status_code == 400
    assert_in_site_layout(response, staff_page=True)


def failing_intake_create(*, answers, **_kwargs):
    """A failure whose message quotes the patient, as a careless exception or database error might."""
    raise ValueError(f"cannot file the intake of {answers['patient_name']}, born {answers['date_of_birth']!r}")


@pytest.fixture
def server_error(client, intake_staff, caplog):
    """File an intake as staff while the filing fails: the response, and what was logged."""
    client.force_login(intake_staff)
    client.raise_request_exception = False
    data = intake_post_data(patient_name=PATIENT_NAME, date_of_birth=DATE_OF_BIRTH, hospital_number=HOSPITAL_NUMBER)
    with (
        caplog.at_level(logging.INFO),
        mock.patch("intake.views.intake_create", side_effect=failing_intake_create),
    ):
        response = client.post("/intake/new/", data)
    return response, caplog.records


def test_a_server_error_is_the_sites_500_without_a_trace(server_error):
    response, _records = server_error
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "call 999" in html
    assert "ValueError" not in html
    assert_in_site_layout(response)
    for identifier in IDENTIFIERS:
        assert identifier not in html
    assert Intake.objects.count() == 0


def test_a_server_error_on_a_public_page_is_the_sites_500(client, cause):
    client.raise_request_exception = False
    with mock.patch("causes.views.cause_article_context", side_effect=RuntimeError("template exploded")):
        response = client.get(f"/causes/{cause.slug}/")
    assert response.status_code == 500
    assert "template exploded" not in response.content.decode()
    assert_in_site_layout(response)


def test_a_server_error_is_logged_with_its_traceback(server_error):
    _response, records = server_error
    errors = [record for record in records if record.name == "django.request" and record.levelno == logging.ERROR]
    assert len(errors) == 1
    formatted = logging.Formatter("%(message)s").format(errors[0])
    assert "Internal Server Error: /intake/new/" in formatted
    assert "Traceback" in formatted
    assert "ValueError: cannot file the intake of [redacted], born [redacted]" in formatted


def test_no_log_record_names_the_patient(server_error):
    _response, records = server_error
    assert records
    for record in records:
        formatted = logging.Formatter("%(name)s %(message)s").format(record)
        details = " ".join(str(value) for value in (record.msg, record.args, record.exc_info, record.exc_text))
        for identifier in IDENTIFIERS:
            assert identifier not in formatted, record.name
            assert identifier not in details, record.name


def test_the_error_email_to_admins_names_no_patient(client, intake_staff, settings, mailoutbox, caplog):
    settings.ADMINS = ["admin@example.com"]
    client.force_login(intake_staff)
    client.raise_request_exception = False
    data = intake_post_data(patient_name=PATIENT_NAME, date_of_birth=DATE_OF_BIRTH, hospital_number=HOSPITAL_NUMBER)
    with mock.patch("intake.views.intake_create", side_effect=failing_intake_create):
        assert client.post("/intake/new/", data).status_code == 500
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    text = " ".join([report.subject, report.body, *(str(content) for content, _type in report.alternatives)])
    assert "/intake/new/" in text
    for identifier in IDENTIFIERS:
        assert identifier not in text


def test_error_reports_hide_form_values_and_local_variables(rf, settings):
    from intake.log_privacy import PatientDataReporterFilter

    request = rf.post("/intake/new/", {"patient_name": PATIENT_NAME, "side": "left"})
    reporter_filter = PatientDataReporterFilter()
    assert set(reporter_filter.get_post_parameters(request).values()) == {reporter_filter.cleansed_substitute}

    def frame_with_a_patient():
        patient_name = PATIENT_NAME  # noqa: F841 - read back from the frame below
        import sys

        return sys._getframe()

    variables = dict(reporter_filter.get_traceback_frame_variables(request, frame_with_a_patient()))
    assert variables["patient_name"] == reporter_filter.cleansed_substitute


@pytest.mark.django_db
def test_a_csrf_failure_shows_the_sites_own_page(intake_staff):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(intake_staff)
    response = browser.post("/intake/new/", {"patient_name": "No Token"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page and "Nothing was saved" in page
    assert "skip-link" in page, "it uses the site's layout"
