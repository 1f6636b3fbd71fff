"""Reader questions under each cause article: asking, abuse, moderation, display, cache and notification."""

import warnings
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.deprecation import RemovedInDjango2028Warning

from causes.models import Question, QuestionStatus
from causes.tasks import notify_moderators_of_question
from tests.conftest import make_cause

pytestmark = pytest.mark.django_db

PAGE = "/causes/test-neuropathy/"
ASK = "/causes/test-neuropathy/questions/"
THANKS = "Thank you, a moderator will review your question before it appears."


def ask(client, url=ASK, address="127.0.0.1", **overrides):
    data = {"author_name": "Ann", "text": "Will my foot get stronger?"}
    data.update(overrides)
    return client.post(url, {key: value for key, value in data.items() if value is not None}, REMOTE_ADDR=address)


def make_question(cause, *, status=QuestionStatus.APPROVED, text="A question.", **values) -> Question:
    values.setdefault("author_name", "Ann")
    moderated_at = None if status == QuestionStatus.PENDING else timezone.now()
    return Question.objects.create(cause=cause, status=status, text=text, moderated_at=moderated_at, **values)


def field_error(page: str, field: str) -> str:
    """The error text crispy shows under one field."""
    marker = f'id="id_{field}_error"'
    assert marker in page, f"no error on {field}"
    return page.split(marker)[1].split("</div>")[0]


def discussion(page: str) -> str:
    return page.split('id="discussion"')[1].split("</section>")[0]


# Asking


def test_a_reader_asks_a_named_question_and_it_is_held_for_moderation(client, cause):
    response = ask(client, text="Will my foot get stronger?")
    assert response.status_code == 303
    assert response["Location"] == PAGE
    question = Question.objects.get()
    assert (question.cause, question.author_name, question.is_anonymous) == (cause, "Ann", False)
    assert question.status == QuestionStatus.PENDING
    page = client.get(PAGE).content.decode()
    assert THANKS in page
    assert "Will my foot get stronger?" not in page


def test_a_reader_can_ask_anonymously_and_the_name_they_typed_is_not_kept(client, cause):
    assert ask(client, author_name="Ann Smith", is_anonymous="on").status_code == 303
    question = Question.objects.get()
    assert question.is_anonymous
    assert question.author_name == ""
    assert question.display_name == "Anonymous"


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
    assert "<h1>Test neuropathy</h1>" in page, "the article is shown again around the form"
    assert Question.objects.count() == 0


def test_a_refused_question_keeps_what_the_reader_typed_escaped(client, cause):
    page = ask(client, author_name="", text="Is <b>this</b> normal?").content.decode()
    assert "Is &lt;b&gt;this&lt;/b&gt; normal?</textarea>" in page


@pytest.mark.parametrize("url", ["/causes/no-such-cause/questions/", "/causes/draft/questions/"])
def test_questions_on_unknown_or_unpublished_causes_are_not_found(client, url):
    make_cause(name="Draft", slug="draft", is_published=False)
    assert ask(client, url=url).status_code == 404
    assert Question.objects.count() == 0


def test_opening_the_question_address_goes_to_the_discussion(client, cause):
    response = client.get(ASK)
    assert response.status_code == 302
    assert response["Location"] == PAGE + "#discussion"


def test_the_cause_page_form_posts_to_the_question_address_without_a_csrf_token(client, cause):
    page = client.get(PAGE).content.decode()
    form = discussion(page).split("<form")[1].split("</form>")[0]
    assert f'action="{ASK}"' in form and 'method="post"' in form
    assert "csrfmiddlewaretoken" not in page
    assert 'name="author_name"' in form and 'name="is_anonymous"' in form and 'name="text"' in form


def test_a_question_is_accepted_without_a_csrf_token(cause):
    client = Client(enforce_csrf_checks=True)
    assert ask(client).status_code == 303
    assert Question.objects.count() == 1


def test_the_form_warns_against_personal_details_and_links_to_the_emergency_advice(client, cause):
    page = client.get(PAGE).content.decode()
    section = discussion(page)
    assert '<h2 id="discussion-heading">Discuss this article</h2>' in page
    assert "Do not post personal medical details" in section
    assert 'href="#emergency-card-heading"' in section
    assert 'id="emergency-card-heading"' in page


# Abuse


def test_a_filled_in_honeypot_looks_like_success_but_nothing_is_kept(client, cause, mailoutbox, editor):
    response = ask(client, website="https://spam.example")
    assert response.status_code == 303
    assert THANKS in client.get(PAGE).content.decode()
    assert Question.objects.count() == 0
    assert mailoutbox == []


