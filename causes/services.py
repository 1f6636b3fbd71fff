"""
The encyclopedia's writes: an editor's draft of a cause and its clinical sign-off, a reader's
question held for moderation, and an editor's decision on it. Each a small keyword-only function
that does one thing atomically.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from causes.models import (
    DRAFT_FIELDS,
    Cause,
    CauseDraft,
    Question,
    QuestionAllowance,
    QuestionStatus,
    next_review_after,
    normalise_text,
)
from causes.tasks import notify_moderators_of_question
from core.tasks import enqueue_on_commit

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
        enqueue_on_commit(notify_moderators_of_question, question.pk)
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


class SignOffRefused(Exception):
    """A draft cannot be approved: the message says why, in words for the reviewer."""


def draft_changes(cause: Cause, values: dict) -> dict:
    """The values (normalised as a save stores them) that differ from the cause's own, in DRAFT_FIELDS order."""
    changes = {}
    for name in DRAFT_FIELDS:
        if name not in values:
            continue
        value = normalise_text(values[name]) if isinstance(values[name], str) else values[name]
        current = getattr(cause, name)
        if isinstance(value, list) and isinstance(current, list):
            if sorted(value) == sorted(current):
                continue
        elif value == current:
            continue
        changes[name] = value
    return changes


@transaction.atomic
def cause_draft_save(*, cause: Cause, values: dict, editor, reason: str) -> CauseDraft | None:
    """
    Keep an editor's changes as the cause's draft; the text readers see stays as it is. Returns the
    draft, or None when nothing differs from the live cause (an open draft is then closed). Saving
    the draft unchanged writes nothing.
    """
    live = Cause.objects.select_for_update().get(pk=cause.pk)
    changes = draft_changes(live, values)
    draft = CauseDraft.objects.filter(cause=live).first()
    if not changes:
        if draft is not None:
            draft.delete()
        return None
    reason = normalise_text(reason)
    if draft is not None and draft.changes == changes and draft.reason == reason:
        return draft
    draft = draft or CauseDraft(cause=live)
    draft.changes, draft.reason, draft.edited_by = changes, reason, editor
    draft.save()
    draft.editors.add(editor)
    return draft


@transaction.atomic
def cause_draft_discard(*, cause: Cause) -> bool:
    """Throw away the cause's open draft; False when it had none."""
    deleted, _by_model = CauseDraft.objects.filter(cause=cause).delete()
    return bool(deleted)


@transaction.atomic
def cause_draft_approve(*, cause: Cause, reviewer, role: str, version: str, today: date | None = None) -> Cause:
    """
    Clinical sign-off: publish the cause's draft as its reviewer read it (`version`), record who
    approved it and when, and date the review. Raises SignOffRefused, changing nothing, when the
    reviewer may not approve it: someone else must, never a person who wrote any of it.
    The saved cause clears the cached pages (causes.signals), so readers see the new text at once.
    """
    live = Cause.objects.select_for_update().get(pk=cause.pk)
    draft = CauseDraft.objects.select_for_update().filter(cause=live).first()
    _refuse_sign_off(draft, reviewer=reviewer, role=role, version=version)
    draft.apply_to(live)
    today = today or timezone.localdate()
    live.last_reviewed, live.next_review_due = today, next_review_after(today)
    live.clinical_reviewer, live.clinical_reviewer_role = reviewer.get_full_name().strip(), normalise_text(role)
    live.approved_by, live.approved_at = reviewer, timezone.now()
    live.full_clean()
    # The history names the editor who wrote the change and, in approved_by, the clinician who signed it off.
    live._history_user = draft.edited_by or reviewer
    live._change_reason = draft.reason
    live.save()
    draft.delete()
    return live


def _refuse_sign_off(draft: CauseDraft | None, *, reviewer, role: str, version: str) -> None:
    if draft is None:
        raise SignOffRefused(_("There is no draft of this cause to approve."))
    if not reviewer.has_perm("causes.approve_cause"):
        raise SignOffRefused(_("Only clinical reviewers may approve a draft."))
    if draft.edited_by_id == reviewer.pk or draft.editors.filter(pk=reviewer.pk).exists():
        raise SignOffRefused(_("You wrote part of this draft: another clinical reviewer must approve it."))
    if draft.version != version:
        raise SignOffRefused(_("The draft changed after you opened it. Read it again before approving it."))
    if not reviewer.get_full_name().strip():
        raise SignOffRefused(
            _("Your account has no full name to show on the page as its reviewer: ask an administrator to add it.")
        )
    if not normalise_text(role):
        raise SignOffRefused(_("Enter your role, as readers will see it beside your name."))
