"""
Reader questions, the pages: the article shows approved questions and links to the form's own
page, which is never cached and protected by Django's CSRF check like every other form.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from causes.models import Question, QuestionStatus
from causes.services import question_moderate
from tests.conftest import make_cause, make_question

pytestmark = pytest.mark.django_db

PAGE = "/causes/test-neuropathy/"
ASK = "/causes/test-neuropathy/questions/"
THANKS = "Thank you, a moderator will review your question before it appears."


def ask(client, url=ASK, address="127.0.0.1", **overrides):
    data = {"author_name": "Ann", "text": "Will my foot get stronger?"}
    data.update(overrides)
    return client.post(url, {key: value for key, value in data.items() if value is not None}, REMOTE_ADDR=address)


def field_error(page: str, field: str) -> str:
    """The error text crispy shows under one field."""
    marker = f'id="id_{field}_error"'
    assert marker in page, f"no error on {field}"
    return page.split(marker)[1].split("</div>")[0]


def discussion(page: str) -> str:
    return page.split('id="discussion"')[1].split("</section>")[0]


def question_form(page: str) -> str:
    return page.split('class="question-form"')[1].split("</form>")[0]


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


# The article


def test_the_article_links_to_the_question_page_and_carries_no_form_or_token(client, cause):
    page = client.get(PAGE).content.decode()
    section = discussion(page)
    assert f'href="{ASK}"' in section and "Ask a question" in section
    assert "<form" not in section
    assert "csrfmiddlewaretoken" not in page


def test_the_admin_preview_shows_the_questions_without_the_link(client, editor, cause):
    make_question(cause, text="Seen in the preview")
    client.force_login(editor)
    page = client.get(f"/admin/causes/cause/{cause.pk}/preview/").content.decode()
    assert "Seen in the preview" in discussion(page)
    assert f'href="{ASK}"' not in page


def test_only_approved_questions_are_shown_newest_first(client, cause):
    older = make_question(cause, text="Older approved question")
    Question.objects.filter(pk=older.pk).update(created=timezone.now() - timedelta(days=2))
    make_question(cause, text="Newer approved question")
    make_question(cause, status=QuestionStatus.PENDING, text="Pending question")
    make_question(cause, status=QuestionStatus.REJECTED, text="Rejected question")
    section = discussion(client.get(PAGE).content.decode())
    assert section.index("Newer approved question") < section.index("Older approved question")
    assert "Pending question" not in section
    assert "Rejected question" not in section


def test_approved_questions_show_the_author_or_anonymous(client, cause):
    make_question(cause, text="Named", author_name="Bernard")
    make_question(cause, text="Unnamed", is_anonymous=True)
    section = discussion(client.get(PAGE).content.decode())
    assert '<span class="question__author">Bernard</span>' in section
    assert '<span class="question__author">Anonymous</span>' in section


def test_questions_on_another_cause_are_not_shown(client, cause):
    other = make_cause(name="Other", slug="other")
    make_question(other, text="About the other cause")
    assert "About the other cause" not in client.get(PAGE).content.decode()


def test_a_reply_is_shown_under_its_question_marked_as_from_the_clinic(client, cause, editor):
    make_question(cause, text="Can I drive?", reply="Ask your doctor first.", replied_by=editor)
    question = discussion(client.get(PAGE).content.decode()).split("Can I drive?")[1]
    assert "Reply from the Foot Drop Clinic" in question
    assert question.index("Reply from the Foot Drop Clinic") < question.index("Ask your doctor first.")


def test_a_question_without_a_reply_shows_no_reply_box(client, cause):
    make_question(cause, text="Can I swim?")
    assert "Reply from the Foot Drop Clinic" not in client.get(PAGE).content.decode()


def test_only_the_newest_questions_are_shown_with_a_note(client, cause):
    for number in range(21):
        make_question(cause, text=f"Question number {number}")
    section = discussion(client.get(PAGE).content.decode())
    assert section.count('class="question"') == 20
    assert "Showing the 20 most recent questions." in section


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a> javascript:alert(1)',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_shown_escaped_and_never_as_a_link(client, cause, hostile):
    make_question(cause, text=hostile, author_name=hostile, reply=hostile)
    page = client.get(PAGE).content.decode()
    section = discussion(page)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "<a " not in section.split('question-list"')[1].split("</ol>")[0]
    assert section.count("&lt;") >= 3, "name, text and reply are each shown escaped"


def test_web_addresses_in_questions_and_replies_are_not_made_into_links(client, cause):
    make_question(cause, text="See https://quack.example/cure", reply="Or www.quack.example")
    questions = discussion(client.get(PAGE).content.decode()).split('question-list"')[1].split("</ol>")[0]
    assert "https://quack.example/cure" in questions and "www.quack.example" in questions
    assert "<a " not in questions


def test_line_breaks_in_a_question_are_shown_as_line_breaks(client, cause):
    make_question(cause, text="First line\nSecond line")
    assert "First line<br>Second line" in client.get(PAGE).content.decode()


# The question page


def test_the_question_page_shows_the_form_with_a_csrf_token_and_is_never_cached(client, cause):
    response = client.get(ASK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Ask a question about Test neuropathy</h1>" in page
    form = question_form(page)
    assert f'action="{ASK}"' in page and 'method="post"' in page
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="author_name"' in form and 'name="is_anonymous"' in form and 'name="text"' in form
    assert "no-store" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(ASK)
    assert len(queries) > 0, "rendered afresh for each reader, never served from the page cache"
    assert csrf_token(again.content.decode())


def test_the_question_page_warns_against_personal_details_and_shows_the_emergency_advice_first(client, cause):
    page = client.get(ASK).content.decode()
    assert "Do not post personal medical details" in page
    # The emergency card itself comes before the form, so no link down to it is needed.
    assert (
        page.index("do not post a question")
        < page.index('id="emergency-card-heading"')
        < page.index('id="question-form"')
    )


def test_the_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client, cause):
    page = client.get(ASK).content.decode()
    honeypot = page.split('id="div_id_website"')[1].split("</div>")[0]
    assert 'class="mb-3 question-form__honeypot"' in page
    assert "Leave this empty" in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


@pytest.mark.parametrize("url", ["/causes/no-such-cause/questions/", "/causes/draft/questions/"])
def test_questions_on_unknown_or_unpublished_causes_are_not_found(client, url):
    make_cause(name="Draft", slug="draft", is_published=False)
    assert client.get(url).status_code == 404
    assert ask(client, url=url).status_code == 404
    assert Question.objects.count() == 0


# Asking


def test_a_reader_asks_with_the_token_from_the_form_and_the_question_is_held(cause):
    reader = Client(enforce_csrf_checks=True)
    token = csrf_token(reader.get(ASK).content.decode())
    response = ask(reader, csrfmiddlewaretoken=token, text="Will my foot get stronger?")
    assert response.status_code == 303
    assert response["Location"] == PAGE
    assert Question.objects.get().status == QuestionStatus.PENDING
    page = reader.get(PAGE).content.decode()
    assert THANKS in page
    assert "Will my foot get stronger?" not in page


def test_a_question_without_a_csrf_token_is_refused_and_nothing_is_saved(cause):
    reader = Client(enforce_csrf_checks=True)
    reader.get(ASK)
    assert ask(reader).status_code == 403
    assert Question.objects.count() == 0


def test_a_question_sent_from_another_site_is_refused(cause):
    reader = Client(enforce_csrf_checks=True)
    token = csrf_token(reader.get(ASK).content.decode())
    response = reader.post(
        ASK,
        {"author_name": "Ann", "text": "Hi", "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert Question.objects.count() == 0


def test_a_reader_can_ask_anonymously_and_the_name_they_typed_is_not_kept(client, cause):
    assert ask(client, author_name="Ann Smith", is_anonymous="on").status_code == 303
    question = Question.objects.get()
    assert question.is_anonymous and question.author_name == ""


def test_an_anonymous_question_needs_no_name(client, cause):
    assert ask(client, author_name=None, is_anonymous="on").status_code == 303
    assert Question.objects.get().display_name == "Anonymous"


def test_the_text_is_stored_as_typed_with_line_breaks(client, cause):
    ask(client, text="First line\r\nSecond <line> & more")
    assert Question.objects.get().text == "First line\nSecond <line> & more"


def test_a_question_of_exactly_2000_characters_counts_each_line_break_once(client, cause):
    text = "\r\n".join(["x" * 99] * 19 + ["x" * 100])  # 2,000 characters as typed, 2,019 sent.
    assert ask(client, text=text).status_code == 303
    assert len(Question.objects.get().text) == 2000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"text": "   \r\n  "}, "text", "This field is required."),
        ({"text": "x" * 2001}, "text", "Ensure this value has at most 2000 characters (it has 2001)."),
        ({"author_name": ""}, "author_name", "Enter your name, or tick “Post anonymously”."),
        ({"author_name": None}, "author_name", "Enter your name, or tick “Post anonymously”."),
        ({"author_name": "A" * 81}, "author_name", "Ensure this value has at most 80 characters"),
        ({"text": "Nerve\x00damage"}, "text", "Null characters are not allowed."),
        ({"author_name": "Ann\x00"}, "author_name", "Null characters are not allowed."),
    ],
)
def test_invalid_input_is_refused_on_its_field_and_nothing_is_saved(client, cause, overrides, field, message):
    response = ask(client, **overrides)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in field_error(page, field)
    assert 'class="alert alert-danger error-summary"' in page, "the problems are listed above the form"
    assert "<h1>Ask a question about Test neuropathy</h1>" in page
    assert Question.objects.count() == 0


def test_a_refused_question_keeps_what_the_reader_typed_escaped(client, cause):
    page = ask(client, author_name="", text="Is <b>this</b> normal?").content.decode()
    assert "Is &lt;b&gt;this&lt;/b&gt; normal?</textarea>" in page


def test_a_filled_in_honeypot_looks_like_success_but_nothing_is_kept(client, cause, mailoutbox, editor):
    response = ask(client, website="https://spam.example")
    assert response.status_code == 303
    assert THANKS in client.get(PAGE).content.decode()
    assert Question.objects.count() == 0
    assert mailoutbox == []


def test_the_sixth_question_from_one_address_in_an_hour_is_refused_with_a_message(client, cause):
    for number in range(5):
        assert ask(client, text=f"Question {number}", address="203.0.113.7").status_code == 303
    refused = ask(client, text="One too many", address="203.0.113.7")
    assert refused.status_code == 429
    assert "You have asked several questions in the last hour" in refused.content.decode()
    assert "One too many</textarea>" in refused.content.decode()
    assert Question.objects.count() == 5


def test_an_invalid_question_does_not_use_up_the_allowance(client, cause):
    for _number in range(6):
        assert ask(client, text="", address="203.0.113.7").status_code == 400
    assert ask(client, address="203.0.113.7").status_code == 303


# The cached article


def test_the_cached_page_shows_a_question_as_soon_as_it_is_approved(client, cause, editor):
    question = make_question(cause, status=QuestionStatus.PENDING, text="Just approved")
    assert "Just approved" not in client.get(PAGE).content.decode()
    question_moderate(question=question, status=QuestionStatus.APPROVED, by=editor)
    assert "Just approved" in client.get(PAGE).content.decode()


def test_the_cached_page_drops_a_question_as_soon_as_it_is_deleted(client, cause):
    question = make_question(cause, text="Soon deleted")
    assert "Soon deleted" in client.get(PAGE).content.decode()
    question.delete()
    assert "Soon deleted" not in client.get(PAGE).content.decode()


def test_the_cached_page_shows_a_reply_as_soon_as_it_is_saved(client, cause):
    question = make_question(cause, text="Waiting for a reply")
    client.get(PAGE)
    question.reply = "Our reply."
    question.save()
    assert "Our reply." in client.get(PAGE).content.decode()


def test_a_warm_page_with_questions_costs_no_query(client, cause):
    make_question(cause, text="Cached with the page")
    first = client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(PAGE)
    assert len(queries) == 0
    assert second.content == first.content
    assert "Cached with the page" in second.content.decode()


def test_a_new_question_waiting_for_moderation_does_not_empty_the_cache(client, cause):
    client.get(PAGE)
    assert ask(Client(), text="Spam, perhaps").status_code == 303
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGE)
    assert len(queries) == 0


def test_the_cause_page_fetches_all_its_questions_in_one_query(client, cause, editor):
    def page_queries():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(PAGE)
        return [query["sql"] for query in queries]

    without_questions = page_queries()
    for number in range(15):
        make_question(cause, text=f"Question {number}", reply="A reply.", replied_by=editor, moderated_by=editor)
    with_questions = page_queries()
    assert len(with_questions) == len(without_questions)
    assert len([sql for sql in with_questions if "causes_question" in sql]) == 1