def test_the_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client, cause):
    page = client.get(PAGE).content.decode()
    honeypot = page.split('id="div_id_website"')[1].split("</div>")[0]
    assert 'class="mb-3 question-form__honeypot"' in page
    assert "Leave this empty" in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_the_sixth_question_from_one_address_in_an_hour_is_refused_with_a_message(client, cause):
    for number in range(5):
        assert ask(client, text=f"Question {number}", address="203.0.113.7").status_code == 303
    refused = ask(client, text="One too many", address="203.0.113.7")
    assert refused.status_code == 429
    assert "You have asked several questions in the last hour" in refused.content.decode()
    assert "One too many</textarea>" in refused.content.decode()
    assert Question.objects.count() == 5


def test_the_rate_limit_of_one_address_does_not_limit_another(client, cause):
    for number in range(6):
        ask(client, text=f"Question {number}", address="203.0.113.7")
    assert ask(client, text="From elsewhere", address="198.51.100.2").status_code == 303
    assert Question.objects.filter(text="From elsewhere").exists()


def test_the_rate_limit_is_kept_in_the_cache_and_lifts_when_its_hour_expires(client, cause):
    for number in range(5):
        ask(client, text=f"Question {number}", address="203.0.113.7")
    cache.clear()  # What the expiry of the hour's counter does.
    assert ask(client, text="Next hour", address="203.0.113.7").status_code == 303


def test_a_question_sent_from_another_site_is_refused(client, cause):
    response = client.post(ASK, {"author_name": "Ann", "text": "Hi"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert Question.objects.count() == 0


def test_a_question_sent_from_this_site_with_an_origin_header_is_accepted(client, cause):
    response = client.post(ASK, {"author_name": "Ann", "text": "Hi"}, headers={"Origin": "http://testserver"})
    assert response.status_code == 303
    assert Question.objects.count() == 1


# Moderation and display


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
    section = discussion(client.get(PAGE).content.decode())
    question = section.split("Can I drive?")[1]
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


# The cached page


def test_the_cached_page_shows_a_question_as_soon_as_it_is_approved(client, cause, editor):
    question = make_question(cause, status=QuestionStatus.PENDING, text="Just approved")
    assert "Just approved" not in client.get(PAGE).content.decode()
    question.approve(by=editor)
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


# The admin


def test_editors_may_view_change_and_delete_questions_but_not_add_them(editor):
    codenames = set(Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True))
    assert {"view_question", "change_question", "delete_question"} <= codenames
    assert "add_question" not in codenames


def test_the_admin_lists_questions_waiting_for_moderation_first(client, editor, cause):
    make_question(cause, text="Approved one")
    make_question(cause, status=QuestionStatus.REJECTED, text="Rejected one")
    make_question(cause, status=QuestionStatus.PENDING, text="Pending one")
    client.force_login(editor)
    page = client.get("/admin/causes/question/").content.decode()
    assert page.index("Pending one") < page.index("Approved one") < page.index("Rejected one")


def test_the_admin_filters_questions_by_status_and_cause(client, editor, cause):
    other = make_cause(name="Other", slug="other")
    make_question(cause, status=QuestionStatus.PENDING, text="Pending here")
    make_question(cause, text="Approved here")
    make_question(other, status=QuestionStatus.PENDING, text="Pending elsewhere")
    client.force_login(editor)
    by_status = client.get("/admin/causes/question/", {"status__exact": "pending"}).content.decode()
    assert "Pending here" in by_status and "Pending elsewhere" in by_status and "Approved here" not in by_status
    by_cause = client.get("/admin/causes/question/", {"cause__id__exact": other.pk}).content.decode()
    assert "Pending elsewhere" in by_cause and "Pending here" not in by_cause


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve_selected", QuestionStatus.APPROVED), ("reject_selected", QuestionStatus.REJECTED)],
)
def test_bulk_moderation_records_who_and_when(client, editor, cause, action, status):
    questions = [make_question(cause, status=QuestionStatus.PENDING, text=f"Q{n}") for n in range(2)]
    untouched = make_question(cause, status=QuestionStatus.PENDING, text="Not selected")
    client.force_login(editor)
    response = client.post("/admin/causes/question/", {"action": action, "_selected_action": [q.pk for q in questions]})
    assert response.status_code == 302
    for question in questions:
        question.refresh_from_db()
        assert question.status == status
        assert question.moderated_by == editor
        assert timezone.now() - question.moderated_at < timedelta(minutes=1)
    untouched.refresh_from_db()
    assert untouched.status == QuestionStatus.PENDING and untouched.moderated_by is None


