"""
Concurrent submissions lose nothing: 500 intakes posted from 20 threads to a live server, over
real HTTP with a signed-in session and CSRF token, are all saved exactly once; and one form sent
twice at the same moment files one intake. Runs on whichever database DATABASE_URL selects
(SQLite in WAL mode with IMMEDIATE transactions, or PostgreSQL).
"""

import http.client
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client

from intake.models import Intake, SuspectedCause
from tests.conftest import intake_post_data, make_cause

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

INTAKES = 500
THREADS = 20
ONSETS = ["sudden", "days", "gradual", "lifelong", "unknown"]


class Session:
    """A signed-in member of staff speaking plain HTTP to the live server, as a browser would."""

    def __init__(self, live_server_url: str):
        user = get_user_model().objects.create_user("load-nurse", password=None)
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="intake", codename__in=["add_intake", "view_intake"])
        )
        client = Client()
        client.force_login(user)
        self.session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
        address = urlsplit(live_server_url)
        self.host, self.port = address.hostname, address.port
        form = self.request("GET", "/intake/new/")
        assert form.status == 200, form.status
        self.csrf_cookie = re.search(rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", form.getheader("Set-Cookie")).group(1)
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        cookies = f"{settings.SESSION_COOKIE_NAME}={self.session_id}"
        if getattr(self, "csrf_cookie", None):
            cookies += f"; {settings.CSRF_COOKIE_NAME}={self.csrf_cookie}"
        headers = {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.body = response.read().decode()
            return response
        finally:
            connection.close()

    def file_intake(self, data: dict) -> tuple[int, str]:
        response = self.request("POST", "/intake/new/", urlencode({**data, "csrfmiddlewaretoken": self.csrf_token}))
        return response.status, response.getheader("Location") or ""


@pytest.fixture
def staff_session(live_server):
    for number in range(3):
        make_cause(name=f"Cause {number}", slug=f"cause-{number}", risk_factors=["diabetes"], onset="days")
    return Session(live_server.url)


def intake_answers(number: int) -> dict:
    return intake_post_data(
        patient_name=f"Load Patient {number}",
        hospital_number=f"L{number:05d}",
        onset=ONSETS[number % len(ONSETS)],
        diabetes=number % 2 == 0,
    )


def report(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\n[{connection.vendor}] {line}")


def test_500_intakes_from_20_threads_are_all_saved_once(staff_session, capsys):
    submissions = [intake_answers(number) for number in range(INTAKES)]
    errors = []

    def submit(data):
        try:
            status, location = staff_session.file_intake(data)
        except Exception as error:  # noqa: BLE001 - every failure is counted, not raised in a worker thread
            errors.append(repr(error))
            return
        if status != 303 or not location.startswith("/intake/"):
            errors.append(f"{status} {location}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(submit, submissions))
    elapsed = time.perf_counter() - started

    throughput = INTAKES / elapsed
    report(capsys, f"{INTAKES} intakes, {THREADS} threads: {elapsed:.1f} s, {throughput:.0f}/s, errors: {len(errors)}")
    assert errors == []
    assert Intake.objects.count() == INTAKES
    saved_tokens = {str(token) for token in Intake.objects.values_list("submission_token", flat=True)}
    assert saved_tokens == {data["submission_token"] for data in submissions}
    saved_numbers = set(Intake.objects.values_list("hospital_number", flat=True))
    assert saved_numbers == {f"L{number:05d}" for number in range(INTAKES)}
    # Every intake kept its ranked suspected causes.
    for intake in Intake.objects.filter(diabetes=True).prefetch_related("suspicions")[:20]:
        assert [suspicion.rank for suspicion in intake.suspicions.all()] == list(
            range(1, intake.suspicions.count() + 1)
        )
    assert SuspectedCause.objects.filter(intake__diabetes=True).exists()


def test_the_same_form_sent_twice_at_once_files_one_intake(staff_session):
    pairs = 20
    results: dict[str, list] = {}
    lock = threading.Lock()

    def send_twice(data):
        barrier = threading.Barrier(2)

        def send():
            barrier.wait()
            outcome = staff_session.file_intake(data)
            with lock:
                results.setdefault(data["submission_token"], []).append(outcome)

        threads = [threading.Thread(target=send) for _twice in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(send_twice, [intake_answers(number) for number in range(pairs)]))

    assert Intake.objects.count() == pairs
    for token, outcomes in results.items():
        assert Intake.objects.filter(submission_token=uuid.UUID(token)).count() == 1
        (first_status, first_location), (second_status, second_location) = outcomes
        assert first_status == second_status == 303
        assert first_location == second_location  # both sent to the one intake
