"""
The encyclopedia's writes: a reader's question held for moderation, and an editor's
decision on it. Each a small keyword-only function that does one thing atomically.
"""

from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from causes.models import Cause, Question, QuestionAllowance, QuestionStatus
from causes.tasks import notify_moderators_of_question

QUESTIONS_PER_HOUR = 5


class QuestionAllowanceSpent(Exception):
    """The address has asked as many questions as an hour allows."""


def question_create(*, cause: Cause, author_name: str, is_anonymous: bool, text: str, ip: str) -> Question:
    """
    Hold a reader's question for moderation and tell the moderators once it is saved.
    Raises QuestionAllowanceSpent, and saves nothing, past the hourly allowance of the address.
    """
    if not take_question_allowance(ip):
        raise QuestionAllowanceSpent
    with transaction.atomic():
        question = Question.objects.create(
            cause=cause,
            author_name="" if is_anonymous else author_name,
            is_anonymous=is_anonymous,
            text=text,
            status=QuestionStatus.PENDING,
        )
        transaction.on_commit(partial(notify_moderators_of_question.enqueue, question.pk))
    return question


def take_question_allowance(address: str, *, now: datetime | None = None) -> bool:
    """
    Count one question against the address in this clock hour; False once the hour's allowance
    is spent. Each count is one conditional UPDATE, atomic on SQLite and PostgreSQL alike, so
    simultaneous questions from one address never get past the limit. (django-ratelimit counts in
    the cache, whose default here, the file cache, cannot increment atomically: see the README.)
    """
    hour = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    address_hash = salted_hmac("causes.question-allowance", address, algorithm="sha256").hexdigest()
    this_hour = QuestionAllowance.objects.filter(address_hash=address_hash, hour=hour)
    if this_hour.filter(asked__lt=QUESTIONS_PER_HOUR).update(asked=F("asked") + 1):
        return True
    try:
        with transaction.atomic():
            QuestionAllowance.objects.create(address_hash=address_hash, hour=hour, asked=1)
    except IntegrityError:  # the hour's first question from this address came at the same moment
        return bool(this_hour.filter(asked__lt=QUESTIONS_PER_HOUR).update(asked=F("asked") + 1))
    # The address's first question this hour: the counts of earlier hours are no longer needed.
    QuestionAllowance.objects.filter(hour__lt=hour).delete()
    return True


@transaction.atomic
def question_moderate(*, question: Question, status: QuestionStatus, by) -> Question:
    """An editor approves or rejects a question; the page shows the change at once (see signals)."""
    question.moderate(status, by=by)
    question.save(update_fields=["status", "moderated_by", "moderated_at"])
    return question
