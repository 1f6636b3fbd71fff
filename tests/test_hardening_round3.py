"""
Smaller hardening: password reset limited per address and per client with a bounded queue;
X-Forwarded-For believed only from the proxies' own addresses; gunicorn on 127.0.0.1 with no
shared control socket; the SQLite database created for its owner alone.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.tasks import TaskResultStatus
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.forms import RESET_EMAILS_WAITING
from accounts.password_reset import RESETS_PER_ADDRESS, RESETS_PER_CLIENT
from accounts.tasks import send_password_reset_email
from core.client_address import client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


# Password reset


def ask_reset(client, email: str, address: str = "198.51.100.20"):
    """Ask for a reset; the email task runs once the request's work is committed, as on the site."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_a_few_reset_emails_an_hour_and_the_page_never_says_so(client, editor, mailoutbox):
    answers = [
        ask_reset(client, "editor@example.com", address=f"198.51.100.{n}") for n in range(RESETS_PER_ADDRESS + 5)
    ]
    assert len(mailoutbox) == RESETS_PER_ADDRESS
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, "/accounts/password_reset/done/")}


def test_one_client_may_ask_a_few_times_an_hour_then_gets_a_clear_429(client, editor, mailoutbox):
    for number in range(RESETS_PER_CLIENT):
        assert ask_reset(client, f"person{number}@example.com").status_code == 302
    refused = ask_reset(client, "editor@example.com")
    assert refused.status_code == 429
    assert "Too many password resets" in refused.content.decode()
    assert mailoutbox == []
    assert ask_reset(client, "editor@example.com", address="198.51.100.99").status_code == 302
    assert len(mailoutbox) == 1


def test_the_reset_email_queue_is_bounded(client, editor, mailoutbox, caplog):
    waiting = [
        DBTaskResult(
            task_path=send_password_reset_email.module_path,
            args_kwargs={"args": [f"person{number}@example.com"], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=timezone.now(),
            status=TaskResultStatus.READY,
        )
        for number in range(RESET_EMAILS_WAITING)
    ]
    DBTaskResult.objects.bulk_create(waiting)
    assert ask_reset(client, "editor@example.com").status_code == 302
    assert mailoutbox == []
    assert "Password reset queue full" in caplog.text
    DBTaskResult.objects.filter(pk=waiting[0].pk).delete()
    assert ask_reset(client, "editor@example.com", address="198.51.100.98").status_code == 302
    assert len(mailoutbox) == 1


# Trusted proxies


def test_the_forwarded_header_is_ignored_from_a_caller_that_is_not_the_proxy(rf, settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_ADDRESSES = 1, [PROXY]
    direct = rf.get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_address(direct) == "203.0.113.50"
    proxied = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_address(proxied) == "192.0.2.1"


@pytest.mark.parametrize(
    ("allowed", "remote", "believed"),
    [
        (["10.0.0.0/8"], "10.1.2.3", True),
        (["10.0.0.0/8"], "11.0.0.1", False),
        (["*"], "203.0.113.1", True),
        (["not an address"], PROXY, False),
        ([PROXY], "not an address", False),
    ],
)
def test_proxy_addresses_may_be_networks(rf, settings, allowed, remote, believed):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_ADDRESSES = 1, allowed
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert (client_address(request) == "192.0.2.1") is believed


def test_the_proxy_addresses_come_from_gunicorns_variable():
    assert django_settings.TRUSTED_PROXY_ADDRESSES == [
        item.strip() for item in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",") if item.strip()
    ]


def test_reached_directly_new_fake_addresses_never_save_an_account_from_the_lockout(client, intake_staff, settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_ADDRESSES = 1, [PROXY]
    answers = [
        client.post(
            "/accounts/login/",
            {"username": "nurse", "password": "wrong"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        ).status_code
        for attempt in range(12)
    ]
    assert answers[-1] == 429


# gunicorn and files


def gunicorn_settings(**environment) -> dict:
    code = (
        "import json, runpy; s = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps({k: s.get(k) for k in ('bind', 'control_socket', 'control_socket_disable')}))"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("HOST", "GUNICORN_CONTROL_SOCKET")}
    result = subprocess.run(  # noqa: S603 - our own interpreter and config file
        [sys.executable, "-c", code],
        env=env | environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    import json

    return json.loads(result.stdout)


def test_gunicorn_listens_on_this_machine_only_unless_told_otherwise():
    assert gunicorn_settings(PORT="8123")["bind"] == "127.0.0.1:8123"
    assert gunicorn_settings(HOST="0.0.0.0", PORT="8123")["bind"] == "0.0.0.0:8123"  # noqa: S104


def test_gunicorn_shares_no_control_socket():
    assert gunicorn_settings()["control_socket_disable"] is True
    own = gunicorn_settings(GUNICORN_CONTROL_SOCKET="/run/footdrop-a.ctl")
    assert own["control_socket"] == "/run/footdrop-a.ctl" and own["control_socket_disable"] is False


@pytest.mark.parametrize("entry", ["manage.py", "wsgi"])
def test_the_sqlite_database_is_created_for_its_owner_alone(tmp_path, entry):
    database = tmp_path / "new.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "footdrop_site.settings"}
    env.pop("REDIS_URL", None)
    if entry == "manage.py":
        command = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
    else:
        command = [
            sys.executable,
            "-c",
            "import os; os.umask(0o022); import footdrop_site.wsgi; "
            "from django.db import connection; connection.ensure_connection(); connection.cursor().execute('SELECT 1')",
        ]
    subprocess.run(command, env=env, cwd=django_settings.BASE_DIR, check=True, timeout=120)  # noqa: S603
    for path in [database, *Path(tmp_path).glob("new.sqlite3-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


# Every response the site writes carries the security headers, the new refusals included


def test_the_new_refusals_and_pages_carry_every_security_header(client, clinical_lead, intake_staff):
    from tests.conftest import intake_post_data
    from tests.test_security_headers import assert_security_headers

    session_ended = client.post("/intake/new/", intake_post_data())
    assert_security_headers(session_ended, "session ended")
    for number in range(RESETS_PER_CLIENT):
        ask_reset(client, f"person{number}@example.com")
    assert_security_headers(ask_reset(client, "x@example.com"), "reset limited")
    client.force_login(clinical_lead)
    export = client.get("/intake/audit/export.csv")
    assert_security_headers(export, "export")
    busy = client.get("/intake/audit/export.csv")
    assert busy.status_code == 429
    assert_security_headers(busy, "export busy")
    assert_security_headers(client.get("/check/questions/?onset=days&onset=sudden"), "repeated answer")
