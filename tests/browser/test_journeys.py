"""
The four journeys people make through the site, end to end in Chromium against a live server:
a patient on a phone, a nurse at a keyboard in an emergency, a nurse filing a routine intake,
and an editor whose change readers see once a clinician has approved it.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from causes.models import Cause
from intake.models import Intake
from tests.browser.conftest import (
    DATE_OF_BIRTH,
    PASSWORD,
    PHONE,
    fill_date_of_birth,
    open_page,
    page_problems,
    red_flag,
    sign_in,
    tab_to,
)

pytestmark = pytest.mark.django_db(transaction=True)

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_a_patient_on_a_phone_finds_their_cause_and_the_emergency_advice(browser, axe, live_server, artifacts):
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser, **PHONE)
    page.goto(live_server.url)
    assert page_problems(page, axe) == []
    page.screenshot(path=artifacts / "phone-home.png")

    page.get_by_role("searchbox", name="Describe what happens, or type the name of a cause").tap()
    page.keyboard.type("common peroneal neuropathy")
    page.get_by_role("button", name="Search").tap()
    expect(page).to_have_url(re.compile(r"/causes/\?q=common\+peroneal\+neuropathy$"))
    assert page_problems(page, axe) == []
    page.screenshot(path=artifacts / "phone-search-results.png")
    first_result = page.locator(".cause-results a").first
    expect(first_result).to_have_text("Common peroneal neuropathy")

    first_result.tap()
    expect(page).to_have_url(f"{live_server.url}/causes/common-peroneal-neuropathy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Common peroneal neuropathy")
    card = page.get_by_role("region", name=re.compile("Immediate action required"))
    card.scroll_into_view_if_needed()
    expect(card).to_be_in_viewport()
    expect(card.get_by_role("heading", level=2)).to_contain_text("Immediate action required: Call 999")
    # The article's own emergency card: a peroneal palsy is an emergency within days of a leg injury or operation.
    expect(card).to_contain_text("within 3 days of an injury or operation")
    expect(card.get_by_role("link", name=re.compile("Call 999"))).to_have_attribute("href", "tel:999")
    # Nothing is wider than the phone: no sideways scrolling to read the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page_problems(page, axe) == []
    card.screenshot(path=artifacts / "phone-emergency-card.png")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=artifacts / "phone-cause-page.png")
    page.context.close()


def test_a_nurse_files_an_emergency_intake_and_records_the_referral_by_keyboard_alone(
    browser, live_server, intake_staff
):
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser)
    keyboard = page.keyboard
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()
    keyboard.type("nurse")
    keyboard.press("Tab")
    keyboard.type(PASSWORD)
    with page.expect_navigation():
        keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/intake/")

    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="New intake"))
    with page.expect_navigation():
        keyboard.press("Enter")
    expect(page.get_by_label("Patient's name")).to_be_focused()
    keyboard.type("Sam Sudden")
    keyboard.press("Tab")  # Into the date of birth's day box; the UK date as it is said, box by box.
    expect(page.get_by_role("group", name=DATE_OF_BIRTH).get_by_role("textbox", name="Day")).to_be_focused()
    for part in ("27", "3", "1961"):
        keyboard.type(part)
        keyboard.press("Tab")
    tab_to(page, page.get_by_label("Hospital number"))  # Past "date of birth not known" and the estimated age.
    keyboard.type("H-123456")
    keyboard.press("Tab")  # Into the side radio group, at its first choice.
    expect(page.get_by_role("radio", name="Left")).to_be_focused()
    keyboard.press("Space")
    keyboard.press("Tab")  # Into the onset group, at its first choice: sudden.
    keyboard.press("Space")
    expect(page.get_by_role("radio", name=re.compile("^Sudden"))).to_be_checked()
    tab_to(page, red_flag(page, "stroke_signs", "Not asked"))  # Each red flag starts as not asked.
    keyboard.press("ArrowDown")  # Round to "Yes".
    expect(red_flag(page, "stroke_signs", "Yes")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="File intake and triage"))
    with page.expect_navigation():
        keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/intake/{UUID}/referral/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immediate action required")
    expect(page.locator("#patient-banner")).to_contain_text("Sam Sudden")
    expect(page.locator("#patient-banner")).to_contain_text("born 27 Mar 1961")
    destination = Intake.objects.get().referral_places()[0]
    tab_to(page, page.locator(".referral-note summary"))  # The note is folded away until wanted.
    keyboard.press("Enter")
    keyboard.press("Tab")
    expect(page.get_by_label("Note", exact=True)).to_be_focused()
    keyboard.type("Accepted by the stroke registrar.")
    tab_to(page, page.get_by_role("button", name=f"I have referred to: {destination}"))
    with page.expect_navigation():
        keyboard.press("Space")
    expect(page.get_by_role("status").first).to_contain_text("The referral has been recorded.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"by Nia Nurse to {destination}")

    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Intakes"))
    with page.expect_navigation():
        keyboard.press("Enter")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Sam Sudden")
    expect(first_row).to_contain_text("H-123456")
    expect(first_row).to_contain_text("Emergency")
    expect(first_row).to_contain_text(f"by Nia Nurse to {destination}")
    intake = Intake.objects.get()
    assert intake.referral_destination == destination
    assert intake.referral_note == "Accepted by the stroke registrar."
    assert str(intake.date_of_birth) == "1961-03-27"
    assert page.console_errors == []
    page.context.close()


def test_a_nurse_files_a_routine_intake_and_opens_a_suspected_cause(page, live_server, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Rowan Routine")
    fill_date_of_birth(page, "1975-06-01")
    page.get_by_role("radio", name="Right").check()
    page.get_by_role("radio", name=re.compile("^Gradual")).check()
    page.get_by_role("radio", name="Stable").check()
    page.get_by_role("checkbox", name=re.compile("leg crossing", re.IGNORECASE)).check()
    page.get_by_role("checkbox", name=re.compile("weight loss", re.IGNORECASE)).check()
    page.get_by_role("button", name="File intake and triage").click()

    expect(page).to_have_url(re.compile(rf"/intake/{UUID}/$"))
    expect(page.get_by_role("heading", level=2, name=re.compile("Routine"))).to_be_visible()
    first_suspect = page.locator("#suspected-causes a").first
    name = first_suspect.inner_text()
    slug = Cause.objects.get(name=name).slug
    first_suspect.click()
    expect(page).to_have_url(f"{live_server.url}/causes/{slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert page.console_errors == []


def test_an_editors_change_is_previewed_approved_by_a_clinician_and_then_reaches_readers(
    browser, live_server, editor, reviewer
):
    call_command("seed_encyclopedia", verbosity=0)
    cause = Cause.objects.get(slug="common-peroneal-neuropathy")
    public_url = f"{live_server.url}/causes/common-peroneal-neuropathy/"
    reader = open_page(browser)
    reader.goto(public_url)  # Now in the shared page cache.
    expect(reader.locator(".lead")).to_have_text(cause.summary)

    page = open_page(browser)
    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/causes/cause/{cause.pk}/change/")
    new_summary = "Pressure on the nerve just below the knee, on the outer side: the commonest cause of foot drop."
    page.get_by_label("Summary").fill(new_summary)
    page.get_by_label("Reason for the change").fill("Plainer words")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as a draft")
    page.get_by_role("link", name="Preview the draft").first.click()
    expect(page.locator(".lead")).to_have_text(new_summary)
    expect(page.get_by_role("status")).to_contain_text("Preview of the draft")
    assert page.console_errors == []
    page.context.close()

    reader.goto(public_url)  # Readers still see the published text.
    expect(reader.locator(".lead")).to_have_text(cause.summary)

    clinician = open_page(browser)
    sign_in(clinician, live_server, "reviewer")
    clinician.goto(f"{live_server.url}/admin/causes/cause/?sign_off=draft")
    clinician.get_by_role("link", name="Common peroneal neuropathy").click()
    clinician.get_by_role("link", name="Review and approve").click()
    expect(clinician.locator(".draft-changes td").nth(1)).to_have_text(new_summary)
    clinician.get_by_label("Your role").fill("Consultant neurologist")
    clinician.get_by_role("button", name="Approve and publish").click()
    expect(clinician.locator(".messagelist")).to_contain_text("Approved and published")
    assert clinician.console_errors == []
    clinician.context.close()

    reader.goto(public_url)
    expect(reader.locator(".lead")).to_have_text(new_summary)
    expect(reader.locator(".review-dates")).to_contain_text("Reviewed by Rhian Rees, Consultant neurologist")
    reader.goto(f"{live_server.url}/causes/?q=commonest")
    expect(reader.locator(".cause-results")).to_contain_text("Common peroneal neuropathy")
    reader.context.close()
