"""
In a real browser, no payload from tests/xss_payloads.py runs: cause pages, the list, search
results and reader questions carrying every payload are loaded, hovered and tabbed through,
and no alert opens and `window.__xss` stays unset.

The pages are loaded twice: once with the Content Security Policy switched off, so that escaping
and sanitising alone are tested, and once as served, where a payload that reached the page as
markup would also show as a policy violation in the console.
"""

import pytest
from django.contrib.auth import get_user_model

from causes.models import Question, QuestionStatus
from causes.services import question_moderate
from tests.conftest import make_cause
from tests.xss_payloads import PAYLOADS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BODY_FIELDS = ["overview", "mechanism", "symptoms", "emergency", "diagnosis", "treatment", "outlook", "references"]


@pytest.fixture
def hostile_causes():
    """One published cause per payload, the payload in every text field (name and summary cut to fit)."""
    causes = []
    for number, payload in enumerate(PAYLOADS):
        suffix = f" #{number}"
        causes.append(
            make_cause(
                name=payload[: 120 - len(suffix)] + suffix,
                slug=f"hostile-{number}",
                summary=payload[:300],
                written_by=payload[:200],
                urgency="emergency" if number % 2 else "routine",
                **dict.fromkeys(BODY_FIELDS, payload),
            )
        )
    return causes


@pytest.fixture
def hostile_questions(hostile_causes):
    moderator = get_user_model().objects.create_user("moderator")
    cause = hostile_causes[0]
    for payload in PAYLOADS:
        question = Question.objects.create(cause=cause, author_name=payload[:80], text=payload, reply=payload)
        question_moderate(question=question, status=QuestionStatus.APPROVED, by=moderator)
    return cause


def open_watched_page(browser, **context_options):
    """A page that records every dialog, console error and uncaught exception."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.dialogs, page.console_errors = [], []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


def visit(page, url, *, interact=True) -> None:
    """Load a page and do what a reader does: move over it and tab through it, firing any handler."""
    response = page.goto(url)
    assert response.status < 500, url
    if interact:
        viewport = page.viewport_size
        for step in range(1, 6):
            page.mouse.move(viewport["width"] * step / 6, viewport["height"] * step / 6)
        for _tab in range(3):
            page.keyboard.press("Tab")
        page.wait_for_timeout(50)
    assert page.evaluate("window.__xss") is None, url
    assert page.dialogs == [], url


def hostile_urls(live_server, causes, question_cause) -> list[str]:
    urls = [f"{live_server.url}/", f"{live_server.url}/causes/", f"{live_server.url}/causes/{question_cause.slug}/"]
    urls += [f"{live_server.url}/causes/{cause.slug}/" for cause in causes]
    urls += [f"{live_server.url}/causes/?q=hostile"]
    return urls


def test_no_payload_runs_even_without_the_content_security_policy(
    browser, live_server, hostile_causes, hostile_questions
):
    page = open_watched_page(browser, bypass_csp=True)
    try:
        for url in hostile_urls(live_server, hostile_causes, hostile_questions):
            visit(page, url)
        for payload in PAYLOADS[::4]:
            page.goto(f"{live_server.url}/causes/")
            page.locator("#cause-search").fill(payload)
            with page.expect_navigation():
                page.locator("#cause-search").press("Enter")
            visit(page, page.url)
    finally:
        page.context.close()


def test_no_payload_reaches_a_page_as_markup_the_policy_would_have_to_block(
    browser, live_server, hostile_causes, hostile_questions
):
    page = open_watched_page(browser)
    try:
        for url in hostile_urls(live_server, hostile_causes, hostile_questions):
            visit(page, url, interact=False)
            violations = [error for error in page.console_errors if "Content Security Policy" in error]
            assert violations == [], url
    finally:
        page.context.close()
