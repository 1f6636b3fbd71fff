"""The overdue-referral banner in Chromium, on a phone and a desktop: seen, accessible, followed, not printed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import Intake
from tests.browser.conftest import page_problems, sign_in
from tests.conftest import file_intake

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_intake_staff_see_the_overdue_banner_follow_it_and_it_is_not_printed(
    page, axe, live_server, intake_staff, width
):
    emergency = file_intake(intake_staff, onset="sudden", stroke_signs=True)
    Intake.objects.filter(pk=emergency.pk).update(created_at=timezone.now() - timedelta(minutes=25))
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, "nurse")
    page.goto(f"{live_server.url}/causes/")

    banner = page.get_by_role("alert").filter(has_text="Referral overdue")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("waited 25 minutes")
    assert banner.bounding_box()["y"] < 800, "on the first screen"
    assert page_problems(page, axe) == []

    banner.get_by_role("link", name=f"Emergency {str(emergency.pk)[:8]}").click()
    expect(page).to_have_url(f"{live_server.url}{emergency.get_referral_url()}")
    page.emulate_media(media="print")
    expect(page.locator("#overdue-referrals")).to_be_hidden()
