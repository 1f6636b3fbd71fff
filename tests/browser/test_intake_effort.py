"""
How much a nurse does to file an intake: the clicks and key presses from a blank form to a
filed intake, counted by the page itself (every pointer press and key press), for a routine
and an emergency journey, and for recording the emergency's referral.

Measured on the form before the date of birth became three boxes and the referral one click
(a browser date field typed as 8 digits; the referral's destination typed out): routine 5
clicks and 21 keys; emergency 6 clicks and 18 keys; recording the referral 2 clicks and 70 keys.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from intake.models import Intake
from tests.browser.conftest import DATE_OF_BIRTH, red_flag, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

COUNT_EFFORT = """
for (const [event, key] of [["pointerdown", "clicks"], ["keydown", "keys"]]) {
  document.addEventListener(event, () => {
    sessionStorage.setItem(key, Number(sessionStorage.getItem(key) || 0) + 1);
  }, true);
}
"""
BEFORE = {"routine": (5, 21), "emergency": (6, 18), "referral": (2, 70)}
# Tab between the date's day, month and year boxes: a browser date field moved on by itself.
DATE_BOX_TABS = 2


def effort(page) -> tuple[int, int]:
    counts = page.evaluate("[Number(sessionStorage.clicks || 0), Number(sessionStorage.keys || 0)]")
    page.evaluate("sessionStorage.clear()")
    return tuple(counts)


def start(page, live_server, name: str, day: str, month: str, year: str) -> None:
    page.goto(f"{live_server.url}/intake/new/")
    effort(page)
    page.get_by_label("Patient's name").click()
    page.keyboard.type(name)
    page.get_by_role("group", name=DATE_OF_BIRTH).get_by_role("textbox", name="Day").click()
    for part in (day, "Tab", month, "Tab", year):
        page.keyboard.press(part) if part == "Tab" else page.keyboard.type(part)


def test_filing_an_intake_takes_no_more_clicks_or_keys_than_before_and_a_referral_one_click(
    page, live_server, intake_staff
):
    call_command("seed_encyclopedia", verbosity=0)
    sign_in(page, live_server, "nurse")
    page.add_init_script(COUNT_EFFORT)

    start(page, live_server, "Rowan Routine", "1", "6", "1975")
    page.get_by_role("radio", name="Right").click()
    page.get_by_role("radio", name=re.compile("^Gradual")).click()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Routine"))).to_be_visible()
    routine = effort(page)

    start(page, live_server, "Sam Sudden", "27", "3", "1961")
    page.get_by_role("radio", name="Left").click()
    page.get_by_role("radio", name=re.compile("^Sudden")).click()
    red_flag(page, "stroke_signs", "Yes").click()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immediate action required")
    emergency = effort(page)

    destination = Intake.objects.get(patient_name="Sam Sudden").referral_places()[0]
    page.get_by_role("button", name=f"I have referred to: {destination}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral made")
    referral = effort(page)

    page.goto(f"{live_server.url}/intake/new/")
    effort(page)
    page.get_by_label("Patient's name").click()
    page.keyboard.type("Una Known")
    page.get_by_role("checkbox", name="Date of birth not known").click()
    page.get_by_label("Estimated age in years").click()
    page.keyboard.type("70")
    page.get_by_role("radio", name="Left").click()
    page.get_by_role("radio", name=re.compile("^Sudden")).click()
    page.get_by_role("button", name="File intake and triage").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immediate action required")
    unknown_date_of_birth = effort(page)

    measured = {"routine": routine, "emergency": emergency, "referral": referral, "no date": unknown_date_of_birth}
    print(f"\n(clicks, keys) before {BEFORE}, after {measured}")
    for journey in ("routine", "emergency"):
        (clicks_before, keys_before), (clicks, keys) = BEFORE[journey], measured[journey]
        assert clicks <= clicks_before and keys <= keys_before + DATE_BOX_TABS, measured
    assert referral == (1, 0), measured
    assert Intake.objects.get(patient_name="Una Known").estimated_age == 70
