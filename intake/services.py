"""The intake app's writes: each a small keyword-only function that does one thing atomically."""

import dataclasses
import json
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

import clinic
from causes.models import Cause
from intake import decisive
from intake.models import ANSWER_FIELDS, AuditExport, Intake, IntakeAccess, Outcome, Reassessment, SuspectedCause
from intake.tasks import emergency_alerts_schedule

ANSWERS_DIGEST_SALT = "intake.services.answers_digest"
# What the ranking reads of each cause.
RANKING_FIELDS = ("name", "slug", "level", "onset", "usual_side", "urgency", "prevalence", "risk_factors")


def answers_digest(answers: dict) -> str:
    """A keyed hash of every answer: the same answers give the same digest, and it cannot be read back."""
    canonical = json.dumps({name: answers.get(name) for name in ANSWER_FIELDS}, sort_keys=True, default=str)
    return salted_hmac(ANSWERS_DIGEST_SALT, canonical, algorithm="sha256").hexdigest()


def intake_create(*, answers: dict, user, submission_token: uuid.UUID) -> tuple[Intake, bool]:
    """
    File an intake: triage the answers, store the result and the ranked suspected causes.

    Returns (intake, created). The same form sent again (same token) by the same person with the
    same answers returns the intake it filed instead of filing another. A token sent with other
    answers, or by someone else, files a new intake: a reused or chosen token never leads to
    another patient's intake, and the patient it came with is never lost.
    """
    digest = answers_digest(answers)
    same_submission = Intake.objects.filter(submission_token=submission_token, created_by=user, answers_digest=digest)
    existing = same_submission.first()
    if existing is not None:
        return existing, False
    # The site's local time: the clock times the assessment keeps read as the clinic's clocks do.
    assessment = clinic.assess(answers, now=timezone.localtime())
    ranked = ranked_causes(answers, assessment)
    intake = Intake(
        created_by=user,
        submission_token=submission_token,
        answers_digest=digest,
        **stored_assessment(assessment),
        **{field: answers.get(field) for field in ANSWER_FIELDS if answers.get(field) is not None},
    )
    try:
        with transaction.atomic():
            intake.save(force_insert=True)
            suspicions_create(intake=intake, ranked=ranked)
    except IntegrityError:
        # The same form submitted twice at once: the other request filed it first.
        existing = same_submission.first()
        if existing is None:
            raise
        return existing, False
    if intake.is_emergency:
        emergency_alerts_schedule(intake)
    return intake, True


def stored_assessment(assessment: clinic.Assessment) -> dict:
    """The intake's fields that hold the triage result, from an assessment."""
    return {
        "disposition": assessment.disposition,
        "level": assessment.level,
        "reasons": list(assessment.reasons),
        "referrals": [dataclasses.asdict(referral) for referral in assessment.referrals],
        "rules_fired": list(assessment.rules_fired),
        "decisive": [decisive.question_record(question) for question in assessment.decisive],
    }


def ranked_causes(answers, assessment: clinic.Assessment) -> list[Cause]:
    return clinic.rank_causes(answers, assessment, Cause.objects.published().only(*RANKING_FIELDS))


def suspicions_create(*, intake: Intake, ranked: list[Cause]) -> None:
    SuspectedCause.objects.bulk_create(
        SuspectedCause(intake=intake, cause=cause, rank=rank) for rank, cause in enumerate(ranked, start=1)
    )


