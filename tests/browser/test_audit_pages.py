"""The outcome and audit pages in Chromium: axe-clean, no console or CSP errors, and a screenshot of the audit."""

import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.services import intake_create
from tests.browser.conftest import page_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_outcome_pages_pass_axe_with_no_console_errors(page, axe, live_server, intake_staff):
    call_command("seed_encyclopedia", verbosity=0)
    answers = {"patient_name": "Otto Outcome", "date_of_birth": "1961-03-27", "side": "left", "onset": "gradual"}
    intake, _created = intake_create(answers=answers, user=intake_staff, submission_token=uuid.uuid4())
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/intake/{intake.pk}/outcome/")
    found = {"the outcome form": page_problems(page, axe)}
    page.get_by_label("Another diagnosis").check()
    page.get_by_role("button", name="Save the outcome").click()
    found["the outcome form with errors"] = page_problems(page, axe)
    page.get_by_label("Another diagnosis").check()
    page.get_by_label("Other diagnosis", exact=True).fill("Hereditary neuropathy with liability to pressure palsies")
    page.get_by_label("Confirmed by").fill("Dr Rao, neurology")
    day = timezone.localdate(intake.created_at)
    date_group = page.get_by_role("group", name="Date confirmed")
    for box, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        date_group.get_by_label(box).fill(str(value))
    page.get_by_role("button", name="Save the outcome").click()
    assert page.url.endswith(f"/intake/{intake.pk}/")
    assert page.get_by_text("Dr Rao, neurology").is_visible()
    found["the summary with its outcome"] = page_problems(page, axe)
    problems = {name: items for name, items in found.items() if items}
    assert not problems, problems


def test_the_audit_page_with_demo_data_passes_axe_and_draws_its_chart(
    page, axe, live_server, clinical_lead, settings, artifacts
):
    settings.DEBUG = True
    call_command("seed_demo_intakes", weeks=8, per_week=6, stdout=None)
    settings.DEBUG = False
    sign_in(page, live_server, "lead")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/intake/audit/")
    chart = page.locator("#door-to-referral-chart svg[role=img]")
    assert chart.count() == 1
    assert chart.bounding_box()["width"] > 300
    assert page.get_by_role("img", name="Emergency door-to-referral time by week, in minutes").count() == 1
    found = {"the audit page": page_problems(page, axe)}
    page.screenshot(path=artifacts / "audit-page.png", full_page=True)
    page.goto(f"{live_server.url}/intake/audit/?start=2026-02-30&end=soon")
    found["the audit page with bad dates"] = page_problems(page, axe)
    problems = {name: items for name, items in found.items() if items}
    assert not problems, problems
