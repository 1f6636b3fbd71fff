"""
The public pages on a 375 x 812 phone in Chromium: the emergency card on the first screen
(its top measured), a one-tap call link, three care cards on every cause page, the emergency
check's routes with nothing stored, axe on every new page, and the printed cause page.
Screenshots go to test-artifacts/ for a person to look at.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

import clinic
from causes.models import Cause
from tests.browser.conftest import PHONE, open_page, page_problems

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN_HEIGHT = PHONE["viewport"]["height"]
A4_AT_96_DPI = {"width": 794, "height": 1123}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def phone(browser):
    page = open_page(browser, **PHONE)
    yield page
    page.context.close()


def emergency_card_top(page) -> float:
    """Where the emergency card starts, in CSS pixels from the top of the page, before any scrolling."""
    page.evaluate("window.scrollTo(0, 0)")
    return page.locator("#care-card-emergency").bounding_box()["y"]


def test_the_emergency_card_starts_on_the_first_phone_screen_of_the_home_and_every_cause_page(
    phone, live_server, artifacts
):
    call_command("seed_encyclopedia", verbosity=0)
    paths = ["/", *(cause.get_absolute_url() for cause in Cause.objects.published())]
    tops = {}
    for path in paths:
        phone.goto(f"{live_server.url}{path}")
        tops[path] = emergency_card_top(phone)
        heading = phone.locator("#emergency-card-heading").bounding_box()
        assert heading["y"] + heading["height"] <= SCREEN_HEIGHT, (path, heading)
        call = phone.locator("#care-card-emergency a[href='tel:999']")
        expect(call).to_have_count(1)
        expect(call).to_be_visible()
        for later in ("#overview", "#discussion", ".question-form"):
            if phone.locator(later).count():
                assert phone.locator(later).first.bounding_box()["y"] > tops[path], (path, later)
    print("emergency card tops at 375 x 812:", tops)
    worst = max(tops, key=tops.get)
    assert tops[worst] < SCREEN_HEIGHT * 0.75, (worst, tops[worst])
    phone.goto(live_server.url)
    phone.screenshot(path=artifacts / "public-phone-home.png")
    phone.goto(f"{live_server.url}/causes/stroke/")
    phone.screenshot(path=artifacts / "public-phone-cause-stroke.png")


def test_every_seeded_cause_shows_three_care_cards_in_words(phone, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    for cause in Cause.objects.published():
        phone.goto(f"{live_server.url}{cause.get_absolute_url()}")
        for kind, words in (
            ("emergency", "Immediate action required:"),
            ("urgent", "Urgent advice: Ask for an urgent GP appointment or get help from NHS 111 if:"),
            ("non-urgent", "Non-urgent advice: See a GP if:"),
        ):
            card = phone.locator(f"#care-card-{kind}")
            expect(card).to_be_visible()
            expect(card.get_by_role("heading", level=2)).to_contain_text(words)
            assert card.locator("li").count() >= 1, (cause.slug, kind)
        expected = "Call 999 if:" if cause.emergency_action == "call_999" else "Call 999 or go to A&E if:"
        expect(phone.locator("#emergency-card-heading")).to_contain_text(expected)


def answer(page, label: str) -> None:
    """Tap an answer and wait for the next page, so the next tap never lands on the old one."""
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).tap()


def test_the_check_ends_on_call_999_at_the_first_yes_and_stores_nothing(phone, live_server, artifacts):
    before = row_counts()
    phone.goto(live_server.url)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Is my foot drop an emergency? Answer a few questions").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Is my foot drop an emergency?")
    answer(phone, "Start now")
    expect(phone.get_by_role("heading", level=1)).to_have_text("How did your foot drop start?")
    answer(phone, "Slowly, over weeks or months")
    answer(phone, "No")
    answer(phone, "Yes")  # the second red flag: new bladder or bowel trouble
    outcome = phone.locator("#check-outcome")
    expect(outcome.locator("#care-card-emergency")).to_be_visible()
    expect(outcome).to_contain_text("new trouble controlling your bladder or bowels")
    call = outcome.get_by_role("link", name="Call 999")
    expect(call).to_have_attribute("href", "tel:999")
    assert outcome.bounding_box()["y"] < SCREEN_HEIGHT / 2
    phone.screenshot(path=artifacts / "check-outcome-emergency.png", full_page=True)

    with phone.expect_navigation():
        phone.get_by_role("link", name="Back").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(str(triage_question(1)))
    assert phone.context.cookies() == []
    assert row_counts() == before


def triage_question(index: int) -> str:
    from intake.check import RED_FLAG_WORDS

    return RED_FLAG_WORDS[clinic.RED_FLAGS[index]][0]


def test_the_check_answered_no_throughout_ends_on_see_a_gp(phone, live_server, artifacts):
    phone.goto(f"{live_server.url}/check/")
    answer(phone, "Start now")
    phone.screenshot(path=artifacts / "check-question-onset.png", full_page=True)
    answer(phone, "Slowly, over weeks or months")
    phone.screenshot(path=artifacts / "check-question-red-flag.png", full_page=True)
    for _flag in clinic.RED_FLAGS:
        answer(phone, "No")
    answer(phone, "No")  # an epidural, spinal anaesthetic or back operation
    answer(phone, "Staying the same")
    answer(phone, "No")  # both legs
    outcome = phone.locator("#check-outcome")
    expect(outcome.locator("#care-card-non-urgent")).to_be_visible()
    expect(outcome).to_contain_text("See a GP if:")
    expect(outcome.locator("a[href='tel:999']")).to_have_count(0)
    phone.screenshot(path=artifacts / "check-outcome-non-urgent.png", full_page=True)
    assert phone.context.cookies() == []


def test_the_check_with_onset_over_days_ends_on_the_urgent_card(phone, live_server, artifacts, axe):
    phone.goto(f"{live_server.url}/check/questions/")
    answer(phone, "Over a few days")
    for _flag in clinic.RED_FLAGS:
        answer(phone, "No")
    answer(phone, "No")  # an epidural, spinal anaesthetic or back operation
    answer(phone, "Getting better")  # both legs, new and not getting better would be an emergency
    answer(phone, "Yes")
    outcome = phone.locator("#check-outcome")
    expect(outcome.locator("#care-card-urgent")).to_be_visible()
    expect(outcome).to_contain_text("foot drop came on over a few days")
    assert page_problems(phone, axe) == []
    phone.screenshot(path=artifacts / "check-outcome-urgent.png", full_page=True)


def test_the_new_public_pages_pass_axe_on_a_phone(phone, live_server, axe):
    call_command("seed_encyclopedia", verbosity=0)
    found = {}
    for path in (
        "/check/",
        "/check/questions/",
        "/check/questions/?onset=gradual&stroke_signs=no",
        "/check/questions/?onset=sudden",
        "/check/questions/?onset=on_waking&onset_when=last_24_hours",
        "/check/questions/?onset=tampered",
        "/about/",
        "/causes/#a-z",
        "/causes/?q=xylophone",
        "/causes/stroke/",
    ):
        response = phone.goto(f"{live_server.url}{path}")
        found[path] = [f"HTTP {response.status}"] if response.status >= 500 else []
        found[path] += page_problems(phone, axe)
    assert not any(found.values()), {path: problems for path, problems in found.items() if problems}
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_printed_cause_page_names_the_site_address_and_date_with_the_emergency_card_on_page_one(
    page, live_server, artifacts
):
    call_command("seed_encyclopedia", verbosity=0)
    page.set_viewport_size(A4_AT_96_DPI)
    page.goto(f"{live_server.url}/causes/common-peroneal-neuropathy/")
    page.emulate_media(media="print")
    head = page.locator(".print-head")
    expect(head).to_be_visible()
    expect(head).to_contain_text("Foot Drop Clinic")
    expect(head).to_contain_text(f"{live_server.url}/causes/common-peroneal-neuropathy/")
    expect(head).to_contain_text("Printed ")
    card = page.locator("#care-card-emergency").bounding_box()
    assert card["y"] + card["height"] < A4_AT_96_DPI["height"], card
    # The nerve-pathway picture would otherwise spill onto a page of its own.
    expect(page.locator(".pathway")).to_be_hidden()
    page.pdf(path=artifacts / "cause-page-printed.pdf", format="A4", print_background=True)
    page.screenshot(path=artifacts / "cause-page-printed.png", full_page=True)
    assert page.console_errors == []
