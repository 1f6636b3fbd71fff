"""
The encyclopedia's writes: a reader's question held for moderation, and an editor's
decision on it. Each a small keyword-only function that does one thing atomically.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction

from causes.models import Cause, Question, QuestionStatus
from causes.tasks import notify_moderators_of_question
from footdrop_site.tasks import enqueue_on_commit

QUESTIONS_PER_HOUR = 5


class QuestionAllowanceSpent(Exception):
    """The address has asked as many questions as an hour allows."""


def question_create(*, cause: Cause, author_name: str, is_anonymous: bool, text: str, ip: str) -> Question:
    """
    Hold a reader's question for moderation and tell the moderators once it is saved.
    Raises QuestionAllowanceSpent, and saves nothing, past the hourly allowance of the address.
    """
    if not _take_question_allowance(ip):
        raise QuestionAllowanceSpent
    with transaction.atomic():
        question = Question.objects.create(
            cause=cause,
            author_name="" if is_anonymous else author_name,
            is_anonymous=is_anonymous,
            text=text,
            status=QuestionStatus.PENDING,
        )
        enqueue_on_commit(notify_moderators_of_question, question.pk)
    return question


def _take_question_allowance(address: str) -> bool:
    """Count one question against the address; False once it has used up this hour's allowance."""
    key = "questions:asked-from:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, timeout=3600)
    try:
        asked = cache.incr(key)
    except ValueError:  # The hour ran out between add() and incr().
        cache.add(key, 1, timeout=3600)
        asked = 1
    return asked <= QUESTIONS_PER_HOUR


@transaction.atomic
def question_moderate(*, question: Question, status: QuestionStatus, by) -> Question:
    """An editor approves or rejects a question; the page shows the change at once (see signals)."""
    question.moderate(status, by=by)
    question.save(update_fields=["status", "moderated_by", "moderated_at"])
    return question
