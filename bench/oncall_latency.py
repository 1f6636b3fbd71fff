"""
On-call latency: the time from filing an emergency to the on-call email leaving the task worker.

A real `manage.py task_worker` runs on a throwaway database with the console mail backend
(development settings); this process files emergencies through `intake_create` at random
moments and reads the worker's output for each email's subject. The time measured runs from
the filing's commit (the task is enqueued then) to the email written by the worker, so it is
the queue's latency: mostly the worker's polling interval (an idle worker looks for new tasks
every `--interval` seconds, 1 by default), plus the task itself.

    .venv/bin/python -m bench.oncall_latency                       # SQLite, then PostgreSQL
    .venv/bin/python -m bench.oncall_latency --database sqlite --runs 20 --interval 1 --interval 0.2
"""

import argparse
import os
import queue
import random
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

# A throwaway database of its own, so that other benchmarks running at the same time keep theirs.
os.environ.setdefault("BENCH_SQLITE_FILE", str(Path(tempfile.gettempdir()) / "footdrop-bench-oncall.sqlite3"))
os.environ.setdefault("BENCH_POSTGRES_NAME", "footdrop_bench_oncall")

from bench.throwaway import DATABASES, PYTHON, REPO, database_url, manage, percentile, reset_database  # noqa: E402

ONCALL = "oncall@example.com"
SUBJECT = "Subject: Emergency filed: foot drop intake "
EMERGENCY = {
    "patient_name": "Bench Patient",
    "date_of_birth": "1950-01-01",
    "side": "left",
    "onset": "sudden",
    "stroke_signs": True,
}


def worker_environment(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_DEBUG": "1",  # the console mail backend: each email is written to the worker's output
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url(database),
        "ONCALL_EMAILS": ONCALL,
        "PYTHONPATH": str(REPO),
    }


def read_subjects(stream, arrivals: queue.Queue) -> None:
    """Each on-call email's short intake id, with the moment its subject line was read."""
    for line in stream:
        if line.startswith(SUBJECT):
            arrivals.put((line[len(SUBJECT) :].strip(), time.monotonic()))


def measure(interval: float, runs: int) -> list[float]:
    """File `runs` emergencies at random moments; the seconds from each filing to its email."""
    from django.contrib.auth import get_user_model

    from intake.services import intake_create

    user = get_user_model().objects.get_or_create(username="bench-clinician")[0]
    command = [PYTHON, "manage.py", "task_worker", "--no-reload", "--no-startup-delay", "--interval", str(interval)]
    environment = worker_environment(os.environ["BENCH_DATABASE"])
    worker = subprocess.Popen(  # noqa: S603 - manage.py of this repository, with our own arguments
        command, cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    arrivals = queue.Queue()
    threading.Thread(target=read_subjects, args=(worker.stdout, arrivals), daemon=True).start()
    latencies = []
    try:
        time.sleep(2)  # the worker has started and is polling
        for _run in range(runs):
            time.sleep(random.uniform(0, 2 * interval))  # noqa: S311 - a random phase against the polling
            filed = time.monotonic()
            intake, _created = intake_create(answers=EMERGENCY, user=user, submission_token=uuid.uuid4())
            short_id, arrived = arrivals.get(timeout=60)
            assert short_id == str(intake.pk)[:8], (short_id, intake.pk)
            latencies.append(arrived - filed)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return latencies


def report(database: str, interval: float, latencies: list[float]) -> None:
    milliseconds = sorted(1000 * latency for latency in latencies)
    print(
        f"{database:10} interval {interval:4.1f} s  runs {len(milliseconds):3}  "
        f"p50 {statistics.median(milliseconds):6.0f} ms  p90 {percentile(milliseconds, 0.9):6.0f} ms  "
        f"worst {milliseconds[-1]:6.0f} ms  best {milliseconds[0]:6.0f} ms"
    )


def run_on(database: str, intervals: list[float], runs: int) -> None:
    reset_database(database)
    environment = worker_environment(database)
    manage(environment, "migrate", "--noinput")
    os.environ.update(DATABASE_URL=environment["DATABASE_URL"], DJANGO_DEBUG="1", BENCH_DATABASE=database)
    os.environ["ONCALL_EMAILS"] = ONCALL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "footdrop_site.settings")
    import django

    django.setup()
    for interval in intervals:
        report(database, interval, measure(interval, runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=DATABASES, action="append")
    parser.add_argument("--interval", type=float, action="append", help="the worker's polling interval (seconds)")
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    for database in arguments.database or DATABASES:
        # One database per process: Django is set up once, on the database it measures.
        if len(arguments.database or DATABASES) > 1:
            one = [PYTHON, "-m", "bench.oncall_latency", "--database", database, "--runs", str(arguments.runs)]
            for interval in arguments.interval or [1.0]:
                one += ["--interval", str(interval)]
            subprocess.run(one, cwd=REPO, check=True)  # noqa: S603 - this module, with our own arguments
        else:
            run_on(database, arguments.interval or [1.0], arguments.runs)


if __name__ == "__main__":
    main()
