"""
The site as `make serve` runs it: gunicorn with gunicorn.conf.py, production settings and the
embedded default cache (no REDIS_URL), over real HTTP.

Two separate servers on two ports share the test database and the default cache's folder, as
gunicorn's processes on one machine do: an edit made through one is seen through the other at
once, an unpublished cause is gone from both, and the question limit counts across both; the
same again with Redis as the shared cache. The servers answer hostile requests (an oversized
body, a body in another charset, a malformed request line) with the site's own pages and keep
query strings out of their logs.
"""

import http.client
import os
import secrets
import socket
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from bench.load import STAFF_PASSWORD, StaffMember, fetch, start_gunicorn
from causes.cache import GENERATION_KEY
from causes.generation import CHANNEL
from causes.models import Cause
from causes.services import QUESTIONS_PER_HOUR
from footdrop_site import settings as site_settings
from tests.conftest import make_cause

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

HOST = "127.0.0.1"
PATIENT = "Quilla Marchbanks"


def database_url() -> str:
    """The test database, as DATABASE_URL names it, so that the servers see what the test writes."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] or "postgres"
    return f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


# This file's own Redis database: it is emptied first (TEST_SERVERS_REDIS_URL names another).
REDIS_URL = os.environ.get("TEST_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/6")


@pytest.fixture(scope="module", params=["file cache", "redis"])
def servers(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """
    Two gunicorn servers (one process each) on two ports, sharing the database and the cache:
    the embedded default (files), then Redis.
    """
    with django_db_blocker.unblock():
        url = database_url()
    folder = tmp_path_factory.mktemp("servers")
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environment.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=url,
        DATABASE_CONN_MAX_AGE="0",
        DJANGO_CACHE_DIR=str(folder / "cache"),
    )
    redis_url = REDIS_URL if request.param == "redis" else None
    if redis_url:
        redis.Redis.from_url(redis_url).flushdb()
        environment["REDIS_URL"] = redis_url
    started = []
    try:
        for name in ("first", "second"):
            log = folder / f"{name}.log"
            server, port = start_gunicorn(environment, workers=1, threads=2, log=log)
            started.append((server, port, log))
        yield Servers(
            [(port, log) for _server, port, log in started], cache_folder=folder / "cache", redis_url=redis_url
        )
    finally:
        for server, _port, _log in started:
            server.terminate()
            server.wait(timeout=30)


class Servers(list):
    def __init__(self, servers, *, cache_folder: Path, redis_url: str | None):
        super().__init__(servers)
        self.redis_url = redis_url
        self.cache = RedisCache(redis_url, {}) if redis_url else FileBasedCache(str(cache_folder), {})

    def change_generation(self) -> None:
        """What an edit made by a third process does to the servers' shared cache."""
        self.cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
        if self.redis_url:
            redis.Redis.from_url(self.redis_url).publish(CHANNEL, b"")


def get(port: int, path: str, headers=None):
    response, body = fetch(http.client.HTTPConnection(HOST, port, timeout=30), "GET", path, headers=headers)
    return response, body.decode()


class FormFields(HTMLParser):
    """The fields a browser would send from the form with the given id, as (name, value) pairs."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "checkbox", "radio"}:
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and "checked" in attrs:
            self.fields.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value") or ""))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def edit_cause_in_the_admin(editor: StaffMember, reviewer: StaffMember, cause: Cause, **changes) -> None:
    """
    Open the cause's change page and save it with some fields changed (a value of None unticks a box),
    then have a clinical reviewer approve the draft, which publishes it.
    """
    path = f"/admin/causes/cause/{cause.pk}/change/"
    parser = FormFields("cause_form")
    parser.feed(editor.get(path))
    changes = {"change_reason": "A test edit", **changes}
    fields = [(name, value) for name, value in parser.fields if name not in changes]
    fields += [(name, value) for name, value in changes.items() if value is not None]
    response, page = editor.request("POST", path, fields)
    assert response.status == 302, page[:3000]
    approval = FormFields("approve-form")
    approval.feed(reviewer.get(f"/admin/causes/cause/{cause.pk}/approve/"))
    fields = [(name, value) for name, value in approval.fields if name != "role"] + [("role", "Neurologist")]
    response, page = reviewer.request("POST", f"/admin/causes/cause/{cause.pk}/approve/", fields)
    assert response.status == 302, page[:3000]


@pytest.fixture
def published_cause(servers):
    cause = make_cause(summary="The summary before the edit.")
    # Written here, in a third process: the servers' pages from earlier tests go stale.
    servers.change_generation()
    return cause


@pytest.fixture
def admin_on_the_first(servers, published_cause, settings):
    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS  # the servers check it with their own hashers
    get_user_model().objects.create_superuser("chief", "chief@example.com", STAFF_PASSWORD)
    return StaffMember(servers[0][0], "chief")


@pytest.fixture
def reviewer_on_the_first(servers, admin_on_the_first):
    clinician = get_user_model().objects.create_user(
        "clinician", "clinician@example.com", STAFF_PASSWORD, first_name="Cara", last_name="Clinician"
    )
    clinician.groups.add(Group.objects.get(name="Clinical reviewers"))
    return StaffMember(servers[0][0], "clinician")


def test_edits_through_one_server_show_at_once_through_the_other(
    servers, admin_on_the_first, reviewer_on_the_first, published_cause
):
    """One test for both edits: the servers keep content type ids from the first test's database."""
    (first, _log), (second, _log2) = servers
    page = published_cause.get_absolute_url()
    for port in (first, second, first, second):  # warm on both
        assert "The summary before the edit." in get(port, page)[1]
    edit_cause_in_the_admin(
        admin_on_the_first, reviewer_on_the_first, published_cause, summary="The summary after the edit."
    )
    for _read in range(20):
        response, html = get(second, page)
        assert response.status == 200
        assert "The summary after the edit." in html and "The summary before the edit." not in html

    assert get(first, page)[0].status == 200
    edit_cause_in_the_admin(admin_on_the_first, reviewer_on_the_first, published_cause, is_published=None)
    for port in (second, first, second):
        assert get(port, page)[0].status == 404
    assert page not in get(second, "/causes/")[1]


