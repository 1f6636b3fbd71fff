"""
Sign-in is locked for an account at an address after 5 failed attempts, with a clear message,
and opens again by itself after the 15-minute cool-off.
"""

from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def fail(client, username, times, address="127.0.0.1"):
    return [sign_in(client, username, "wrong password", address=address) for _attempt in range(times)]


def is_locked_out(response) -> bool:
    return response.status_code == 429 and "Too many failed sign-in attempts" in response.content.decode()


@contextmanager
def minutes_later(minutes):
    """Move every clock the sign-in path reads (Django's and django-axes') forward."""
    later = timezone.now() + timedelta(minutes=minutes)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("axes.attempts.now", return_value=later),
        mock.patch("axes.handlers.proxy.now", return_value=later),
    ):
        yield


def test_the_limit_is_five_failures_and_the_cool_off_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_only_show_the_form_error(client, intake_staff):
    for response in fail(client, "nurse", 4):
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    response = sign_in(client, "nurse", PASSWORD)
    assert response.status_code == 302


def test_the_fifth_failure_locks_the_account_with_a_clear_message(client, intake_staff):
    *_earlier, fifth = fail(client, "nurse", 5)
    assert is_locked_out(fifth)
    html = fifth.content.decode()
    assert "Wait 15 minutes" in html
    assert 'role="alert"' in html
    assert "Forgot password?" in html


def test_a_locked_account_refuses_even_the_right_password(client, intake_staff):
    fail(client, "nurse", 5)
    response = sign_in(client, "nurse", PASSWORD)
    assert is_locked_out(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/intake/").status_code == 302


def test_the_lockout_is_for_that_account_at_that_address(client, intake_staff, editor):
    fail(client, "nurse", 5, address="10.0.0.1")
    assert sign_in(client, "editor", PASSWORD, address="10.0.0.1").status_code == 302
    client.logout()
    assert sign_in(client, "nurse", PASSWORD, address="10.0.0.2").status_code == 302


def test_failures_for_an_unknown_username_lock_too(client):
    *_earlier, fifth = fail(client, "nobody", 5)
    assert is_locked_out(fifth)


def test_the_account_is_still_locked_fourteen_minutes_later(client, intake_staff):
    fail(client, "nurse", 5)
    with minutes_later(14):
        assert is_locked_out(sign_in(client, "nurse", PASSWORD))


def test_the_account_opens_again_after_the_cool_off(client, intake_staff):
    fail(client, "nurse", 5)
    with minutes_later(16):
        response = sign_in(client, "nurse", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/intake/"
    assert client.session["_auth_user_id"] == str(intake_staff.pk)


def test_a_successful_sign_in_clears_earlier_failures(client, intake_staff):
    fail(client, "nurse", 4)
    assert sign_in(client, "nurse", PASSWORD).status_code == 302
    client.logout()
    *_earlier, last = fail(client, "nurse", 4)
    assert last.status_code == 200


def test_an_overlong_username_is_refused_like_any_other(client):
    """Django's sign-in form does not limit the username; django-axes must still record it (was a 500 on PostgreSQL)."""
    username = "ä" * 300
    for response in fail(client, username, 4):
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    assert is_locked_out(sign_in(client, username, "wrong password"))
