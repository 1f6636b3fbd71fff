"""
The task worker: django-tasks-db's `db_worker`, plus recovery of tasks whose worker died.

A worker killed mid-task (SIGKILL, out of memory, the machine lost) leaves its task marked
"running" for ever, and `db_worker` never looks at it again. Beside the worker loop, a thread
puts such tasks back in the queue once they have been running longer than TASKS_STALE_SECONDS
(far longer than any task here takes), so a restarted worker catches up on its own. The tasks
themselves make a second run harmless (intake.tasks claims an escalation before sending it).

Same options as `db_worker` (`--interval`, `--queue-name`, `--reload`, …).
"""

import logging
import os
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_stale_tasks(*, now=None) -> int:
    """Put back in the queue every task still running TASKS_STALE_SECONDS after it started."""
    started_before = (now or timezone.now()) - timedelta(seconds=settings.TASKS_STALE_SECONDS)
    requeued = DBTaskResult.objects.running().filter(started_at__lt=started_before).update(status="READY")
    if requeued:
        logger.warning("Put %d task(s) whose worker stopped mid-task back in the queue", requeued)
    return requeued


def recover_stale_tasks_forever(every: float) -> None:
    while True:
        try:
            close_old_connections()
            requeue_stale_tasks()
        except DatabaseError:
            logger.exception("Could not look for stale tasks; trying again in %s s", every)
        finally:
            connections.close_all()
        time.sleep(every)


class Command(DatabaseWorkerCommand):
    help = "Run the database task worker, putting back in the queue the tasks of workers that died."

    def handle(self, *args, **options):
        if options["reload"]:
            # `make run` shows the development server's "Watching for file changes" line only.
            logging.getLogger("django.utils.autoreload").setLevel(logging.WARNING)
        # Under --reload the first process only restarts the real worker when files change.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            every = max(1.0, min(30.0, settings.TASKS_STALE_SECONDS / 4))
            threading.Thread(target=recover_stale_tasks_forever, args=(every,), daemon=True).start()
        super().handle(*args, **options)
