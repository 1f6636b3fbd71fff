"""
The intake never loses, mangles or hides an emergency, tried in Chromium as a busy nurse would,
at 1280 px and on a 375 px phone: a UK date typed into three boxes, an emergency answer on a
form sent back with an error, a session that ends mid-form, a referral recorded in one click,
and the intake list on a phone. Every new state passes axe at both sizes.
"""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from playwright.sync_api import expect

from intake.models import Intake
from tests.browser.conftest import DATE_OF_BIRTH, PHONE, fill_date_of_birth, open_page, page_problems, red_flag, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def nurse_page(browser, live_server, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser, **DESKTOP)
    sign_in(page, live_server, "nurse")
    yield page
    page.context.close()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_uk_date_typed_box_by_box_is_filed_as_that_day(nurse_page, live_server):
    page = nurse_page
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Dee Date")
    page.get_by_role("group", name=DATE_OF_BIRTH).get_by_role("textbox", name="Day").click()
    page.keyboard.type("05")
    page.keyboard.press("Tab")
    page.keyboard.type("03")
    page.keyboard.press("Tab")
    page.keyboard.type("1981")
    page.get_by_role("radio", name="Left").check()
    page.get_by_role("radio", name=re.compile("^Gradual")).check()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page).to_have_url(re.compile(rf"/intake/{UUID}/$"))
    expect(page.locator("#patient-banner")).to_contain_text("born 5 Mar 1981")
    assert Intake.objects.get().date_of_birth == datetime.date(1981, 3, 5)


def test_a_date_with_a_part_missing_is_refused_on_the_date_with_what_to_do(nurse_page, live_server, artifacts):
    page = nurse_page
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Dee Date")
    fill_date_of_birth(page, "1981--05")
    page.get_by_role("radio", name="Left").check()
    page.get_by_role("radio", name=re.compile("^Gradual")).check()
    page.get_by_role("button", name="File intake and triage").click()
    date_group = page.get_by_role("group", name=DATE_OF_BIRTH)
    expect(date_group).to_have_accessible_description(re.compile("Date of birth must include a month"))
    expect(page.locator(".error-summary")).to_contain_text("Date of birth must include a month")
    expect(date_group.get_by_label("Day")).to_have_value("05")
    expect(date_group.get_by_label("Year")).to_have_value("1981")
    date_group.screenshot(path=artifacts / "intake-date-of-birth-error.png")
    assert not Intake.objects.exists()


def test_an_emergency_answer_on_a_form_with_an_error_leads_with_act_now(nurse_page, live_server, artifacts):
    page = nurse_page
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_role("radio", name=re.compile("^Sudden")).check()
    red_flag(page, "stroke_signs", "Yes").check()
    page.get_by_role("button", name="File intake and triage").click()  # No name, no date of birth, no side.

    act_now = page.locator("#act-now")
    expect(act_now).to_be_visible()
    expect(act_now).to_be_focused()
    expect(act_now).to_contain_text("call 999")
    expect(act_now).to_contain_text("Sudden onset")
    expect(act_now).to_be_in_viewport()
    boxes = page.evaluate(
        "[...document.querySelectorAll('#act-now, .error-summary')].map(element => element.id || 'summary')"
    )
    assert boxes == ["act-now", "summary"]
    page.screenshot(path=artifacts / "intake-act-now.png")
    assert not Intake.objects.exists()


def test_answers_typed_before_the_session_ended_come_back_after_signing_in(nurse_page, live_server, artifacts):
    page = nurse_page
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Sam Session")
    page.get_by_role("checkbox", name="Date of birth not known").check()
    page.get_by_label("Estimated age in years").fill("70")
    page.get_by_label("Hospital number").fill("H-900")
    page.get_by_role("radio", name="Both").check()
    page.get_by_role("radio", name=re.compile("^Over days")).check()
    red_flag(page, "bladder_bowel", "Yes").check()
    red_flag(page, "saddle_numbness", "No").check()
    page.get_by_label("Notes").fill("Came in by taxi.")
    Session.objects.all().delete()  # Thirty minutes pass: the server has forgotten the session.
    page.get_by_role("button", name="File intake and triage").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Staff sign in")
    expect(page.locator(".session-ended")).to_contain_text("Your session ended")
    expect(page.locator("#act-now")).to_contain_text("bladder")
    expect(page.get_by_label("Username")).to_be_focused()
    page.screenshot(path=artifacts / "sign-in-after-session-ended.png", full_page=True)
    assert not Intake.objects.exists()

    page.get_by_label("Username").fill("nurse")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New intake")
    expect(page.get_by_role("status")).to_contain_text("your answers are back")
    expect(page.get_by_label("Patient's name")).to_have_value("Sam Session")
    expect(page.get_by_role("checkbox", name="Date of birth not known")).to_be_checked()
    expect(page.get_by_label("Estimated age in years")).to_have_value("70")
    expect(page.get_by_label("Hospital number")).to_have_value("H-900")
    expect(page.get_by_role("radio", name="Both")).to_be_checked()
    expect(red_flag(page, "bladder_bowel", "Yes")).to_be_checked()
    expect(red_flag(page, "saddle_numbness", "No")).to_be_checked()
    expect(red_flag(page, "stroke_signs", "Not asked")).to_be_checked()
    expect(page.get_by_label("Notes")).to_have_value("Came in by taxi.")
    expect(page.locator(".error-summary")).to_have_count(0)
    assert not Intake.objects.exists()

    page.get_by_role("button", name="File intake and triage").click()
    expect(page).to_have_url(re.compile(rf"/intake/{UUID}/referral/$"))
    expect(page.locator("#patient-banner")).to_contain_text("age about 70 (date of birth not known)")
    intake = Intake.objects.get()
    assert (intake.patient_name, intake.estimated_age, intake.notes) == ("Sam Session", 70, "Came in by taxi.")
    assert (intake.bladder_bowel, intake.saddle_numbness, intake.stroke_signs) == (True, False, None)
    assert page.console_errors == []


