"""
Real-browser tests: Playwright drives Debian's headless Chromium against a live server.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium.
One browser serves the whole session; each test opens its own contexts (cookie jars).
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# WCAG 2.2 AA as axe-core tests it; the rule set is fixed here, the pages are fixed to meet it.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


BROWSER_TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Every browser test is slow (a real Chromium against a live server): `make test-fast` leaves them out."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, **context_options):
    """
    A page in a new browser context (its own cookies), recording console errors (Chromium
    reports every Content Security Policy violation there) and uncaught exceptions in
    `page.console_errors`. Close it with `page.context.close()`.
    """
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)  # Fail fast: a live server on this machine answers in well under a second.
    page = context.new_page()
    page.console_errors = []

    def on_console(message):
        # A page answered with 400 or 404 on purpose is logged as a failed load; failed
        # loads of anything the page itself asks for are recorded below, with their address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.console_errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            page.console_errors.append(f"HTTP {response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


@pytest.fixture
def page(browser):
    page = open_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe():
    return Axe()


def sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def page_problems(page, axe) -> list[str]:
    """
    What is wrong with the page now shown, for a person or their assistive technology:
    axe-core's WCAG 2.2 AA violations, not exactly one h1, no main landmark, console
    errors and CSP violations. An empty list means the page passed.
    """
    problems = []
    results = axe.run(page, options=AXE_OPTIONS)
    for violation in results.response["violations"]:
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} h1 elements instead of one")
    if page.locator("main, [role=main]").count() != 1:
        problems.append("no single main landmark")
    problems.extend(f"console: {error}" for error in page.console_errors)
    page.console_errors.clear()
    return problems


def tab_to(page, target, limit: int = 120) -> None:
    """
    Press Tab until `target` (a locator) has the focus, checking on the way that every
    element reached shows where the focus is (WCAG 2.4.7).
    """
    handle = target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """target => {
                const element = document.activeElement, style = getComputedStyle(element);
                const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
                return {
                    visible: outlined || style.boxShadow !== "none",
                    reached: element === target,
                    html: element.outerHTML.slice(0, 120),
                };
            }""",
            handle,
        )
        assert focus["visible"], f"no visible focus on {focus['html']}"
        if focus["reached"]:
            return
    raise AssertionError(f"{target} not reached with {limit} presses of Tab")


# The date of birth's group, marked required (*) like the other required answers.
DATE_OF_BIRTH = re.compile(r"^Date of birth\*?$")


def fill_date_of_birth(page, iso_date: str) -> None:
    """Type a date (YYYY-MM-DD) into the date of birth's three boxes, the UK way round: day, month, year."""
    year, month, day = iso_date.split("-")
    group = page.get_by_role("group", name=DATE_OF_BIRTH)
    for label, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(label).fill(value)


def red_flag(page, flag: str, answer: str):
    """One answer ("Yes", "No", "Not asked") of one red flag: the radio in the group of the flag's question."""
    import clinic

    group = page.get_by_role("group", name=re.compile("^" + re.escape(clinic.QUESTIONS[flag].label)))
    return group.get_by_role("radio", name=answer, exact=True)
