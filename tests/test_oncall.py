"""
The on-call fail-safe in process: what is queued when an emergency is filed, the emails, the
escalation's one-time claim, retries when the mail server is down, the overdue banner, the
task results in the admin and the worker's recovery of stale tasks. The same with a real worker
process: tests/test_oncall_worker.py.
"""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.tasks.base import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from accounts.tasks import send_password_reset_email
from causes.models import Question, QuestionStatus
from causes.tasks import notify_moderators_of_question
from core.tasks import RETRY_DELAYS
from footdrop_site import settings as site_settings
from intake.management.commands.task_worker import requeue_stale_tasks
from intake.models import Intake
from intake.services import referral_record
from intake.tasks import alert_oncall, escalate_referral, escalation_claim
from tests.conftest import file_intake, intake_post_data

pytestmark = pytest.mark.django_db

ONCALL = ["oncall@example.com"]
PATIENT = {
    "patient_name": "Zebedee Quintrell-Fairweather",
    "date_of_birth": "1941-03-17",
    "hospital_number": "RX977341",
}
IDENTIFIERS = ("Zebedee", "Quintrell", "Fairweather", "RX977341", "1941", "17/03", "17 March", "17 Mar")
MAIL_DOWN = {"default": {"BACKEND": "tests.test_oncall.MailServerDown"}}


