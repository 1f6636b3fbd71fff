"""
The on-call fail-safe with the real queue and a real worker: each test starts `manage.py
task_worker` as a separate process on the test database (committed rows: transactional tests),
on SQLite or on PostgreSQL when DATABASE_URL points there. The worker writes each email to a
file (tests/worker_mail.py). Outcomes are awaited with a generous timeout, never timed.
"""

import email
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.models import Intake
from intake.services import referral_record
from tests.conftest import file_intake
from tests.worker_mail import SENT_SUFFIX

pytestmark = pytest.mark.django_db(transaction=True)

ONCALL = ["oncall@example.com", "registrar@example.com"]
# A patient whose details would be recognised in an email.
PATIENT = {
    "patient_name": "Zebedee Quintrell-Fairweather",
    "date_of_birth": "1941-03-17",
    "hospital_number": "RX977341",
}
IDENTIFIERS = ("Zebedee", "Quintrell", "Fairweather", "RX977341", "1941", "17/03", "17 March", "17 Mar")
EMERGENCY = {**PATIENT, "onset": "sudden", "stroke_signs": True}
PATIENCE_SECONDS = 60


def database_url() -> str:
    """The test database, as the worker process must find it."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(database['NAME']).resolve()}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


class Worker:
    """`manage.py task_worker` in its own process, stopped (or killed) by the test."""

    def __init__(self, mail_folder: Path, log: Path, **environment: str):
        self.mail_folder = mail_folder
        self.log = log
        self.environment = environment
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": database_url(),
            "WORKER_MAIL_DIR": str(self.mail_folder),
            "ONCALL_EMAILS": ",".join(ONCALL),
            "SITE_URL": "https://footdrop.example",
            **self.environment,
        }
        command = [sys.executable, "manage.py", "task_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
        with self.log.open("ab") as log:
            # Our own manage.py with fixed arguments.
            self.process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log)  # noqa: S603
        return self

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=PATIENCE_SECONDS)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=PATIENCE_SECONDS)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def mail_folder(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def workers(mail_folder, tmp_path, settings):
    """Start workers with `workers()`; every one is stopped before the database is emptied."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.ONCALL_EMAILS = ONCALL
    settings.SITE_URL = "https://footdrop.example"
    started = []

    def start(**environment):
        started.append(Worker(mail_folder, tmp_path / "worker.log", **environment).start())
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition, what: str, tmp_path=None):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    log = (tmp_path / "worker.log").read_text() if tmp_path and (tmp_path / "worker.log").exists() else ""
    pytest.fail(f"Still waiting after {PATIENCE_SECONDS} s for {what}\n{log}")


def emails_sent(mail_folder: Path) -> list:
    messages = [email.message_from_bytes(path.read_bytes()) for path in mail_folder.glob(f"*{SENT_SUFFIX}")]
    return sorted(messages, key=lambda message: message["Subject"])