def test_a_referral_is_recorded_in_one_click(nurse_page, live_server, intake_staff, artifacts):
    page = nurse_page
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Rae Referral")
    fill_date_of_birth(page, "1950-01-02")
    page.get_by_role("radio", name="Right").check()
    page.get_by_role("radio", name=re.compile("^Sudden")).check()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page).to_have_url(re.compile(rf"/intake/{UUID}/referral/$"))
    destination = Intake.objects.get().referral_places()[0]
    page.locator(".referral-record").screenshot(path=artifacts / "referral-one-click-choices.png")

    page.get_by_role("button", name=f"I have referred to: {destination}").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(rf"Referral made \d\d:\d\d by Nia Nurse to {re.escape(destination)}"))
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Immediate action required")
    expect(page.locator("main")).not_to_contain_text("Do this now")
    page.locator("#referral-made").screenshot(path=artifacts / "referral-made.png")
    intake = Intake.objects.get()
    assert intake.referral_destination == destination and intake.referral_made_by == intake_staff


def test_the_intake_list_on_a_phone_shows_the_state_first_and_nothing_cut_off(
    browser, live_server, intake_staff, artifacts
):
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser, **PHONE)
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/intake/new/")
    page.locator("fieldset").first.screenshot(path=artifacts / "phone-intake-patient.png")
    page.get_by_label("Patient's name").fill("Bartholomew Featherstonehaugh-Montgomery")
    page.get_by_role("checkbox", name="Date of birth not known").check()
    page.get_by_label("Estimated age in years").fill("80")
    page.get_by_label("Hospital number").fill("RX-0000-1111-2222")
    page.get_by_role("radio", name="Left").check()
    page.get_by_role("radio", name=re.compile("^Sudden")).check()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page).to_have_url(re.compile(rf"/intake/{UUID}/referral/$"))

    page.goto(f"{live_server.url}/intake/")
    row = page.locator("tbody tr").first
    expect(row.locator("td").first).to_contain_text("Emergency")
    expect(row.locator("td").first).to_contain_text("Awaiting referral")
    expect(row.locator("td").nth(1)).to_contain_text("age about 80 (date of birth not known)")
    for cell in row.locator("td").all():
        expect(cell).to_be_in_viewport()
    assert no_sideways_scroll(page)
    assert page.evaluate("[...document.querySelectorAll('td')].every(cell => cell.scrollWidth <= cell.clientWidth)")
    page.screenshot(path=artifacts / "phone-intake-list.png")
    page.context.close()


def test_radios_and_tick_boxes_are_at_least_24_pixels_and_show_the_choice_by_more_than_colour(nurse_page, live_server):
    page = nurse_page
    page.goto(f"{live_server.url}/intake/new/")
    sizes = page.evaluate(
        "[...document.querySelectorAll('input[type=radio], input[type=checkbox]')]"
        ".map(input => [input.name, input.getBoundingClientRect()])"
        ".map(([name, box]) => [name, Math.min(box.width, box.height)])"
    )
    assert sizes and not [(name, size) for name, size in sizes if size < 24]
    choice = page.get_by_role("radio", name="Left")
    label = page.locator("label[for='" + choice.get_attribute("id") + "']")
    assert label.evaluate("label => getComputedStyle(label).fontWeight") == "400"
    choice.check()
    assert label.evaluate("label => getComputedStyle(label).fontWeight") == "700"


@pytest.mark.parametrize("size", SIZES)
def test_every_new_state_passes_axe(browser, axe, live_server, intake_staff, size):
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser, **SIZES[size])
    sign_in(page, live_server, "nurse")
    found = {}

    def check(state):
        found[state] = page_problems(page, axe)
        if not no_sideways_scroll(page):
            found[state].append("wider than the screen")

    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_role("radio", name=re.compile("^Sudden")).check()
    fill_date_of_birth(page, "1981-13-05")
    page.get_by_role("button", name="File intake and triage").click()
    check("act-now with a date error")
    page.get_by_role("checkbox", name="Date of birth not known").check()
    page.get_by_role("button", name="File intake and triage").click()
    check("date of birth not known, no age")
    page.get_by_label("Patient's name").fill("Axel Axe")
    page.get_by_label("Estimated age in years").fill("60")
    page.get_by_role("radio", name="Left").check()
    Session.objects.all().delete()
    page.get_by_role("button", name="File intake and triage").click()
    check("sign-in after the session ended, with act-now")
    page.get_by_label("Password").fill("wrong")
    page.get_by_label("Username").fill("nurse")
    page.get_by_role("button", name="Sign in").click()
    check("sign-in refused, answers still carried")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    check("the form back after signing in")
    page.get_by_role("button", name="File intake and triage").click()
    page.get_by_role("button", name="I have referred somewhere else").click()
    check("referral form with an error")
    page.get_by_role("button", name=re.compile("^I have referred to: ")).first.click()
    check("referral made")
    page.goto(f"{live_server.url}/intake/")
    check("intake list")
    page.context.close()
    problems = {state: problems for state, problems in found.items() if problems}
    assert problems == {}