@transaction.atomic
def decisive_answer_record(*, intake_id, user, field: str, answer: str) -> tuple[Intake, Reassessment | None]:
    """
    Answer one decisive question of an intake and triage it again with the answer.

    Only a question the intake's stored assessment lists may be answered, with one of its answers:
    an answer given at filing is never changed here, so no answer can lower a disposition that a
    yes red flag or a pattern fixed. Returns (intake, None) when the question is no longer
    decisive (answered meanwhile by someone else) or the answer is not one of its answers. The
    earlier assessment is kept on the Reassessment; a referral already recorded stays on the record.
    """
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    question = next((question for question in intake.decisive if question["field"] == field), None)
    if question is None:
        return intake, None
    option = next((option for option in question["options"] if option["answer"] == answer), None)
    if option is None:
        return intake, None
    reassessment = Reassessment(
        intake=intake,
        answered_by=user,
        field=field,
        answer=answer,
        answer_label=option["label"],
        question=question["question"],
        disposition_before=intake.disposition,
        level_before=intake.level,
        reasons_before=intake.reasons,
        rules_fired_before=intake.rules_fired,
    )
    setattr(intake, field, decisive.answer_value(field, answer))
    answers = intake.answers()
    assessment = clinic.assess(answers, now=timezone.localtime())
    for name, value in stored_assessment(assessment).items():
        setattr(intake, name, value)
    intake.save()
    intake.suspicions.all().delete()
    suspicions_create(intake=intake, ranked=ranked_causes(answers, assessment))
    reassessment.disposition_after = intake.disposition
    reassessment.save()
    if intake.is_emergency and reassessment.disposition_before != intake.disposition:
        # An answer that makes it an emergency alerts the on-call as filing one does.
        emergency_alerts_schedule(intake)
    return intake, reassessment


def referral_record(*, intake: Intake, user, destination: str, note: str = "") -> Intake:
    intake.referral_made_by = user
    intake.referral_made_at = timezone.now()
    intake.referral_destination = destination
    intake.referral_note = note
    intake.save(update_fields=["referral_made_by", "referral_made_at", "referral_destination", "referral_note"])
    return intake


def intake_access_record(*, intake: Intake, user, page: str) -> IntakeAccess:
    return IntakeAccess.objects.create(intake=intake, viewed_by=user, page=page)


def intake_accesses_record(*, intakes, user, page: str) -> list[IntakeAccess]:
    """One access-log row for each intake a page showed (a list, search results)."""
    rows = [IntakeAccess(intake=intake, viewed_by=user, page=page) for intake in intakes]
    return IntakeAccess.objects.bulk_create(rows)


def outcome_record(
    *,
    intake: Intake,
    user,
    diagnosis: str,
    cause: Cause | None = None,
    other_diagnosis: str = "",
    confirmed_on=None,
    confirmed_by: str = "",
) -> Outcome:
    """Record (or correct) the diagnosis confirmed at follow-up; every version is kept in its history."""
    outcome = Outcome.objects.filter(intake=intake).first() or Outcome(intake=intake)
    outcome.diagnosis = diagnosis
    outcome.cause = cause
    outcome.other_diagnosis = other_diagnosis
    outcome.confirmed_on = confirmed_on
    outcome.confirmed_by = confirmed_by
    outcome.recorded_by = user
    outcome._history_user = user
    outcome.save()
    return outcome


def audit_export_start(*, user, start, end) -> AuditExport | None:
    """
    Log an export and take a slot for it, or None when too many exports are running: the user's
    own (`AUDIT_EXPORTS_PER_USER`) or everyone's (`AUDIT_EXPORTS_AT_ONCE`). A slot still held
    after `AUDIT_EXPORT_STALE` belonged to a process that died mid-export, and is freed.
    """
    stale = timezone.now() - settings.AUDIT_EXPORT_STALE
    AuditExport.objects.filter(started_at__lt=stale, slot__isnull=False).update(slot=None, user_slot=None)
    for slot in range(settings.AUDIT_EXPORTS_AT_ONCE):
        for user_slot in range(settings.AUDIT_EXPORTS_PER_USER):
            try:
                with transaction.atomic():
                    return AuditExport.objects.create(
                        exported_by=user, period_start=start, period_end=end, slot=slot, user_slot=user_slot
                    )
            except IntegrityError:
                continue  # Taken (perhaps a moment ago, by another request): try the next.
    return None


def audit_export_finish(*, export: AuditExport, rows: int) -> None:
    """Record how many rows went out, and free the export's slot."""
    AuditExport.objects.filter(pk=export.pk).update(finished_at=timezone.now(), rows=rows, slot=None, user_slot=None)
