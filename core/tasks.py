"""
Background tasks shared by the apps, and the two rules every task here follows.

Tasks are rows in the database (django-tasks-db), run by a separate worker process
(`manage.py task_worker`), so a request never waits for an email:

- **Enqueued after the commit, never failing the request.** `enqueue_on_commit` hands the task
  over once the data it reads is committed; if the queue cannot take it, the failure is logged
  and the request carries on (what the request saved is what matters; an emergency still shows
  on the overdue banner, which reads the intakes themselves).
- **Retried with back-off when the mail server is down.** `retry_later` enqueues the same task
  again after a growing delay; the failed attempt stays in the admin's task results with its
  traceback.
"""

import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# What a mail server that is down or refusing raises: worth trying again later.
MAIL_ERRORS = (smtplib.SMTPException, OSError)
# The wait before each retry: about three hours in all, then the task is left failed in the admin.
RETRY_DELAYS = tuple(timedelta(minutes=minutes) for minutes in (0.5, 1, 2, 5, 10, 15, 30, 60, 60))


def enqueue_on_commit(task_to_run, /, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits; a queue that refuses is logged, not raised."""
    transaction.on_commit(partial(enqueue_or_log, task_to_run, *args, **kwargs))


def enqueue_or_log(task_to_run, /, *args, **kwargs) -> None:
    try:
        task_to_run.enqueue(*args, **kwargs)
    except Exception:
        logger.exception("Could not enqueue the task %s", task_to_run.name)


def retry_later(task_to_run, /, *args, attempt: int, **kwargs) -> bool:
    """
    Enqueue `task_to_run` again after the delay for this attempt (1 for the first), with
    `attempt` one higher. False when every retry is spent.
    """
    if attempt > len(RETRY_DELAYS):
        logger.error("The task %s failed %d times: no more retries", task_to_run.name, attempt)
        return False
    delay = RETRY_DELAYS[attempt - 1]
    logger.warning("The task %s failed (attempt %d): trying again in %s", task_to_run.name, attempt, delay)
    task_to_run.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1, **kwargs)
    return True
