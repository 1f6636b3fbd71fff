"""
Work that must not run inside the request: a small pool of threads in each app server process.

Sending a password reset email takes as long as the SMTP server does, and only when the address
belongs to an account; done in the request, the response time tells who has an account. Handed
to this pool, both answers cost the same (a form check and a hand-over), and the email leaves a
moment later. The pool needs no worker process or broker, so `make serve`, `make run` and a
production gunicorn all work as they are. A job still waiting when its process stops is finished
before the process exits (Python joins the pool's threads at exit); a crash loses it, which for
a reset email means the person asks again. Tests swap `executor` for one they control.
"""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connections

logger = logging.getLogger(__name__)

# Each job is a reset email: more than this waiting means a flood, not staff who forgot a password.
MAX_WAITING_JOBS = 100


class BackgroundExecutor(ThreadPoolExecutor):
    """
    Jobs run on their own threads, log their failures and close the database connections they
    opened. At most `max_waiting` jobs wait or run at once: past that a job is dropped (and logged),
    so that a flood of requests cannot grow the queue without end.
    """

    def __init__(self, *args, max_waiting: int = MAX_WAITING_JOBS, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = threading.BoundedSemaphore(max_waiting)

    def submit(self, function, /, *args, **kwargs) -> Future | None:
        if not self.room.acquire(blocking=False):
            logger.warning("Background queue full: job %s dropped", function.__qualname__)
            return None
        return super().submit(_run, self.room, function, args, kwargs)


def _run(room, function, args, kwargs):
    try:
        return function(*args, **kwargs)
    except Exception:
        logger.exception("Background job %s failed", function.__qualname__)
        raise
    finally:
        room.release()
        connections.close_all()


executor = BackgroundExecutor(max_workers=2, thread_name_prefix="background")


def in_background(function, /, *args, **kwargs) -> None:
    """Run `function(*args, **kwargs)` outside the request, on the process's background threads."""
    executor.submit(function, *args, **kwargs)
