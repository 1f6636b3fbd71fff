"""A reader asks a question in Chromium: from the article's link to the form's own page and back, CSRF and all."""

import pytest
from playwright.sync_api import expect

from causes.models import Question, QuestionStatus
from tests.browser.conftest import page_problems
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_follows_the_link_fixes_a_refused_question_and_is_thanked(page, axe, live_server):
    make_cause()
    article = f"{live_server.url}/causes/test-neuropathy/"
    page.goto(article)
    page.get_by_role("link", name="Ask a question").click()
    expect(page).to_have_url(f"{article}questions/")

    page.get_by_label("Your name").fill("Ann")
    page.get_by_role("button", name="Send your question").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert page_problems(page, axe) == [], "the refused form is as accessible as the blank one"

    page.get_by_label("Your question").fill("Will my foot get stronger?")
    page.get_by_role("button", name="Send your question").click()
    expect(page).to_have_url(article)
    expect(page.get_by_text("Thank you, a moderator will review your question")).to_be_visible()
    question = Question.objects.get()
    assert (question.author_name, question.text, question.status) == (
        "Ann",
        "Will my foot get stronger?",
        QuestionStatus.PENDING,
    )
    assert page.console_errors == []
