"""
The on-call fail-safe: no emergency waits unseen.

When an emergency is filed, `alert_oncall` emails the on-call clinicians (`ONCALL_EMAILS`), and
`escalate_referral` is queued to run `REFERRAL_ESCALATION_MINUTES` later. If no referral is
recorded by then, it emails them again, marked ESCALATION, and marks the intake overdue
(`escalated_at`). A referral recorded in time cancels nothing: the task reads the record when it
runs and does nothing.

Email is not a safe channel for patient data: the emails carry the pathway, the first action and
a link to the referral page (behind a sign-in), never the patient's name, date of birth or
hospital number.

The escalation is sent once, even when a worker is killed mid-task and the task runs again
(`task_worker` requeues it): a worker first claims it with a conditional UPDATE, sends, then
marks it sent. A claim older than `TASKS_STALE_SECONDS` belonged to a worker that died before
sending and may be taken again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from core.tasks import MAIL_ERRORS, enqueue_on_commit, retry_later
from intake.models import Disposition, Intake

logger = logging.getLogger(__name__)

# Before any other waiting task (a backlog of reset emails, say): the queue runs higher first.
ONCALL_PRIORITY = 50


def emergency_alerts_schedule(intake: Intake) -> None:
    """After the filing commits: tell the on-call now, and check for a referral when the window ends."""
    enqueue_on_commit(alert_oncall, str(intake.pk))
    due = intake.created_at + timedelta(minutes=settings.REFERRAL_ESCALATION_MINUTES)
    enqueue_on_commit(escalate_referral.using(run_after=due), str(intake.pk))


def oncall_email_body(intake: Intake, *, opening: str) -> str:
    """What the on-call needs to act, and nothing that identifies the patient."""
    first = intake.referrals[0] if intake.referrals else None
    pathways = ", ".join(dict.fromkeys(referral["suspect"] for referral in intake.referrals))
    first_action = (
        f"{first['destination']}. {first['timeframe']}."
        if first
        else gettext("Call 999 for an ambulance to the emergency department.")
    )
    link = settings.SITE_URL.rstrip("/") + intake.get_referral_url()
    return gettext(
        "%(opening)s\n\n"
        "Suspected: %(pathways)s\n"
        "First action: %(first_action)s\n"
        "Filed at: %(filed)s\n\n"
        "Open the referral page (sign-in needed) to see the patient and record the referral:\n%(link)s\n\n"
        "The patient's details are not in this email: read them on the site.\n"
    ) % {
        "opening": opening,
        "pathways": pathways or gettext("emergency"),
        "first_action": first_action,
        "filed": timezone.localtime(intake.created_at).strftime("%d %b %Y %H:%M"),
        "link": link,
    }


def emergency_intake(intake_id: str) -> Intake | None:
    return Intake.objects.filter(pk=intake_id, disposition=Disposition.EMERGENCY).first()


@task(priority=ONCALL_PRIORITY)
def alert_oncall(intake_id: str, attempt: int = 1) -> int:
    """Email the on-call that an emergency was filed. Returns the number of emails sent."""
    intake = emergency_intake(intake_id)
    if intake is None or not settings.ONCALL_EMAILS:
        return 0
    subject = gettext("Emergency filed: foot drop intake %(short_id)s") % {"short_id": str(intake.pk)[:8]}
    body = oncall_email_body(intake, opening=gettext("An emergency foot drop intake has just been filed."))
    try:
        return send_mail(subject, body, None, settings.ONCALL_EMAILS)
    except MAIL_ERRORS:
        retry_later(alert_oncall, intake_id, attempt=attempt)
        raise


@task(priority=ONCALL_PRIORITY)
def escalate_referral(intake_id: str, attempt: int = 1) -> int:
    """Escalate an emergency still without a referral: email once, and mark the intake overdue."""
    now = timezone.now()
    if not escalation_claim(intake_id, now=now):
        return 0  # referral recorded, already escalated, or another worker is sending it now
    intake = Intake.objects.get(pk=intake_id)
    waited = int((now - intake.created_at).total_seconds() // 60)
    subject = gettext("ESCALATION: no referral recorded for emergency %(short_id)s after %(minutes)d min") % {
        "short_id": str(intake.pk)[:8],
        "minutes": waited,
    }
    opening = gettext("ESCALATION. This emergency was filed %(minutes)d minutes ago and no referral is recorded.") % {
        "minutes": waited
    }
    try:
        sent = send_mail(subject, oncall_email_body(intake, opening=opening), None, settings.ONCALL_EMAILS)
    except MAIL_ERRORS:
        Intake.objects.filter(pk=intake_id).update(escalation_claimed_at=None)
        retry_later(escalate_referral, intake_id, attempt=attempt)
        raise
    Intake.objects.filter(pk=intake_id).update(escalated_at=timezone.now())
    if not settings.ONCALL_EMAILS:
        logger.warning("Emergency %s is overdue for a referral and ONCALL_EMAILS is empty", str(intake.pk)[:8])
    return sent


def escalation_claim(intake_id: str, *, now) -> bool:
    """
    Claim the escalation for this worker, atomically: True for exactly one caller while the
    intake is an emergency with no referral and no escalation sent. A claim older than
    TASKS_STALE_SECONDS was left by a worker that died, and may be taken again.
    """
    abandoned = now - timedelta(seconds=settings.TASKS_STALE_SECONDS)
    claimed = (
        Intake.objects.filter(
            pk=intake_id,
            disposition=Disposition.EMERGENCY,
            referral_made_at__isnull=True,
            escalated_at__isnull=True,
        )
        .filter(Q(escalation_claimed_at__isnull=True) | Q(escalation_claimed_at__lt=abandoned))
        .update(escalation_claimed_at=now)
    )
    return claimed == 1
