"""
Staff pages that show the state as it is, at 375 px (a phone) and 1280 px: one state once the
referral is recorded, the patient on the first screen, one answer per red flag, no calendar or
clock inputs that follow the browser's locale, and an audit that counts waiting emergencies.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

import clinic
from intake.models import Intake
from tests.browser.conftest import PHONE, fill_date_of_birth, open_page, page_problems, red_flag, sign_in
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}}}
STALE = ("Immediate action required", "Do this now")
# What a phone shows before any scrolling, and how far the record buttons may be below it.
PHONE_SCREEN = PHONE["viewport"]["height"]
RECORD_BUTTONS_WITHIN = 2000


def nurse_page(browser, live_server, size):
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser, **SIZES[size])
    sign_in(page, live_server, "nurse")
    return page


@pytest.mark.parametrize("size", SIZES)
def test_after_the_referral_no_page_of_the_intake_asks_to_act_and_all_say_the_same(
    browser, axe, live_server, intake_staff, size
):
    page = nurse_page(browser, live_server, size)
    intake = file_intake(intake_staff, patient_name="Sam Sudden", onset="sudden", bladder_bowel=True)
    page.goto(f"{live_server.url}{intake.get_referral_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Immediate action required")
    destination = intake.referral_places()[0]
    page.get_by_role("button", name=f"I have referred to: {destination}").click()
    intake.refresh_from_db()
    made = timezone.localtime(intake.referral_made_at).strftime("%H:%M")
    words = f"Referral made {made} by Nia Nurse to {destination}"

    pages = {
        "referral": intake.get_referral_url(),
        "summary": intake.get_absolute_url(),
        "list": "/intake/",
        "outcome": f"/intake/{intake.pk}/outcome/",
    }
    problems = {}
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        main = page.locator("main")
        expect(main).to_contain_text(words)
        for stale in STALE:
            expect(main).not_to_contain_text(stale)
        problems[name] = page_problems(page, axe)
    # The letter: the referral page as printed.
    page.goto(f"{live_server.url}{intake.get_referral_url()}")
    page.emulate_media(media="print")
    expect(page.locator("#referral-made")).to_be_visible()
    expect(page.locator("#referral-made")).to_contain_text(words)
    for stale in STALE:
        expect(page.locator("main")).not_to_contain_text(stale)
    expect(page.locator(".referral-next")).to_contain_text("Tell the receiving team: suspected stroke")
    page.context.close()
    assert not {name: found for name, found in problems.items() if found}


@pytest.mark.parametrize(
    "answers",
    [
        {"onset": "sudden"},  # a stroke: one pathway
        {"onset": "sudden", "bladder_bowel": True},  # two pathways, and 999 first
    ],
)
def test_the_patient_banner_is_on_the_first_phone_screen_and_the_record_buttons_close_below(
    browser, axe, live_server, intake_staff, answers
):
    page = nurse_page(browser, live_server, "phone")
    intake = file_intake(
        intake_staff, patient_name="Bartholomew Featherstonehaugh-Montgomery", hospital_number="RX-0000-1111", **answers
    )
    page.goto(f"{live_server.url}{intake.get_referral_url()}")
    banner = page.locator("#patient-banner")
    expect(banner).to_be_in_viewport(ratio=1)
    for detail in ("Bartholomew Featherstonehaugh-Montgomery", "born 27 Mar 1961", "RX-0000-1111", "by Nia Nurse"):
        expect(banner).to_contain_text(detail)
    assert banner.bounding_box()["y"] + banner.bounding_box()["height"] <= PHONE_SCREEN
    buttons = page.get_by_role("button", name=re.compile("^I have referred to: "))
    assert buttons.count() == len(intake.referral_places())
    lowest = max(button.bounding_box()["y"] for button in buttons.all())
    print(f"\nreferral page at 375 px, {len(intake.referrals)} step(s): the last record button at {lowest:.0f} px")
    assert lowest < RECORD_BUTTONS_WITHIN
    call = page.get_by_role("link", name=re.compile("Call 999"))
    expect(call).to_have_attribute("href", "tel:999")
    expect(call).to_be_in_viewport()
    assert page_problems(page, axe) == []
    page.context.close()


def test_on_the_longest_referral_page_one_tap_on_the_first_screen_reaches_the_record_buttons(
    browser, live_server, intake_staff
):
    page = nurse_page(browser, live_server, "phone")
    intake = file_intake(
        intake_staff, onset="sudden", bladder_bowel=True, fever_back_pain=True, anticoagulant_pain=True
    )
    page.goto(f"{live_server.url}{intake.get_referral_url()}")
    jump = page.get_by_role("link", name="Referral made already? Record it")
    expect(jump).to_be_in_viewport()
    first_button = page.get_by_role("button", name=re.compile("^I have referred to: ")).first
    print(
        f"\nreferral page at 375 px, {len(intake.referrals)} steps: the first record button at "
        f"{first_button.bounding_box()['y']:.0f} px"
    )
    jump.tap()
    expect(first_button).to_be_focused()
    expect(first_button).to_be_in_viewport()
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_every_red_flag_has_its_own_answer_and_the_summary_shows_each(browser, live_server, intake_staff, size):
    page = nurse_page(browser, live_server, size)
    page.goto(f"{live_server.url}/intake/new/")
    for flag in clinic.RED_FLAGS:
        group = page.get_by_role("group", name=re.compile("^" + re.escape(clinic.QUESTIONS[flag].label)))
        expect(group.get_by_role("radio")).to_have_count(3)
        expect(red_flag(page, flag, "Not asked")).to_be_checked()
    page.get_by_label("Patient's name").fill("Rowan Routine")
    fill_date_of_birth(page, "1975-06-01")
    page.get_by_role("radio", name="Right").check()
    page.get_by_role("radio", name=re.compile("^Gradual")).check()
    page.get_by_role("radio", name="Stable").check()
    for flag in clinic.RED_FLAGS[:-1]:
        red_flag(page, flag, "No").check()
    page.get_by_role("button", name="File intake and triage").click()

    intake = Intake.objects.get()
    assert [getattr(intake, flag) for flag in clinic.RED_FLAGS] == [False] * 9 + [None]
    table = page.locator("#red-flags-answered table")
    expect(table.locator("thead th")).to_have_text(["Red flag", "Answer", "What it means"])
    expect(table.locator("tbody tr")).to_have_count(len(clinic.RED_FLAGS))
    not_asked = table.locator("tbody tr").first
    expect(not_asked).to_contain_text(clinic.QUESTIONS[clinic.RED_FLAGS[-1]].label)
    expect(not_asked).to_contain_text("Not asked")
    expect(not_asked).to_contain_text("Not ruled out: ask now")
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_no_calendar_or_clock_input_is_left_and_a_last_known_well_in_the_future_is_refused(
    browser, live_server, intake_staff, clinical_lead, size
):
    page = nurse_page(browser, live_server, size)
    emergency = file_intake(intake_staff, onset="sudden")
    urls = ["/intake/", "/intake/new/", emergency.get_absolute_url(), emergency.get_referral_url()]
    urls.append(f"/intake/{emergency.pk}/outcome/")
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("input[type=date], input[type=datetime-local], input[type=time]")).to_have_count(0)

    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_label("Patient's name").fill("Fay Future")
    fill_date_of_birth(page, "1961-03-27")
    page.get_by_role("radio", name="Left").check()
    page.get_by_role("radio", name=re.compile("^Sudden")).check()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    well = page.get_by_role("group", name="Last known well")
    for box, value in (("Day", tomorrow.day), ("Month", tomorrow.month), ("Year", tomorrow.year)):
        well.get_by_label(box).fill(str(value))
    well.get_by_label("Time (24-hour clock)").fill("06:10")
    page.get_by_role("button", name="File intake and triage").click()
    expect(well).to_have_accessible_description(re.compile("The time last known well cannot be in the future"))
    expect(page.locator(".error-summary")).to_contain_text("cannot be in the future")
    expect(well.get_by_label("Time (24-hour clock)")).to_have_value("06:10")
    assert not Intake.objects.filter(patient_name="Fay Future").exists()
    page.context.close()

    page = open_page(browser, **SIZES[size])
    sign_in(page, live_server, "lead")
    expect(page).to_have_url(f"{live_server.url}/intake/audit/")
    expect(page.locator("input[type=date], input[type=datetime-local], input[type=time]")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_audit_counts_open_emergencies_as_waiting(browser, axe, live_server, intake_staff, clinical_lead, size):
    referred = file_intake(intake_staff, onset="sudden")
    waiting = file_intake(intake_staff, onset="sudden")
    filed = timezone.now() - datetime.timedelta(days=3)
    Intake.objects.filter(pk__in=[referred.pk, waiting.pk]).update(created_at=filed)
    Intake.objects.filter(pk=referred.pk).update(
        referral_made_at=filed + datetime.timedelta(minutes=9), referral_made_by=intake_staff
    )
    page = open_page(browser, **SIZES[size])
    sign_in(page, live_server, "lead")
    # The clinical lead lands on the audit, reached from the menu, with no link to a page they may not open.
    expect(page).to_have_url(f"{live_server.url}/intake/audit/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit")).to_be_visible()
    expect(page.locator('a[href="/intake/new/"]')).to_have_count(0)

    expect(page.locator("#door-to-referral-waiting")).to_contain_text(
        "1 emergency filed in this period is still waiting"
    )
    row = page.locator("#door-to-referral-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("2")  # both emergencies, not only the one referred
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(4)).to_contain_text(re.compile(r"at least 4\d{3}, still waiting"))  # 3 days
    chart = page.get_by_role("img", name="Emergency door-to-referral time by week, in minutes")
    expect(chart).to_contain_text("Still waiting, at least")
    assert page_problems(page, axe) == []
    page.context.close()


def test_every_kind_of_control_shows_the_same_focus_ring(browser, live_server, intake_staff):
    page = nurse_page(browser, live_server, "desktop")
    page.emulate_media(reduced_motion="reduce")  # Bootstrap's fields ease their shadow in: read it settled.
    page.goto(f"{live_server.url}/intake/new/")
    controls = {
        "nav link": page.get_by_role("navigation", name="Main").get_by_role("link", name="Intakes"),
        "sign-out button": page.get_by_role("button", name="Sign out"),
        "text box": page.get_by_label("Patient's name"),
        "date box": page.get_by_role("group", name="Last known well").get_by_label("Day"),
        "radio": page.get_by_role("radio", name="Left"),
        "red flag": red_flag(page, "stroke_signs", "Not asked"),
        "tick box": page.get_by_role("checkbox", name="Date of birth not known"),
        "select": page.get_by_label("ankle dorsiflexion (MRC)"),
        "button": page.get_by_role("button", name="File intake and triage"),
    }
    rings = {}
    for name, control in controls.items():
        control.focus()
        page.keyboard.press("Shift+Tab")  # Focus by keyboard, as :focus-visible means it,
        page.keyboard.press("Tab")  # then back to the control.
        expect(control).to_be_focused()
        rings[name] = control.evaluate(
            "element => { const style = getComputedStyle(element);"
            " return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' | '); }"
        )
    assert len(set(rings.values())) == 1, rings
    assert "rgb(255, 235, 59)" in next(iter(rings.values()))  # the yellow halo
    page.context.close()
