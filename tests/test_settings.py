"""
Production configuration refuses to start unsafely and passes Django's deploy check; staff
sessions are short; passwords are hashed with Argon2; old secret keys still work while rotating.
"""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from footdrop_site import settings as site_settings

ROOT = Path(__file__).resolve().parent.parent


def run_in_production(*args):
    """manage.py with production settings: DEBUG off, a strong random key, one allowed host."""
    return run_manage(
        *args,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="footdrop.example",
        ONCALL_EMAILS="oncall@footdrop.example",
    )


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments.
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_development_starts_with_no_variables_set():
    assert run_manage("check").returncode == 0


def test_the_deploy_check_is_clean_in_production():
    result = run_in_production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_sends_strict_transport_security_and_redirects_plain_http():
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='footdrop.example')\n"
        "print(client.get('/intake/').status_code)\n"
        "secure = client.get('/intake/', secure=True)\n"
        "print(secure.status_code)\n"
        "print(secure.headers.get('Strict-Transport-Security'))\n"
        "print(client.get('/intake/', secure=True, headers={'Cookie': ''}).cookies)\n"
    )
    result = run_in_production("shell", "--no-imports", "-c", script)
    assert result.returncode == 0, result.stderr
    plain_status, secure_status, hsts, _cookies = result.stdout.splitlines()[:4]
    assert plain_status == "301"  # to https
    assert secure_status == "302"  # to the sign-in page
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_production_cookies_are_secure_only():
    script = (
        "from django.conf import settings\n"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)\n"
    )
    result = run_in_production("shell", "--no-imports", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_old_secret_keys_are_read_from_the_environment():
    script = "from django.conf import settings\nprint(settings.SECRET_KEY_FALLBACKS)\n"
    result = run_manage("shell", "--no-imports", "-c", script, DJANGO_SECRET_KEY_FALLBACKS="old-key-one, old-key-two")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['old-key-one', 'old-key-two']"


OLD_KEY = "old-" + "k" * 60
NEW_KEY = "new-" + "k" * 60


@pytest.mark.django_db
def test_a_session_signed_with_an_old_key_still_works_while_the_old_key_is_a_fallback(client, intake_staff):
    with override_settings(SECRET_KEY=OLD_KEY, SECRET_KEY_FALLBACKS=[]):
        client.force_login(intake_staff)
        assert client.get("/intake/").status_code == 200
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        assert client.get("/intake/").status_code == 200


@pytest.mark.django_db
def test_a_session_signed_with_a_retired_key_is_signed_out(client, intake_staff):
    with override_settings(SECRET_KEY=OLD_KEY, SECRET_KEY_FALLBACKS=[]):
        client.force_login(intake_staff)
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        response = client.get("/intake/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_passwords_are_hashed_with_argon2():
    # The suite hashes with a fast hasher (tests/conftest.py): check the site's own setting.
    assert site_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=site_settings.PASSWORD_HASHERS):
        assert make_password("correct horse battery").startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_a_new_staff_password_is_stored_as_argon2(settings, django_user_model):
    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS
    staff = django_user_model.objects.create_user("argon", password="correct horse battery")
    assert staff.password.startswith("argon2$")
    assert staff.check_password("correct horse battery")


def test_staff_sessions_end_after_30_minutes_idle_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_the_session_cookie_lasts_only_until_the_browser_closes(client, intake_staff):
    client.force_login(intake_staff)
    response = client.get("/intake/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


@pytest.mark.django_db
def test_a_session_idle_for_more_than_30_minutes_is_signed_out(client, intake_staff):
    start = timezone.now()
    client.force_login(intake_staff)
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=29)):
        assert client.get("/intake/").status_code == 200
    # Each request restarts the clock.
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=58)):
        assert client.get("/intake/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=58 + 31)):
        response = client.get("/intake/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_sqlite_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Concurrent writers on one SQLite file wait their turn instead of failing."""
    probe = (
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0]); "
        "cursor.execute('PRAGMA busy_timeout'); print(cursor.fetchone()[0])"
    )
    result = run_manage("shell", "-c", probe, DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout = result.stdout.split()[-2:]
    assert journal_mode == "wal"
    assert int(busy_timeout) >= 5000


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("ON", True), ("0", False), ("false", False), ("No", False)],
)
def test_on_and_off_are_read_in_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("FOOTDROP_PROBE", value)
    assert site_settings.env_bool("FOOTDROP_PROBE", default=not expected) is expected


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_or_missing_switch_takes_its_default(monkeypatch, value):
    monkeypatch.setenv("FOOTDROP_PROBE", value)
    assert site_settings.env_bool("FOOTDROP_PROBE", default=True) is True
    monkeypatch.delenv("FOOTDROP_PROBE")
    assert site_settings.env_bool("FOOTDROP_PROBE", default=False) is False


@pytest.mark.parametrize("value", ["flase", "2", "enabled", "y"])
def test_a_switch_it_does_not_understand_is_refused_with_the_words_it_would(monkeypatch, value):
    monkeypatch.setenv("FOOTDROP_PROBE", value)
    with pytest.raises(ImproperlyConfigured) as refusal:
        site_settings.env_bool("FOOTDROP_PROBE", default=True)
    message = str(refusal.value)
    assert "FOOTDROP_PROBE" in message and repr(value) in message
    assert "1, true, yes, on" in message and "0, false, no, off" in message


def test_production_with_a_mistyped_https_switch_refuses_to_start():
    result = run_manage(
        "check",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="footdrop.example",
        DJANGO_SECURE_SSL_REDIRECT="flase",
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT must be one of 1, true, yes, on (on) or 0, false, no, off (off)" in result.stderr


@pytest.mark.django_db
def test_each_test_process_has_its_own_test_database():
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        assert name.endswith(f"test-db-{os.getpid()}.sqlite3")
    else:
        assert name.startswith("test_")
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        assert worker is None or name.endswith(f"_{worker}")


def test_the_site_settings_name_no_test_database(tmp_path):
    script = "from django.conf import settings; print(settings.DATABASES['default'].get('TEST'))"
    result = run_manage("shell", "--no-imports", "-c", script, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert "test-db-" not in result.stdout