def ask(port: int, cause: Cause, number: int) -> int:
    """A reader opens the question form (its CSRF cookie and token) and sends a question."""
    path = f"{cause.get_absolute_url()}questions/"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    response, page = fetch(connection, "GET", path)
    cookie = SimpleCookie(response.getheader("Set-Cookie"))["csrftoken"].value
    parser = FormFields("question-form")
    parser.feed(page.decode())
    fields = dict(parser.fields) | {"author_name": "Reader", "text": f"Question number {number}?"}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
    return fetch(connection, "POST", path, body=urlencode(fields), headers=headers)[0].status


def test_the_question_limit_counts_across_both_servers(servers, published_cause):
    (first, _log), (second, _log2) = servers
    statuses = [ask((first, second)[number % 2], published_cause, number) for number in range(QUESTIONS_PER_HOUR)]
    assert statuses == [303] * QUESTIONS_PER_HOUR
    assert ask(first, published_cause, 98) == 429
    assert ask(second, published_cause, 99) == 429
    assert published_cause.questions.count() == QUESTIONS_PER_HOUR


def test_a_warm_page_is_refused_to_a_host_not_allowed(servers, published_cause):
    port = servers[1][0]
    page = published_cause.get_absolute_url()
    assert get(port, page)[0].status == 200
    assert get(port, page)[0].status == 200
    response, html = get(port, page, headers={"Host": "evil.example"})
    assert response.status == 400
    assert "Something in the request was not right" in html


def raw_exchange(port: int, data: bytes, *, wait: float = 5.0) -> bytes:
    """Send bytes as they are and read the answer until the server closes or stops sending."""
    with socket.create_connection((HOST, port), timeout=wait) as raw:
        raw.sendall(data)
        received = b""
        try:
            while chunk := raw.recv(65536):
                received += chunk
                if b"\r\n\r\n" in received and len(received) > 200:
                    break
        except TimeoutError:
            pass
    return received


def test_an_oversized_body_is_refused_before_it_is_read(servers, published_cause):
    port = servers[0][0]
    head = (
        f"POST {published_cause.get_absolute_url()}questions/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1073741824\r\n\r\n"
    ).encode()
    # Only a few bytes of the gigabyte it announces are ever sent: the answer cannot wait for the body.
    answer = raw_exchange(port, head + b"--x\r\n")
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"content-security-policy" in answer.lower()
    assert published_cause.questions.count() == 0


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/accounts/login/", "application/x-www-form-urlencoded; charset=utf-16"),
        ("/intake/new/", "application/x-www-form-urlencoded; charset=utf-16"),
        ("{cause}questions/", "application/x-www-form-urlencoded; charset=utf-16"),
        ("{cause}questions/", "multipart/form-data; boundary=x; charset=x-no-such-charset"),
    ],
)
def test_a_body_in_another_charset_gets_the_sites_400_from_gunicorn(servers, published_cause, path, content_type):
    port = servers[0][0]
    path = path.format(cause=published_cause.get_absolute_url())
    body = "username=nurse&password=wrong&text=hello".encode("utf-16")[:-1]
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    response, page = fetch(connection, "POST", path, body=body, headers={"Content-Type": content_type})
    assert response.status == 400
    assert "Something in the request was not right" in page.decode()
    assert response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_a_malformed_request_line_leaves_its_query_string_out_of_the_error_log(servers):
    port, log = servers[1]
    answer = raw_exchange(port, f"GET /intake/?q={PATIENT} HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    text = logged_line(Path(log), "Invalid request from ip=")
    assert "Quilla" not in text and "Marchbanks" not in text
    assert "[request line removed]" in text


def test_query_strings_are_cut_from_every_error_log_message():
    from core.gunicorn_logging import without_query_strings

    assert without_query_strings(f"Error handling request /intake/?q={PATIENT}") == (
        "Error handling request /intake/?[query removed]"
    )
    line = f"Invalid request from ip=10.0.0.9: Invalid HTTP request line: 'GET /intake/?q={PATIENT} HTTP/1.1 x'"
    assert PATIENT.split()[0] not in without_query_strings(line)
    assert without_query_strings("Worker exiting (pid: 12)") == "Worker exiting (pid: 12)"


def logged_line(log: Path, marker: str) -> str:
    """The server's log once it holds the marker (the worker may write its line just after answering)."""
    for _attempt in range(100):
        text = log.read_text()
        if marker in text:
            return text
        time.sleep(0.1)
    raise AssertionError(f"{marker!r} was never logged")
