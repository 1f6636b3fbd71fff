"""
The public pages on a phone in Chromium: the emergency card on the first screen (its top
measured at 375 x 812, its call link at 360 x 640 on every cause page), three care cards on
every cause page with their urgency explained, the emergency check's routes (answers sent by
POST, nothing stored but the CSRF cookie) and its outcomes that say what to do, the search
results' emergency card and banner, axe on every new page, and the printed cause page with
"Call 999" as words. Screenshots go to test-artifacts/ for a person to look at.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

import clinic
from causes.models import Cause
from tests.browser.conftest import PHONE, open_page, page_problems
from tests.conftest import row_counts

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN_HEIGHT = PHONE["viewport"]["height"]
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 640}}
A4_AT_96_DPI = {"width": 794, "height": 1123}


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


def only_the_csrf_cookie(page) -> bool:
    """The check's one cookie is Django's CSRF token: no session, and no answer in it."""
    cookies = page.context.cookies()
    return [cookie["name"] for cookie in cookies] in ([], [settings.CSRF_COOKIE_NAME]) and not any(
        word in cookie["value"] for cookie in cookies for word in ("yes", "no", "gradual", "sudden")
    )


def test_the_check_leads_with_go_to_a_and_e_at_a_bladder_yes_and_keeps_answers_out_of_the_address(
    phone, live_server, artifacts
):
    before = row_counts()
    phone.goto(live_server.url)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Is my foot drop an emergency? Answer a few questions").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Is my foot drop an emergency?")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Start now").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("How did your foot drop start?")
    answer(phone, "Slowly, over weeks or months")
    answer(phone, "No")
    answer(phone, "Yes")  # the second red flag: new bladder or bowel trouble
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Go to A&E now: new bladder or bowel trouble"))
    assert " if " not in f" {heading.inner_text().lower()} "
    outcome = phone.locator("#check-outcome")
    expect(outcome.locator("#care-card-emergency")).to_be_visible()
    expect(outcome).to_contain_text("How to get there:")
    expect(outcome).to_contain_text("new trouble controlling your bladder or bowels")
    call = outcome.get_by_role("link", name="Call 999")
    expect(call).to_have_attribute("href", "tel:999")
    assert outcome.bounding_box()["y"] < SCREEN_HEIGHT / 2
    assert phone.url == f"{live_server.url}/check/questions/"  # no answer in the address, nor in the history
    phone.screenshot(path=artifacts / "check-outcome-emergency.png", full_page=True)

    recap = phone.locator(".check-recap")
    expect(recap).to_contain_text("Slowly, over weeks or months")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Back").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(str(triage_question(1)))
    assert only_the_csrf_cookie(phone)
    assert row_counts() == before


def triage_question(index: int) -> str:
    from intake.check import RED_FLAG_WORDS

    return RED_FLAG_WORDS[clinic.RED_FLAGS[index]][0]


def test_the_check_with_sudden_onset_says_call_999_now_because_it_can_be_a_stroke(phone, live_server, artifacts):
    phone.goto(f"{live_server.url}/check/questions/")
    answer(phone, "Suddenly, over minutes or hours")
    answer(phone, "In the last 24 hours")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Call 999 now: foot drop that comes on suddenly can be a stroke."
    )
    expect(phone.locator("#check-outcome a[href='tel:999']")).to_be_in_viewport()
    expect(phone.locator("#check-outcome")).to_contain_text("F.A.S.T.")
    phone.screenshot(path=artifacts / "check-outcome-call-999.png", full_page=True)


def test_change_in_you_said_reopens_that_question(phone, live_server):
    phone.goto(f"{live_server.url}/check/questions/")
    answer(phone, "Suddenly, over minutes or hours")
    answer(phone, "In the last 24 hours")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Change your answer to: How did your foot drop start?").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("How did your foot drop start?")
    answer(phone, "Slowly, over weeks or months")
    expect(phone.get_by_role("heading", level=1)).to_have_text(str(triage_question(0)))


def test_the_check_answered_no_throughout_says_see_a_gp_in_the_next_2_weeks(phone, live_server, artifacts):
    phone.goto(f"{live_server.url}/check/")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Start now").tap()
    phone.screenshot(path=artifacts / "check-question-onset.png", full_page=True)
    answer(phone, "Slowly, over weeks or months")
    phone.screenshot(path=artifacts / "check-question-red-flag.png", full_page=True)
    for _flag in clinic.RED_FLAGS:
        answer(phone, "No")
    answer(phone, "No")  # an epidural, spinal anaesthetic or back operation
    answer(phone, "Staying the same")
    answer(phone, "No")  # both legs
    expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile(r"^See a GP in the next 2 weeks: "))
    outcome = phone.locator("#check-outcome")
    expect(outcome.locator("#care-card-non-urgent")).to_be_visible()
    expect(outcome.locator("a[href='tel:999']")).to_have_count(0)
    # How it started, each red flag, a spinal procedure, the course and both legs.
    expect(phone.locator(".check-recap dd")).to_have_count(len(clinic.RED_FLAGS) + 4)
    expect(phone.locator("#care-card-emergency a[href='tel:999']")).to_have_count(1)  # if things change
    phone.screenshot(path=artifacts / "check-outcome-non-urgent.png", full_page=True)
    assert only_the_csrf_cookie(phone)


def test_the_check_with_onset_over_days_says_get_help_today(phone, live_server, artifacts, axe):
    phone.goto(f"{live_server.url}/check/questions/")
    answer(phone, "Over a few days")
    for _flag in clinic.RED_FLAGS:
        answer(phone, "No")
    answer(phone, "No")  # an epidural, spinal anaesthetic or back operation
    answer(phone, "Getting better")  # both legs, new and not getting better would be an emergency
    answer(phone, "Yes")
    expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Get help today: .*within 24 hours"))
    outcome = phone.locator("#check-outcome")
    expect(outcome.locator("#care-card-urgent")).to_be_visible()
    expect(outcome).to_contain_text("foot drop came on over a few days")
    assert page_problems(phone, axe) == []
    phone.screenshot(path=artifacts / "check-outcome-urgent.png", full_page=True)


def test_the_check_outcomes_pass_axe(phone, live_server, axe):
    found = {}
    for first, then in (("Suddenly, over minutes or hours", []), ("Slowly, over weeks or months", ["No", "Yes"])):
        phone.goto(f"{live_server.url}/check/questions/")
        answer(phone, first)
        for label in then:
            answer(phone, label)
        found[first] = page_problems(phone, axe)
    assert not any(found.values()), found


def test_the_new_public_pages_pass_axe_on_a_phone(phone, live_server, axe):
    call_command("seed_encyclopedia", verbosity=0)
    found = {}
    for path in (
        "/check/",
        "/check/questions/",
        "/about/",
        "/causes/#a-z",
        "/causes/?q=xylophone",
        "/causes/?q=woke+up+cant+lift+foot",
        "/causes/stroke/",
        "/causes/cauda-equina-syndrome/questions/",
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


@pytest.fixture
def small_phone(browser):
    page = open_page(browser, **SMALL_PHONE)
    yield page
    page.context.close()


def test_the_999_link_is_on_the_first_screen_of_every_cause_page_at_360_by_640(small_phone, live_server, artifacts):
    call_command("seed_encyclopedia", verbosity=0)
    bottoms = {}
    for cause in Cause.objects.published():
        small_phone.goto(f"{live_server.url}{cause.get_absolute_url()}")
        small_phone.evaluate("window.scrollTo(0, 0)")
        call = small_phone.locator("#care-card-emergency a[href='tel:999']")
        expect(call).to_be_visible()
        box = call.bounding_box()
        bottoms[cause.slug] = box["y"] + box["height"]
    print("call link bottoms at 360 x 640:", bottoms)
    below = {slug: bottom for slug, bottom in bottoms.items() if bottom > SMALL_PHONE["viewport"]["height"]}
    assert len(bottoms) == Cause.objects.published().count() > 10
    assert below == {}
    small_phone.goto(f"{live_server.url}/causes/charcot-marie-tooth-disease/")
    small_phone.screenshot(path=artifacts / "public-360-cause-longest-name.png")


def test_no_cause_page_shows_a_routine_badge_beside_an_emergency_card_without_explanation(phone, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    for cause in Cause.objects.published():
        phone.goto(f"{live_server.url}{cause.get_absolute_url()}")
        expect(phone.locator("#care-card-emergency")).to_be_visible()
        expect(phone.locator(".badge", has_text=re.compile("Routine|Urgency", re.IGNORECASE))).to_have_count(0)
        urgency = phone.locator("#cause-urgency")
        expect(urgency).to_be_visible()
        expect(urgency).to_contain_text("How urgent it usually is:")
        if not cause.is_emergency:
            expect(urgency).to_contain_text("With any sign in the emergency card above, it is an emergency.")


def test_every_search_results_page_carries_the_emergency_card_and_an_emergency_query_the_banner(
    phone, live_server, artifacts
):
    call_command("seed_encyclopedia", verbosity=0)
    queries = {
        "numb bum and cant pee": True,
        "woke up cant lift foot": True,
        "cauda equina": True,  # an emergency cause ranked first
        "crossing my legs": False,
        "my foot slaps when I walk": False,
        "xylophone": False,
    }
    for query, emergency in queries.items():
        phone.goto(f"{live_server.url}/causes/")
        phone.get_by_label("Search by what you notice, or by the name a doctor used").fill(query)
        with phone.expect_navigation():
            phone.get_by_role("button", name="Search").tap()
        card = phone.locator("#care-card-emergency")
        expect(card).to_have_count(1)
        expect(card.locator("a[href='tel:999']")).to_have_count(1)
        expect(phone.locator("main a[href='/check/']").first).to_be_attached()
        banner = phone.locator("#emergency-banner")
        if emergency:
            expect(banner).to_be_in_viewport()
            expect(banner.locator("a[href='tel:999']")).to_be_visible()
        else:
            expect(banner).to_have_count(0)
    phone.goto(f"{live_server.url}/causes/?q=numb+bum+and+cant+pee")
    phone.screenshot(path=artifacts / "search-emergency-banner.png")
    phone.goto(f"{live_server.url}/causes/?q=my+foot+slaps+when+I+walk")
    expect(phone.locator("#shared-symptom")).to_contain_text("fits every cause of foot drop")
    expect(phone.get_by_text(re.compile(r"\d+ causes match"))).to_have_count(0)
    phone.screenshot(path=artifacts / "search-shared-symptom.png")


def test_on_an_emergency_article_the_emergency_card_comes_before_the_question_form(small_phone, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    small_phone.goto(f"{live_server.url}/causes/cauda-equina-syndrome/questions/")
    expect(small_phone.locator("#question-emergency")).to_be_in_viewport()
    call = small_phone.locator("#care-card-emergency a[href='tel:999']")
    expect(call).to_be_in_viewport()
    card = small_phone.locator("#care-card-emergency").bounding_box()
    form = small_phone.locator("#question-form").bounding_box()
    assert card["y"] + card["height"] <= form["y"]


def test_call_999_prints_as_words_not_a_button(page, live_server, artifacts):
    call_command("seed_encyclopedia", verbosity=0)
    page.set_viewport_size(A4_AT_96_DPI)
    page.goto(f"{live_server.url}/causes/cauda-equina-syndrome/")
    call = page.locator("#care-card-emergency a[href='tel:999']")
    on_screen = call.evaluate("link => getComputedStyle(link).backgroundColor")
    page.emulate_media(media="print")
    expect(call).to_be_visible()
    expect(call).to_have_text(re.compile(r"^\s*Call 999\s*$"))
    printed = call.evaluate(
        """link => {
            const style = getComputedStyle(link);
            return {background: style.backgroundColor, border: style.borderTopWidth, color: style.color};
        }"""
    )
    assert on_screen != "rgba(0, 0, 0, 0)"  # a button on the screen
    assert printed == {"background": "rgba(0, 0, 0, 0)", "border": "0px", "color": "rgb(0, 0, 0)"}
    page.pdf(path=artifacts / "cause-page-emergency-printed.pdf", format="A4", print_background=True)
