import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cause_page_renders_in_chromium_with_its_stylesheet(page, live_server):
    call_command("seed_encyclopedia", verbosity=0)
    page.goto(f"{live_server.url}/causes/stroke/")
    assert page.locator("h1").inner_text() == "Stroke"
    emergency_heading = page.locator("#emergency-card-heading")
    assert "Immediate action required" in emergency_heading.inner_text()
    # The vendored Bootstrap and our stylesheet both loaded: the emergency card has its red header.
    background = page.locator(".care-card--emergency .care-card__heading-container").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert background == "rgb(213, 40, 27)"
    assert page.console_errors == []
