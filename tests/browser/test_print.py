"""
Printing: with print media, cause pages and the emergency referral page drop the site's
navigation and footer and keep their content; the referral prints as a letter. PDFs and
print-media screenshots go to test-artifacts/ for a person to look at.
"""

import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from intake.services import intake_create
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

A4_AT_96_DPI = {"width": 794, "height": 1123}


def print_and_keep(page, artifacts, name: str) -> None:
    """Save what the printer would get: a PDF, and a print-media screenshot that is quicker to look at."""
    page.pdf(path=artifacts / f"{name}.pdf", format="A4", print_background=True)
    page.set_viewport_size(A4_AT_96_DPI)
    page.screenshot(path=artifacts / f"{name}-print.png", full_page=True)


def expect_site_chrome_hidden(page) -> None:
    for chrome in (".site-header", ".site-footer", ".skip-link", "nav"):
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()


def test_a_cause_page_prints_its_content_without_the_site_around_it(page, live_server, artifacts):
    call_command("seed_encyclopedia", verbosity=0)
    page.goto(f"{live_server.url}/causes/cauda-equina-syndrome/")
    page.emulate_media(media="print")

    expect_site_chrome_hidden(page)
    for reader_questions in page.locator(".discussion").all():  # A web conversation, not part of the leaflet.
        expect(reader_questions).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cauda equina syndrome")
    expect(page.locator(".lead")).to_be_visible()
    for section in page.locator(".cause-section").all():
        expect(section).to_be_visible()
    expect(page.locator("#emergency-card-heading")).to_be_visible()
    expect(page.locator(".article-details")).to_be_visible()
    print_and_keep(page, artifacts, "cause-page")
    assert page.console_errors == []


def test_the_referral_page_prints_as_a_letter(page, live_server, artifacts, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    answers = {
        "patient_name": "Sam Sudden",
        "date_of_birth": "1961-03-27",
        "hospital_number": "H-123456",
        "side": "left",
        "onset": "sudden",
        "stroke_signs": True,
    }
    intake, _ = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}{intake.get_referral_url()}")
    destination = intake.referral_places()[0]
    page.get_by_role("button", name=f"I have referred to: {destination}").click()  # One click records it.
    expect(page.locator("#referral-made")).to_contain_text(f"to {destination}")
    page.emulate_media(media="print")

    expect_site_chrome_hidden(page)
    expect(page.locator(".messages")).to_be_hidden()
    expect(page.get_by_role("link", name="See the full intake summary")).to_be_hidden()
    letter_head = page.locator(".letter-head")
    expect(letter_head).to_be_visible()
    expect(letter_head).to_contain_text("Foot Drop Clinic")
    intake.refresh_from_db()
    filed = timezone.localtime(intake.created_at).strftime("%-d %B %Y, %H:%M")
    expect(letter_head).to_contain_text(f"Emergency referral, filed {filed}")
    made = timezone.localtime(intake.referral_made_at).strftime("%H:%M")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"Referral made {made} by Nia Nurse to {destination}")
    banner = page.locator("#patient-banner")
    for identifier in ("Sam Sudden", "born 27 Mar 1961", "H-123456"):
        expect(banner).to_contain_text(identifier)
    for reason in intake.reasons:
        expect(page.locator(".reasons")).to_contain_text(reason)
    # The letter says what the receiving team must hear, and no longer asks anyone to act now.
    expect(page.locator(".referral-next")).to_contain_text("Tell the receiving team: suspected stroke.")
    expect(page.locator("main")).not_to_contain_text("Immediate action required")
    expect(page.locator("main")).not_to_contain_text("Do this now")
    expect(page.locator("#suspected-causes")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("record it here")
    print_and_keep(page, artifacts, "referral-letter")
    assert page.console_errors == []


def test_a_referral_letter_printed_before_the_referral_is_recorded_says_so_and_shows_no_form(
    page, live_server, artifacts, intake_staff
):
    call_command("seed_encyclopedia", verbosity=0)
    answers = {"patient_name": "Pat Pending", "side": "both", "onset": "days", "bladder_bowel": True}
    answers["estimated_age"] = 70
    intake, _ = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}{intake.get_referral_url()}")
    page.emulate_media(media="print")

    expect(page.get_by_role("region", name="Record the referral")).to_be_hidden()
    for button in page.get_by_role("button").all():
        expect(button).to_be_hidden()
    expect(page.get_by_text("Referral: not yet recorded.")).to_be_visible()
    expect(page.locator("#patient-banner")).to_contain_text("age about 70 (date of birth not known)")
    expect(page.locator("main")).not_to_contain_text("record it here")
    print_and_keep(page, artifacts, "referral-letter-unrecorded")
    assert page.console_errors == []
