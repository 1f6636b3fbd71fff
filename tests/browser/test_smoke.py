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


def test_the_harness_hears_of_content_security_policy_violations(page, live_server):
    """Chromium reports a blocked inline style or script on the console, where the tests look for errors."""
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.console_errors == []
    page.evaluate(
        """() => {
            document.body.setAttribute("style", "color: red");
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.inlineScriptRan") is None
    assert len(page.console_errors) == 2
    assert all("Content Security Policy" in error for error in page.console_errors)
