"""Reader questions, the writes: holding a question for moderation, the hourly allowance, moderating, notifying."""

import hashlib
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.deprecation import RemovedInDjango2028Warning

from causes.models import Question, QuestionAllowance, QuestionStatus
from causes.services import (
    QUESTIONS_PER_HOUR,
    QuestionAllowanceSpent,
    question_create,
    question_moderate,
    take_question_allowance,
)
from causes.tasks import notify_moderators_of_question
from tests.conftest import make_question

pytestmark = pytest.mark.django_db


def create(cause, *, ip="203.0.113.7", **overrides) -> Question:
    values = {"author_name": "Ann", "is_anonymous": False, "text": "Will my foot get stronger?"}
    values.update(overrides)
    return question_create(cause=cause, ip=ip, **values)


@pytest.fixture
def moderators(editor, superuser, django_user_model):
    inactive = django_user_model.objects.create_user("gone", "gone@example.com", "correct horse battery")
    inactive.groups.add(Group.objects.get(name="Content editors"))
    inactive.is_active = False
    inactive.save()
    no_email = django_user_model.objects.create_user("noemail", "", "correct horse battery")
    no_email.groups.add(Group.objects.get(name="Content editors"))
    return [editor, superuser]


# Asking


def test_a_new_question_is_held_for_moderation(cause):
    question = create(cause)
    question.refresh_from_db()
    assert (question.cause, question.author_name, question.is_anonymous) == (cause, "Ann", False)
    assert question.status == QuestionStatus.PENDING
    assert question.moderated_by is None and question.moderated_at is None


def test_an_anonymous_question_keeps_no_name_even_when_one_is_given(cause):
    question = create(cause, author_name="Ann Smith", is_anonymous=True)
    question.refresh_from_db()
    assert question.author_name == ""
    assert question.display_name == "Anonymous"


def test_an_address_may_ask_five_questions_an_hour_and_the_sixth_saves_nothing(cause):
    for number in range(QUESTIONS_PER_HOUR):
        create(cause, text=f"Question {number}")
    with pytest.raises(QuestionAllowanceSpent):
        create(cause, text="One too many")
    assert QUESTIONS_PER_HOUR == 5
    assert Question.objects.count() == 5
    assert not Question.objects.filter(text="One too many").exists()


def test_the_allowance_of_one_address_does_not_limit_another(cause):
    for number in range(QUESTIONS_PER_HOUR):
        create(cause, text=f"Question {number}")
    assert create(cause, text="From elsewhere", ip="198.51.100.2").pk is not None


def test_the_allowance_lifts_in_the_next_hour():
    ten_past = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
    for _question in range(QUESTIONS_PER_HOUR):
        assert take_question_allowance("203.0.113.7", now=ten_past)
    assert not take_question_allowance("203.0.113.7", now=ten_past + timedelta(minutes=49))
    assert take_question_allowance("203.0.113.7", now=ten_past + timedelta(minutes=50))
    assert QuestionAllowance.objects.count() == 1, "the past hour's counts are let go"


def test_the_allowance_is_counted_in_the_database_not_the_cache(cause):
    for number in range(QUESTIONS_PER_HOUR):
        create(cause, text=f"Question {number}")
    cache.clear()  # a cache emptied, culled or restarted lifts no limit
    with pytest.raises(QuestionAllowanceSpent):
        create(cause, text="One too many")


def test_the_allowance_keeps_no_address(cause):
    create(cause, ip="203.0.113.7")
    allowance = QuestionAllowance.objects.get()
    assert "203.0.113.7" not in allowance.address_hash
    assert allowance.address_hash != hashlib.sha256(b"203.0.113.7").hexdigest(), "a plain hash of an IPv4 is reversible"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_questions_from_one_address_never_pass_the_limit():
    """Sixty at once, each on its own database connection: exactly the allowance gets through."""
    start = threading.Barrier(20)

    def ask(_number):
        try:
            start.wait(timeout=10)
            return take_question_allowance("203.0.113.9")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        allowed = list(pool.map(ask, range(60)))
    assert allowed.count(True) == QUESTIONS_PER_HOUR
    assert QuestionAllowance.objects.get().asked == QUESTIONS_PER_HOUR


def test_the_database_refuses_a_question_the_form_would_refuse(cause):
    with pytest.raises(IntegrityError), transaction.atomic():
        create(cause, text="x" * 2001)
    assert Question.objects.count() == 0


# Notifying


def test_moderators_are_emailed_a_link_but_never_the_question_or_name(
    cause, moderators, outsider, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://footdrop.example"
    with django_capture_on_commit_callbacks(execute=True):
        question = create(cause, author_name="Zelda Quistorp", text="My private symptom is tingling")
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert sorted(email.to) == ["admin@example.com", "editor@example.com"]
    assert "Test neuropathy" in email.subject and "Test neuropathy" in email.body
    assert f"https://footdrop.example/admin/causes/question/{question.pk}/change/" in email.body
    for secret in ("Zelda", "Quistorp", "tingling", "private symptom"):
        assert secret not in email.subject and secret not in email.body


def test_the_email_is_sent_only_after_the_question_is_committed(
    cause, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create(cause)
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_no_email_is_sent_past_the_allowance(cause, moderators, mailoutbox, django_capture_on_commit_callbacks):
    for number in range(QUESTIONS_PER_HOUR):
        create(cause, text=f"Question {number}")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(QuestionAllowanceSpent):
        create(cause, text="One too many")
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


# Moderating


@pytest.mark.parametrize("status", [QuestionStatus.APPROVED, QuestionStatus.REJECTED])
def test_moderating_records_the_decision_who_made_it_and_when(cause, editor, status, fixed_clock):
    question = make_question(cause, status=QuestionStatus.PENDING, reply="Kept as it was.")
    Question.objects.filter(pk=question.pk).update(reply="Written meanwhile by another editor.")
    question_moderate(question=question, status=status, by=editor)
    question.refresh_from_db()
    assert question.status == status
    assert question.moderated_by == editor
    assert question.moderated_at == fixed_clock
    assert question.reply == "Written meanwhile by another editor.", "moderating saves the decision only"


def test_a_decision_can_be_changed_and_the_latest_moderator_is_recorded(cause, editor, superuser):
    question = make_question(cause, status=QuestionStatus.PENDING)
    question_moderate(question=question, status=QuestionStatus.APPROVED, by=editor)
    question_moderate(question=question, status=QuestionStatus.REJECTED, by=superuser)
    question.refresh_from_db()
    assert (question.status, question.moderated_by) == (QuestionStatus.REJECTED, superuser)


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
