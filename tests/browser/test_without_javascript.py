"""
The core flows with JavaScript switched off in the browser: reading, searching, filing an
intake and recording a referral are plain links and forms, and must work without it.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from intake.models import Intake
from tests.browser.conftest import fill_date_of_birth, open_page, sign_in
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(browser):
    page = open_page(browser, java_script_enabled=False)
    yield page
    page.context.close()


def test_a_reader_searches_and_reads_without_javascript(page, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    page.goto(live_server.url)
    page.get_by_role("searchbox", name="Describe what happens, or type the name of a cause").fill("slipped disc")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/causes/\?q=slipped\+disc$"))
    results = page.locator(".cause-results a")
    expect(results.first).to_have_text("L5 radiculopathy")
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L5 radiculopathy")
    expect(page.locator("#emergency-card-heading")).to_be_visible()
    page.get_by_role("link", name="Causes", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Causes of foot drop")


def test_a_nurse_files_intakes_and_records_a_referral_without_javascript(page, live_server, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    sign_in(page, live_server, "nurse")
    expect(page).to_have_url(f"{live_server.url}/intake/")

    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_role("button", name="File intake and triage").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")  # Checked by the server, not the browser.

    page.get_by_label("Patient's name").fill("Sam Sudden")
    fill_date_of_birth(page, "1961-03-27")
    page.get_by_role("radio", name="Left").check()
    page.get_by_role("radio", name=re.compile("^Sudden")).check()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page).to_have_url(re.compile(r"/intake/[0-9a-f-]{36}/referral/$"))
    page.get_by_label("Somewhere else").fill("Hyperacute stroke unit")
    page.get_by_role("button", name="I have referred somewhere else").click()
    expect(page.locator("#referral-made")).to_contain_text("by Nia Nurse to Hyperacute stroke unit")

    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Rowan Routine")
    fill_date_of_birth(page, "1975-06-01")
    page.get_by_role("radio", name="Right").check()
    page.get_by_role("radio", name=re.compile("^Gradual")).check()
    page.get_by_role("radio", name="Stable").check()
    page.get_by_role("checkbox", name=re.compile("leg crossing", re.IGNORECASE)).check()  # enough to rank causes
    page.get_by_role("button", name="File intake and triage").click()
    expect(page).to_have_url(re.compile(r"/intake/[0-9a-f-]{36}/$"))
    page.locator("#suspected-causes a").first.click()
    expect(page).to_have_url(re.compile(r"/causes/[a-z0-9-]+/$"))

    assert Intake.objects.count() == 2
    assert Intake.objects.get(patient_name="Sam Sudden").referral_destination == "Hyperacute stroke unit"


def test_the_outcome_form_shows_what_the_chosen_diagnosis_needs_without_javascript(page, live_server, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    intake = file_intake(intake_staff)
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/intake/{intake.pk}/outcome/")
    cause, other, day = (
        page.get_by_label("Cause", exact=True),
        page.get_by_label("Other diagnosis", exact=True),
        page.get_by_label("Day"),
    )
    for field in (cause, other, day):
        expect(field).to_be_hidden()
    page.get_by_role("radio", name="Another diagnosis").check()
    expect(other).to_be_visible()
    expect(day).to_be_visible()
    expect(cause).to_be_hidden()
    page.get_by_role("radio", name="A cause described on this site").check()
    expect(cause).to_be_visible()
    expect(other).to_be_hidden()
    page.get_by_role("radio", name="Not yet known").check()
    for field in (cause, other, day):
        expect(field).to_be_hidden()
    page.get_by_role("radio", name="Another diagnosis").check()
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the other diagnosis, for example")
    expect(other).to_be_visible()