def body(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def queue_is_idle() -> bool:
    """Every task enqueued so far has run (none waiting to run now, none running)."""
    return not DBTaskResult.objects.ready().exists() and not DBTaskResult.objects.running().exists()


def test_an_emergency_filed_reaches_the_oncall_within_seconds_without_the_patients_identifiers(
    workers, mail_folder, intake_staff, tmp_path
):
    workers()
    intake = file_intake(intake_staff, **EMERGENCY)
    wait_for(lambda: emails_sent(mail_folder), "the on-call email", tmp_path)
    wait_for(queue_is_idle, "the queue to settle", tmp_path)

    [alert] = emails_sent(mail_folder)
    assert alert["To"] == ", ".join(ONCALL)
    assert alert["Subject"] == f"Emergency filed: foot drop intake {str(intake.pk)[:8]}"
    text = body(alert)
    first = intake.referrals[0]
    assert f"Suspected: {first['suspect']}" in text
    assert f"First action: {first['destination']}. {first['timeframe']}." in text
    assert f"https://footdrop.example/intake/{intake.pk}/referral/" in text
    for identifier in IDENTIFIERS:
        assert identifier not in alert.as_string(), identifier
    # The escalation waits for its window (15 minutes): queued, not run.
    assert DBTaskResult.objects.filter(task_path="intake.tasks.escalate_referral", status="READY").count() == 1


def test_no_referral_in_the_window_sends_one_escalation_and_shows_the_banner(
    workers, mail_folder, intake_staff, staff_client, settings, tmp_path
):
    settings.REFERRAL_ESCALATION_MINUTES = 0.02  # about a second
    workers()
    intake = file_intake(intake_staff, **EMERGENCY)
    wait_for(lambda: Intake.objects.get(pk=intake.pk).escalated_at, "the escalation", tmp_path)
    wait_for(queue_is_idle, "the queue to settle", tmp_path)

    alert, escalation = sorted(emails_sent(mail_folder), key=lambda message: message["Subject"].startswith("ESC"))
    assert escalation["Subject"].startswith(f"ESCALATION: no referral recorded for emergency {str(intake.pk)[:8]}")
    assert f"https://footdrop.example/intake/{intake.pk}/referral/" in body(escalation)
    for identifier in IDENTIFIERS:
        assert identifier not in escalation.as_string(), identifier
    page = staff_client.get("/intake/").content.decode()
    assert 'id="overdue-referrals"' in page
    assert f'href="/intake/{intake.pk}/referral/"' in page


def test_a_referral_recorded_in_time_cancels_the_escalation(workers, mail_folder, intake_staff, settings, tmp_path):
    settings.REFERRAL_ESCALATION_MINUTES = 0.01
    intake = file_intake(intake_staff, **EMERGENCY)
    referral_record(intake=intake, user=intake_staff, destination="Stroke unit")
    # The worker starts after the referral is recorded, whatever the machine's speed.
    workers()
    wait_for(lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2, "both tasks to run", tmp_path)

    [alert] = emails_sent(mail_folder)
    assert alert["Subject"].startswith("Emergency filed")
    assert DBTaskResult.objects.get(task_path="intake.tasks.escalate_referral").return_value == 0
    assert Intake.objects.get(pk=intake.pk).escalated_at is None


def test_a_worker_stopped_for_an_hour_catches_up_when_it_returns(workers, mail_folder, intake_staff, tmp_path):
    intake = file_intake(intake_staff, **EMERGENCY)
    # No worker ran while the hour passed: the intake and its escalation are an hour old.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Intake.objects.filter(pk=intake.pk).update(created_at=an_hour_ago)
    DBTaskResult.objects.filter(task_path="intake.tasks.escalate_referral").update(
        run_after=an_hour_ago + timedelta(minutes=15)
    )
    workers()
    wait_for(lambda: Intake.objects.get(pk=intake.pk).escalated_at, "the escalation", tmp_path)
    wait_for(queue_is_idle, "the queue to settle", tmp_path)

    subjects = sorted(message["Subject"] for message in emails_sent(mail_folder))
    assert subjects == [
        f"ESCALATION: no referral recorded for emergency {str(intake.pk)[:8]} after 60 min",
        f"Emergency filed: foot drop intake {str(intake.pk)[:8]}",
    ]


def test_a_worker_killed_mid_escalation_and_restarted_escalates_exactly_once(
    workers, mail_folder, intake_staff, settings, tmp_path
):
    settings.REFERRAL_ESCALATION_MINUTES = 0.01
    # A task or an escalation claim this old lost its worker (the default is 10 minutes).
    stale = {"TASKS_STALE_SECONDS": "5"}
    (mail_folder / "hold-escalations").touch()
    first_worker = workers(**stale)
    intake = file_intake(intake_staff, **EMERGENCY)
    wait_for((mail_folder / "escalation-sending").exists, "the escalation to be sending", tmp_path)
    first_worker.kill()
    assert Intake.objects.get(pk=intake.pk).escalated_at is None
    (mail_folder / "hold-escalations").unlink()

    workers(**stale)
    wait_for(lambda: Intake.objects.get(pk=intake.pk).escalated_at, "the escalation after the restart", tmp_path)
    wait_for(queue_is_idle, "the queue to settle", tmp_path)

    subjects = [message["Subject"] for message in emails_sent(mail_folder)]
    assert [subject.split(":")[0] for subject in subjects] == ["ESCALATION", "Emergency filed"]
    assert DBTaskResult.objects.running().count() == 0


def test_a_mail_server_down_is_retried_later_and_the_failure_shows_in_the_admin(
    workers, mail_folder, intake_staff, superuser, client, tmp_path
):
    (mail_folder / "mail-down").touch()
    workers()
    intake = file_intake(intake_staff, **EMERGENCY)
    wait_for(lambda: DBTaskResult.objects.failed().exists(), "the failed attempt", tmp_path)

    failed = DBTaskResult.objects.failed().get()
    assert failed.task_path == "intake.tasks.alert_oncall"
    assert "SMTPConnectError" in failed.exception_class_path
    retry = DBTaskResult.objects.get(task_path="intake.tasks.alert_oncall", status="READY")
    assert retry.args_kwargs == {"args": [str(intake.pk)], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now() + timedelta(seconds=20)
    client.force_login(superuser)
    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.pk])).content.decode()
    assert "The mail server is down" in page

    # The server is back and the back-off has passed: the retry sends the email.
    (mail_folder / "mail-down").unlink()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    wait_for(lambda: emails_sent(mail_folder), "the retried on-call email", tmp_path)
    [alert] = emails_sent(mail_folder)
    assert alert["Subject"].startswith("Emergency filed")
