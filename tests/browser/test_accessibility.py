"""
Every page a patient, a member of staff or an editor can reach, checked in Chromium:
axe-core finds no WCAG 2.2 AA violation, there is one h1 and one main landmark, and the
browser reports no console error and no Content Security Policy violation. Then what axe
cannot judge alone: the skip link, landmarks, visible keyboard focus and linked form errors.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from causes.models import Cause
from tests.browser.conftest import DATE_OF_BIRTH, fill_date_of_birth, open_page, page_problems, sign_in, tab_to
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db(transaction=True)


def problems_on(page, axe, live_server, paths) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        found[path] = [f"HTTP {response.status}"] if response.status >= 500 else []
        found[path] += page_problems(page, axe)
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items() if problems)


def test_public_pages_pass_axe_with_no_console_errors(page, axe, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    found = problems_on(
        page,
        axe,
        live_server,
        [
            "/",
            "/causes/",
            "/causes/common-peroneal-neuropathy/",
            "/causes/stroke/",  # An emergency cause, with its urgency line and icon.
            "/causes/stroke/questions/",
            "/causes/cauda-equina-syndrome/questions/",  # The emergency card above the form.
            "/causes/?q=peroneal",
            "/causes/?q=nothing+matches+this",
            "/causes/?q=numb+bum+and+cant+pee",  # The emergency banner.
            "/causes/?q=my+foot+slaps+when+I+walk",  # A query that fits every cause.
            "/accounts/login/",
            "/accounts/password_reset/",
            "/causes/no-such-cause/",  # The 404 page.
        ],
    )
    assert not report(found), report(found)


def test_intake_pages_pass_axe_with_no_console_errors(page, axe, live_server, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    routine = file_intake(intake_staff, course="stable", knee_surgery_or_injury=True)
    urgent = file_intake(intake_staff, patient_name="Uma Urgent", onset="days", course="worsening")
    emergency = file_intake(intake_staff, patient_name="Sam Sudden", onset="sudden")
    sign_in(page, live_server, "nurse")
    found = problems_on(
        page,
        axe,
        live_server,
        [
            "/intake/",
            "/intake/new/",
            f"/intake/{routine.pk}/",
            f"/intake/{urgent.pk}/",
            f"/intake/{emergency.pk}/",
            f"/intake/{emergency.pk}/referral/",
        ],
    )
    page.goto(f"{live_server.url}/intake/new/")
    page.get_by_role("button", name="File intake and triage").click()
    found["the intake form with errors"] = page_problems(page, axe)
    page.goto(f"{live_server.url}/intake/{emergency.pk}/referral/")
    page.get_by_role("button", name="I have referred somewhere else").click()
    found["the referral form with errors"] = page_problems(page, axe)
    page.get_by_role("button", name=re.compile("^I have referred to: ")).first.click()
    found["the referral page once recorded"] = page_problems(page, axe)
    for name, url in (("summary", f"/intake/{emergency.pk}/"), ("outcome form", f"/intake/{emergency.pk}/outcome/")):
        page.goto(f"{live_server.url}{url}")
        found[f"the {name} once the referral is recorded"] = page_problems(page, axe)
    page.get_by_role("radio", name="Another diagnosis").check()
    page.get_by_role("button", name="Save the outcome").click()
    found["the outcome form with errors"] = page_problems(page, axe)
    assert not report(found), report(found)


def test_admin_pages_pass_axe_with_no_console_errors(
    browser, axe, live_server, editor, superuser, intake_staff, reviewer
):
    call_command("seed_encyclopedia", verbosity=0)
    cause = Cause.objects.get(slug="common-peroneal-neuropathy")
    intake = file_intake(intake_staff, onset="sudden")
    page = open_page(browser)
    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/causes/cause/{cause.pk}/change/")
    page.get_by_label("Summary").fill("Changed, so that there is a draft and a history entry.")
    page.get_by_label("Reason for the change").fill("Clearer words")
    page.get_by_role("button", name="Save", exact=True).click()
    found = {"the cause's change form after a save": page_problems(page, axe)}
    found |= problems_on(
        page,
        axe,
        live_server,
        [
            "/admin/",
            "/admin/causes/cause/",
            f"/admin/causes/cause/{cause.pk}/change/",
            f"/admin/causes/cause/{cause.pk}/history/",
            f"/admin/causes/cause/{cause.pk}/history/{cause.history.first().pk}/",
            f"/admin/causes/cause/{cause.pk}/preview/",
            f"/admin/causes/cause/{cause.pk}/discard/",
            "/admin/causes/cause/?sign_off=review_due",
            "/admin/causes/cause/add/",
            "/admin/causes/question/",
            "/intake/",  # Where signing in sends everyone: an editor is refused it (403 page).
        ],
    )
    page.context.close()
    page = open_page(browser)
    sign_in(page, live_server, "admin")
    found |= problems_on(
        page,
        axe,
        live_server,
        ["/admin/intake/intake/", f"/admin/intake/intake/{intake.pk}/change/", "/admin/intake/intakeaccess/"],
    )
    page.context.close()
    page = open_page(browser)
    sign_in(page, live_server, "reviewer")
    found |= problems_on(page, axe, live_server, [f"/admin/causes/cause/{cause.pk}/approve/"])
    page.get_by_label("Your role").fill("Consultant neurologist")
    page.get_by_role("button", name="Approve and publish").click()
    history = problems_on(page, axe, live_server, [f"/admin/causes/cause/{cause.pk}/history/"])
    found |= {f"{path}, with the approved change": problems for path, problems in history.items()}
    page.context.close()
    assert not report(found), report(found)


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_main_content(page, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    page.goto(f"{live_server.url}/causes/stroke/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()  # Hidden until focused.
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Home")).to_be_focused()  # The breadcrumb.


def test_every_page_has_its_landmarks(page, live_server, intake_staff):
    sign_in(page, live_server, "nurse")
    for path in ("/", "/causes/", "/intake/", "/intake/new/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("banner")).to_have_count(1)
        expect(page.get_by_role("navigation", name="Main")).to_have_count(1)
        expect(page.get_by_role("main")).to_have_count(1)
        # The public pages' general-information footer is for readers: staff pages leave it out.
        expect(page.get_by_role("contentinfo")).to_have_count(0 if path.startswith("/intake/") else 1)


def test_the_keyboard_reaches_every_control_with_a_visible_focus(browser, live_server, intake_staff, editor):
    """Tab through whole pages: tab_to fails on any stop without a visible focus indicator."""
    call_command("seed_encyclopedia", verbosity=0)
    page = open_page(browser)
    page.goto(f"{live_server.url}/")
    tab_to(page, page.get_by_role("main").get_by_role("link").last)
    page.goto(f"{live_server.url}/causes/stroke/")
    tab_to(page, page.locator(".related a").last)  # The last stop in the page's main content.
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/intake/new/")
    tab_to(page, page.get_by_role("button", name="File intake and triage"))
    page.context.close()
    page = open_page(browser)
    sign_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/causes/cause/{Cause.objects.get(slug='stroke').pk}/change/")
    tab_to(page, page.get_by_role("button", name="Save", exact=True), limit=200)
    page.context.close()


def test_form_errors_are_summarised_and_linked_to_their_fields(page, live_server, intake_staff):
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/intake/new/")
    fill_date_of_birth(page, "2999-01-01")
    page.get_by_role("button", name="File intake and triage").click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(4)
    # Each field is described by its own error, so a screen reader reads it with the field.
    expect(page.get_by_label("Patient's name")).to_have_accessible_description(
        re.compile("Enter the patient's full name")
    )
    expect(page.get_by_role("group", name=DATE_OF_BIRTH)).to_have_accessible_description(
        re.compile("Date of birth must be in the past")
    )
    expect(page.get_by_role("group", name=re.compile("^Side affected"))).to_have_accessible_description(
        re.compile("Select which leg is affected")
    )
    # The summary takes the focus; following its first link by keyboard puts the focus in that field.
    expect(page.locator(".error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Patient's name")).to_be_focused()
    # Each link leads to its field's own first input, and following it puts the focus there, with no script.
    for link in links.all():
        target = page.locator(link.get_attribute("href"))
        link.click()
        expect(target).to_be_focused()