def test_approving_in_the_admin_shows_the_question_on_the_cached_page(client, editor, cause):
    question = make_question(cause, status=QuestionStatus.PENDING, text="Approved by an editor")
    reader = Client()
    assert "Approved by an editor" not in reader.get(PAGE).content.decode()
    client.force_login(editor)
    client.post("/admin/causes/question/", {"action": "approve_selected", "_selected_action": [question.pk]})
    assert "Approved by an editor" in reader.get(PAGE).content.decode()


def test_saving_a_reply_in_the_admin_records_who_replied(client, editor, cause):
    question = make_question(cause, status=QuestionStatus.PENDING, text="Can I run?")
    client.force_login(editor)
    url = f"/admin/causes/question/{question.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="reply"' in page and 'name="text"' not in page, "the reader's words are not editable"
    response = client.post(url, {"status": "approved", "reply": "Walk first, then run."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.reply == "Walk first, then run."
    assert question.replied_by == editor
    assert question.status == QuestionStatus.APPROVED and question.moderated_by == editor


def test_the_admin_shows_hostile_text_escaped(client, editor, cause):
    question = make_question(cause, status=QuestionStatus.PENDING, text=HOSTILE[0], author_name=HOSTILE[1])
    client.force_login(editor)
    for url in ("/admin/causes/question/", f"/admin/causes/question/{question.pk}/change/"):
        page = client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url


def test_questions_cannot_be_added_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/causes/question/add/").status_code == 403


def test_staff_without_permission_cannot_see_questions(client, outsider, cause):
    outsider.is_staff = True
    outsider.save()
    make_question(cause)
    client.force_login(outsider)
    assert client.get("/admin/causes/question/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_questions_admin(client):
    response = client.get("/admin/causes/question/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Notification


@pytest.fixture
def moderators(editor, superuser, django_user_model):
    inactive = django_user_model.objects.create_user("gone", "gone@example.com", "correct horse battery")
    inactive.groups.add(Group.objects.get(name="Content editors"))
    inactive.is_active = False
    inactive.save()
    no_email = django_user_model.objects.create_user("noemail", "", "correct horse battery")
    no_email.groups.add(Group.objects.get(name="Content editors"))
    return [editor, superuser]


def test_moderators_are_emailed_a_link_but_never_the_question_or_name(
    client, cause, moderators, outsider, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://footdrop.example"
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, author_name="Zelda Quistorp", text="My private symptom is tingling")
    question = Question.objects.get()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == ["admin@example.com", "editor@example.com"]
    assert "Test neuropathy" in email.subject and "Test neuropathy" in email.body
    assert f"https://footdrop.example/admin/causes/question/{question.pk}/change/" in email.body
    for secret in ("Zelda", "Quistorp", "tingling", "private symptom"):
        assert secret not in email.subject and secret not in email.body


def test_the_email_is_sent_only_after_the_question_is_committed(
    client, cause, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(client)
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_no_email_is_sent_for_a_refused_question(
    client, cause, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, text="")
    assert mailoutbox == []


def test_the_notification_uses_no_deprecated_email_api(cause, moderators, mailoutbox):
    question = make_question(cause, status=QuestionStatus.PENDING)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RemovedInDjango2028Warning)
        assert notify_moderators_of_question.call(question.pk) == 1
    assert len(mailoutbox) == 1


def test_a_question_deleted_before_the_task_runs_sends_nothing(cause, moderators, mailoutbox):
    question = make_question(cause, status=QuestionStatus.PENDING)
    question_id = question.pk
    question.delete()
    assert notify_moderators_of_question.call(question_id) == 0
    assert mailoutbox == []


# The model


def test_a_blank_name_is_shown_as_anonymous(cause):
    assert make_question(cause, author_name="  ").display_name == "Anonymous"
    assert make_question(cause, author_name="Bernard").display_name == "Bernard"
    assert make_question(cause, author_name="Bernard", is_anonymous=True).display_name == "Anonymous"


def test_the_question_label_names_neither_reader_nor_words(cause):
    question = make_question(cause, author_name="Zelda", text="Tingling")
    assert str(question) == f"Reader question #{question.pk}"


@pytest.mark.parametrize(
    "values",
    [
        {"status": "maybe", "moderated_at": timezone.now()},
        {"status": QuestionStatus.APPROVED, "moderated_at": None},
        {"text": "x" * 2001},
        {"text": ""},
    ],
)
def test_the_database_refuses_an_impossible_question(cause, values):
    fields = {"cause": cause, "author_name": "Ann", "text": "A question.", "status": QuestionStatus.PENDING}
    fields.update(values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(**fields)


def test_a_cause_with_questions_cannot_be_deleted_by_accident(cause):
    make_question(cause)
    with pytest.raises(ProtectedError):
        cause.delete()