class MailServerDown:
    """A mail backend whose server refuses every connection."""

    def __init__(self, **_options):
        pass

    def send_messages(self, _messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


@pytest.fixture
def oncall(settings):
    settings.ONCALL_EMAILS = ONCALL
    settings.SITE_URL = "https://footdrop.example"
    return ONCALL


def file_emergency(user, **answers) -> Intake:
    return file_intake(user, **PATIENT, onset="sudden", stroke_signs=True, **answers)


def overdue(intake: Intake, minutes: int) -> Intake:
    Intake.objects.filter(pk=intake.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    return Intake.objects.get(pk=intake.pk)


# Filing


def test_filing_an_emergency_alerts_the_oncall_after_the_commit_and_queues_the_escalation(
    intake_staff, oncall, tasks_backend, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        intake = file_emergency(intake_staff)
    assert tasks_backend.results == [] and mailoutbox == []
    for callback in callbacks:
        callback()
    assert [email.to for email in mailoutbox] == [ONCALL]
    [escalation] = tasks_backend.deferred()
    assert escalation.task.func is escalate_referral.func
    assert escalation.args == [str(intake.pk)]
    assert escalation.task.run_after == intake.created_at + timedelta(minutes=15)


def test_the_escalation_window_comes_from_the_setting(
    intake_staff, oncall, settings, tasks_backend, django_capture_on_commit_callbacks
):
    settings.REFERRAL_ESCALATION_MINUTES = 40
    with django_capture_on_commit_callbacks(execute=True):
        intake = file_emergency(intake_staff)
    [escalation] = tasks_backend.deferred()
    assert escalation.task.run_after == intake.created_at + timedelta(minutes=40)


def test_a_routine_intake_queues_nothing(intake_staff, oncall, tasks_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file_intake(intake_staff, course="stable", diabetes=True)
    assert tasks_backend.results == []


def test_filing_neither_waits_for_nor_fails_because_of_the_queue(
    staff_client, oncall, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def queue_down(*_args, **_kwargs):
        raise ConnectionError("the queue is unreachable")

    monkeypatch.setattr(type(alert_oncall), "enqueue", queue_down)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/intake/new/", intake_post_data(onset="sudden", stroke_signs=True))
    intake = Intake.objects.get()
    assert response.status_code == 303 and response["Location"] == intake.get_referral_url()
    assert "Could not enqueue the task" in caplog.text


# The emails


def test_the_oncall_email_has_the_pathway_first_action_and_link_and_no_identifiers(intake_staff, oncall, mailoutbox):
    intake = file_emergency(intake_staff)
    assert alert_oncall.call(str(intake.pk)) == 1
    [alert] = mailoutbox
    first = intake.referrals[0]
    assert f"Suspected: {first['suspect']}" in alert.body
    assert f"First action: {first['destination']}. {first['timeframe']}." in alert.body
    assert f"https://footdrop.example/intake/{intake.pk}/referral/" in alert.body
    for identifier in IDENTIFIERS:
        assert identifier not in alert.subject + alert.body, identifier


def test_no_oncall_addresses_means_no_email(intake_staff, settings, mailoutbox):
    settings.ONCALL_EMAILS = []
    intake = file_emergency(intake_staff)
    assert alert_oncall.call(str(intake.pk)) == 0
    assert mailoutbox == []


# The escalation


def test_no_referral_escalates_once_and_marks_the_intake_overdue(intake_staff, oncall, mailoutbox):
    intake = overdue(file_emergency(intake_staff), minutes=16)
    assert escalate_referral.call(str(intake.pk)) == 1
    assert escalate_referral.call(str(intake.pk)) == 0, "a second run sends nothing"
    [escalation] = mailoutbox
    assert escalation.subject == f"ESCALATION: no referral recorded for emergency {str(intake.pk)[:8]} after 16 min"
    assert "ESCALATION" in escalation.body and f"/intake/{intake.pk}/referral/" in escalation.body
    for identifier in IDENTIFIERS:
        assert identifier not in escalation.subject + escalation.body, identifier
    assert Intake.objects.get(pk=intake.pk).escalated_at is not None


def test_a_referral_recorded_before_the_task_runs_cancels_the_escalation(intake_staff, oncall, mailoutbox):
    intake = file_emergency(intake_staff)
    referral_record(intake=intake, user=intake_staff, destination="Stroke unit")
    assert escalate_referral.call(str(intake.pk)) == 0
    assert mailoutbox == []
    assert Intake.objects.get(pk=intake.pk).escalated_at is None


def test_only_one_worker_may_claim_an_escalation_until_its_claim_is_abandoned(intake_staff, settings):
    intake = file_emergency(intake_staff)
    now = timezone.now()
    assert escalation_claim(str(intake.pk), now=now)
    assert not escalation_claim(str(intake.pk), now=now + timedelta(seconds=settings.TASKS_STALE_SECONDS - 1))
    assert escalation_claim(str(intake.pk), now=now + timedelta(seconds=settings.TASKS_STALE_SECONDS + 1))


def test_a_routine_intake_is_never_escalated(intake_staff, oncall, mailoutbox):
    routine = file_intake(intake_staff, course="stable", diabetes=True)
    assert escalate_referral.call(str(routine.pk)) == 0
    assert mailoutbox == []


# Mail server down


def test_a_mail_server_down_retries_the_alert_later(intake_staff, oncall, settings, tasks_backend):
    intake = file_emergency(intake_staff)
    settings.MAILERS = MAIL_DOWN
    with pytest.raises(smtplib.SMTPConnectError):
        alert_oncall.call(str(intake.pk))
    [retry] = tasks_backend.deferred()
    assert retry.task.func is alert_oncall.func
    assert (retry.args, retry.kwargs) == ([str(intake.pk)], {"attempt": 2})
    assert retry.task.run_after - timezone.now() == pytest.approx(RETRY_DELAYS[0], abs=timedelta(seconds=5))


def test_a_failed_escalation_gives_back_its_claim_and_retries_later(intake_staff, oncall, settings, tasks_backend):
    intake = overdue(file_emergency(intake_staff), minutes=16)
    settings.MAILERS = MAIL_DOWN
    with pytest.raises(smtplib.SMTPConnectError):
        escalate_referral.call(str(intake.pk), attempt=3)
    intake.refresh_from_db()
    assert intake.escalation_claimed_at is None and intake.escalated_at is None
    [retry] = tasks_backend.deferred()
    assert retry.kwargs == {"attempt": 4}
    assert retry.task.run_after - timezone.now() == pytest.approx(RETRY_DELAYS[2], abs=timedelta(seconds=5))


def test_retries_stop_after_the_last_delay(intake_staff, oncall, settings, tasks_backend):
    intake = file_emergency(intake_staff)
    settings.MAILERS = MAIL_DOWN
    with pytest.raises(smtplib.SMTPConnectError):
        alert_oncall.call(str(intake.pk), attempt=len(RETRY_DELAYS) + 1)
    assert tasks_backend.deferred() == []


def test_the_reset_email_retries_too(editor, settings, tasks_backend):
    settings.MAILERS = MAIL_DOWN
    with pytest.raises(smtplib.SMTPConnectError):
        send_password_reset_email.call("editor@example.com", domain="testserver", use_https=True)
    [retry] = tasks_backend.deferred()
    assert retry.kwargs == {"domain": "testserver", "use_https": True, "attempt": 2}


def test_the_moderator_notice_retries_too(editor, cause, settings, tasks_backend):
    question = Question.objects.create(cause=cause, author_name="Ann", text="Why?", status=QuestionStatus.PENDING)
    settings.MAILERS = MAIL_DOWN
    with pytest.raises(smtplib.SMTPConnectError):
        notify_moderators_of_question.call(question.pk)
    [retry] = tasks_backend.deferred()
    assert (retry.args, retry.kwargs) == ([question.pk], {"attempt": 2})


# The banner


def test_intake_staff_see_overdue_emergencies_on_every_page_with_minutes_waited(staff_client, intake_staff):
    intake = overdue(file_emergency(intake_staff), minutes=47)
    for url in ("/intake/", "/intake/new/", "/causes/", intake.get_absolute_url()):
        page = staff_client.get(url).content.decode()
        assert 'id="overdue-referrals"' in page, url
        assert f'href="{intake.get_referral_url()}"' in page and "waited 47 minutes" in page, url
        assert "Zebedee" not in page.split('id="overdue-referrals"')[1].split("</section>")[0]


def test_the_banner_waits_for_the_window(staff_client, intake_staff):
    overdue(file_emergency(intake_staff), minutes=14)
    assert 'id="overdue-referrals"' not in staff_client.get("/intake/").content.decode()


def test_an_escalated_emergency_shows_even_if_the_window_was_lengthened(staff_client, intake_staff, settings):
    intake = overdue(file_emergency(intake_staff), minutes=16)
    Intake.objects.filter(pk=intake.pk).update(escalated_at=timezone.now())
    settings.REFERRAL_ESCALATION_MINUTES = 60
    assert 'id="overdue-referrals"' in staff_client.get("/intake/").content.decode()


def test_the_banner_goes_once_a_referral_is_recorded(staff_client, intake_staff):
    intake = overdue(file_emergency(intake_staff), minutes=30)
    referral_record(intake=intake, user=intake_staff, destination="Stroke unit")
    assert 'id="overdue-referrals"' not in staff_client.get("/intake/").content.decode()


def test_the_banner_lists_five_then_links_to_the_rest(staff_client, intake_staff):
    for _number in range(6):
        overdue(file_emergency(intake_staff), minutes=20)
    page = staff_client.get("/causes/").content.decode()
    assert page.count("waited 20 minutes") == 5
    assert "More are waiting" in page


@pytest.mark.parametrize("who", ["anonymous", "outsider", "editor"])
def test_no_one_but_intake_staff_sees_the_banner(client, intake_staff, outsider, editor, who):
    overdue(file_emergency(intake_staff), minutes=30)
    if who != "anonymous":
        client.force_login({"outsider": outsider, "editor": editor}[who])
    assert 'id="overdue-referrals"' not in client.get("/causes/").content.decode()


# The admin and the worker


def test_task_results_are_in_the_admin_for_superusers_only(client, superuser, editor):
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    client.force_login(superuser)
    assert client.get(changelist).status_code == 200
    client.force_login(editor)
    assert client.get(changelist).status_code == 403
    assert changelist not in client.get(reverse("admin:index")).content.decode()


def test_the_worker_requeues_tasks_whose_worker_died(settings):
    now = timezone.now()
    stale_age = timedelta(seconds=settings.TASKS_STALE_SECONDS)

    def running_since(started_at):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="intake.tasks.alert_oncall",
            backend_name="default",
            run_after=now,
            status=TaskResultStatus.RUNNING,
            started_at=started_at,
        )

    abandoned = running_since(now - stale_age - timedelta(seconds=1))
    working = running_since(now - stale_age + timedelta(seconds=30))
    assert requeue_stale_tasks(now=now) == 1
    abandoned.refresh_from_db()
    working.refresh_from_db()
    assert (abandoned.status, working.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)


# Settings


@pytest.mark.parametrize("value", ["0", "15m", "-5", "1.5"])
def test_the_escalation_minutes_refuse_what_is_not_a_whole_number_above_zero(monkeypatch, value):
    monkeypatch.setenv("REFERRAL_ESCALATION_MINUTES", value)
    with pytest.raises(ImproperlyConfigured, match="REFERRAL_ESCALATION_MINUTES must be a whole number"):
        site_settings.env_positive_int("REFERRAL_ESCALATION_MINUTES", 15)


def test_the_escalation_minutes_default_to_15(monkeypatch):
    monkeypatch.delenv("REFERRAL_ESCALATION_MINUTES", raising=False)
    assert site_settings.env_positive_int("REFERRAL_ESCALATION_MINUTES", 15) == 15
    monkeypatch.setenv("REFERRAL_ESCALATION_MINUTES", " 30 ")
    assert site_settings.env_positive_int("REFERRAL_ESCALATION_MINUTES", 15) == 30


def test_in_development_the_site_url_follows_the_port():
    from tests.test_settings import run_manage

    show = "from django.conf import settings; print(settings.SITE_URL)"
    assert (
        run_manage("shell", "--no-imports", "-c", show, PORT="8123", SITE_URL="").stdout.strip()
        == "http://127.0.0.1:8123"
    )
    with_site_url = run_manage("shell", "--no-imports", "-c", show, PORT="8123", SITE_URL="https://footdrop.example")
    assert with_site_url.stdout.strip() == "https://footdrop.example"


def test_the_queue_command_counts_tasks_by_state_and_names_the_latest_failures():
    from io import StringIO

    from django.core.management import call_command

    now = timezone.now()

    def task_result(status, run_after, **fields):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="intake.tasks.alert_oncall",
            backend_name="default",
            status=status,
            run_after=run_after,
            **fields,
        )

    task_result(TaskResultStatus.READY, now - timedelta(seconds=1))
    task_result(TaskResultStatus.READY, now + timedelta(minutes=15))
    task_result(TaskResultStatus.READY, now + timedelta(minutes=15))
    task_result(
        TaskResultStatus.FAILED, now, finished_at=now, exception_class_path="smtplib.SMTPConnectError", traceback="…"
    )
    output = StringIO()
    call_command("task_queue", stdout=output)
    lines = output.getvalue().splitlines()
    assert "waiting to run now   1" in lines and "scheduled for later  2" in lines and "failed               1" in lines
    assert any(line.endswith("alert_oncall: smtplib.SMTPConnectError") for line in lines)


def test_the_queue_runs_oncall_tasks_before_a_backlog_of_other_tasks(intake_staff, settings):
    intake = file_emergency(intake_staff)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    for _number in range(3):
        send_password_reset_email.enqueue("editor@example.com", domain="testserver", use_https=True)
    send_password_reset_email.using(run_after=timezone.now() - timedelta(minutes=1)).enqueue(
        "editor@example.com", domain="testserver", use_https=True
    )
    alert_oncall.enqueue(str(intake.pk))
    assert DBTaskResult.objects.ready().first().task_path == "intake.tasks.alert_oncall"


def test_the_deploy_check_warns_when_no_oncall_address_is_set(settings):
    from intake.checks import oncall_addresses_set

    settings.ONCALL_EMAILS = []
    assert [warning.id for warning in oncall_addresses_set(None)] == ["intake.W002"]
    settings.ONCALL_EMAILS = ["oncall@example.com"]
    assert oncall_addresses_set(None) == []


def test_the_admin_shows_when_an_intake_was_escalated(client, superuser, intake_staff):
    intake = overdue(file_emergency(intake_staff), minutes=16)
    escalate_referral.call(str(intake.pk))
    escalated_at = Intake.objects.get(pk=intake.pk).escalated_at
    client.force_login(superuser)
    page = client.get(reverse("admin:intake_intake_change", args=[intake.pk])).content.decode()
    assert "Referral overdue: escalated at" in page
    assert date_format(timezone.localtime(escalated_at), "DATETIME_FORMAT") in page
