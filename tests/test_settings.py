"""Production configuration refuses to start unsafely, and passes Django's deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="footdrop.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
