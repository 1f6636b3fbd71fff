"""
The cache is an accelerator: when it fails, the public site stays up.

With the file cache's folder empty and unwritable, and with Redis stopped or paused (a server of
this file's own on its own port, never the shared one), the home page, a cause page, the emergency
check, the sign-in page and /healthz answer 200 with their real content; pages are rendered
uncached, an edit made meanwhile still saves and is shown once the cache is back, the errors are
logged at most once a minute, and the health check tells the database and the cache apart.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from causes import cache as page_cache
from causes import generation
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db

PAGES = ("/", "/causes/test-neuropathy/", "/check/", "/accounts/login/", "/healthz")
# What each page must show, so that a 200 is the real page and not an error page.
PAGE_TEXT = {
    "/": "Foot drop",
    "/causes/test-neuropathy/": "Test neuropathy",
    "/check/": "emergency",
    "/accounts/login/": 'name="password"',
    "/healthz": '"database": "ok"',
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A Redis server of this test's own, on a free port: stopped and paused at will."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line on a loopback port
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_timeout=1)
        for _attempt in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the test's own redis-server did not start")

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    server = OwnRedis()
    yield server
    server.stop()


@pytest.fixture
def no_pause_after_errors(monkeypatch):
    """Each request asks the failing cache again (in service the cache is left alone for a second)."""
    monkeypatch.setattr(generation.outage, "pause", 0.0)
    page_cache.local_pages.clear()
    yield
    page_cache.local_pages.clear()


def redis_cache(url: str) -> dict:
    """The site's own Redis settings (timeouts included), pointed at the given server."""
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "OPTIONS": REDIS_OPTIONS}


REDIS_OPTIONS = {
    "socket_connect_timeout": settings.REDIS_TIMEOUT_SECONDS,
    "socket_timeout": settings.REDIS_TIMEOUT_SECONDS,
}


def using(backend: dict):
    return override_settings(CACHES={**settings.CACHES, "default": backend})


def make_unwritable(folder) -> None:
    """Unwritable even for root (an immutable folder), as a read-only or full disk is."""
    if os.geteuid() == 0:
        subprocess.run([shutil.which("chattr"), "+i", str(folder)], check=True)  # noqa: S603 - e2fsprogs' chattr
    else:
        folder.chmod(0o500)
    with pytest.raises(OSError):
        (folder / "probe").touch()


def make_writable(folder) -> None:
    if os.geteuid() == 0:
        subprocess.run([shutil.which("chattr"), "-i", str(folder)], check=True)  # noqa: S603
    folder.chmod(0o700)


@pytest.fixture
def unwritable_cache_folder(tmp_path, no_pause_after_errors):
    folder = tmp_path / "cache"
    folder.mkdir()
    make_unwritable(folder)
    try:
        with using({"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(folder)}):
            yield folder
    finally:
        make_writable(folder)


def assert_every_page_answers(client):
    for path in PAGES:
        for _twice in range(2):  # the second time too: nothing kept from a failed first
            response = client.get(path)
            assert response.status_code == 200, path
            assert PAGE_TEXT[path] in response.content.decode(), path


def assert_health_says_the_cache_is_down(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}


def test_with_the_cache_folder_unwritable_and_empty_every_page_answers(client, cause, unwritable_cache_folder):
    assert_every_page_answers(client)
    assert_health_says_the_cache_is_down(client)
    assert list(unwritable_cache_folder.iterdir()) == []


def test_with_the_cache_folder_unwritable_pages_are_rendered_uncached(client, cause, unwritable_cache_folder):
    for _read in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/causes/test-neuropathy/").status_code == 200
        assert len(queries) > 0


def test_with_the_cache_folder_not_even_a_folder_every_page_answers(client, cause, tmp_path, no_pause_after_errors):
    """Reads fail too (not only writes): the path of the folder is taken by a file."""
    (tmp_path / "taken").write_text("not a folder")
    with using({"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "taken")}):
        assert_every_page_answers(client)
        assert_health_says_the_cache_is_down(client)


def test_with_redis_stopped_every_page_answers(client, cause, own_redis, no_pause_after_errors):
    with using(redis_cache(own_redis.url)):
        assert client.get("/causes/test-neuropathy/").status_code == 200  # kept while Redis was up
        own_redis.stop()
        assert_every_page_answers(client)
        assert_health_says_the_cache_is_down(client)


def test_with_redis_paused_every_page_answers(client, cause, own_redis, no_pause_after_errors):
    with using(redis_cache(own_redis.url)):
        assert client.get("/causes/test-neuropathy/").status_code == 200
        own_redis.pause()
        try:
            assert_every_page_answers(client)
            assert_health_says_the_cache_is_down(client)
        finally:
            own_redis.resume()


def test_the_site_gives_up_on_redis_after_a_fifth_of_a_second_and_never_retries():
    """What bounds a request while Redis is paused: every call waits at most the timeout, once."""
    result = run_manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.CACHES['default']))",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout.splitlines()[-1])
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["OPTIONS"]["socket_connect_timeout"] <= 0.2
    assert default["OPTIONS"]["socket_timeout"] <= 0.2
    pool = redis.ConnectionPool.from_url(default["LOCATION"], **default["OPTIONS"])
    assert pool.make_connection().retry.get_retries() == 0


def test_a_paused_redis_times_out_instead_of_holding_the_request(own_redis):
    own_redis.pause()
    try:
        with using(redis_cache(own_redis.url)), pytest.raises(redis.TimeoutError):
            cache.get("anything")
    finally:
        own_redis.resume()


def test_the_question_limit_lets_readers_ask_while_the_cache_is_down(client, cause, own_redis, no_pause_after_errors):
    with using(redis_cache(own_redis.url)):
        own_redis.stop()
        form = client.get("/causes/test-neuropathy/questions/")
        assert form.status_code == 200
        response = client.post(
            "/causes/test-neuropathy/questions/", {"author_name": "Ann", "text": "Will it get better?"}
        )
    assert response.status_code == 303
    assert cause.questions.count() == 1


def test_an_edit_made_while_redis_is_down_saves_and_shows_once_it_is_back(client, cause, own_redis, monkeypatch):
    monkeypatch.setattr(generation.outage, "pause", 0.0)
    with using(redis_cache(own_redis.url)):
        assert "Test neuropathy" in client.get("/causes/test-neuropathy/").content.decode()
        own_redis.pause()
        try:
            cause.name = "Edited neuropathy"
            cause.save()  # the cache cannot be told: the save still succeeds
        finally:
            own_redis.resume()
        page = client.get("/causes/test-neuropathy/").content.decode()
    assert "Edited neuropathy" in page and "Test neuropathy" not in page


def test_a_change_the_cache_missed_is_announced_at_the_next_request(client, cause, own_redis, monkeypatch):
    """Other processes keep their pages under the old generation until it changes: it is changed late, not never."""
    monkeypatch.setattr(generation.outage, "pause", 0.0)
    with using(redis_cache(own_redis.url)):
        assert client.get("/causes/test-neuropathy/").status_code == 200
        before = cache.get(generation.GENERATION_KEY)
        own_redis.stop()
        page_cache.clear_encyclopedia_cache()  # what a save's signal does: Redis is not there to hear it
        own_redis.start()
        cache.set(generation.GENERATION_KEY, before, timeout=None)  # a Redis that came back with its data
        assert client.get("/").status_code == 200
        assert cache.get(generation.GENERATION_KEY) != before


def test_the_generation_is_read_only_for_public_encyclopedia_pages(client, cause, intake_staff):
    staff_client = Client()
    staff_client.force_login(intake_staff)
    with mock.patch.object(page_cache, "current_generation", wraps=page_cache.current_generation) as reads:
        for path in ("/healthz", "/accounts/login/", "/check/", "/accounts/password_reset/", "/no-such-page/"):
            client.get(path)
        staff_client.get("/intake/")
        assert reads.call_count == 0
        client.get("/causes/test-neuropathy/")
        assert reads.call_count == 1


def test_the_health_check_reports_the_database_and_the_cache_separately(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_the_health_check_answers_503_only_when_the_database_is_down(client, tmp_path, no_pause_after_errors):
    (tmp_path / "taken").write_text("not a folder")
    broken_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "taken"),
    }
    with using(broken_cache), mock.patch("core.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "unavailable"}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_cache_errors_are_logged_at_most_once_a_minute(caplog):
    clock = FakeClock()
    outage = generation.CacheOutage(clock=clock)
    with caplog.at_level("ERROR", logger="causes.generation"):
        for _request in range(50):
            outage.report(OSError("read-only file system"))
            clock.now += 1.0  # fifty requests, a second apart
        assert len(caplog.records) == 1
        clock.now = 1060.0  # a minute after the first report
        outage.report(OSError("read-only file system"))
    assert len(caplog.records) == 2
    assert "49 more errors" in caplog.records[1].getMessage()


def test_after_an_error_the_cache_is_left_alone_for_a_moment():
    clock = FakeClock()
    outage = generation.CacheOutage(clock=clock, pause=1.0)
    assert not outage.paused()
    outage.report(OSError("read-only file system"))
    assert outage.paused()
    clock.now += 1.5
    assert not outage.paused()


def test_no_thread_holds_the_watch_lock_while_subscribing_to_redis(own_redis):
    """A worker subscribing to a Redis that is slow to answer holds up no other request."""
    watch = generation.RedisGenerationWatch(own_redis.url, REDIS_OPTIONS)
    subscribing, answer = threading.Event(), threading.Event()
    make_pubsub = watch.client.pubsub

    def slow_pubsub():
        pubsub = make_pubsub()
        subscribe = pubsub.subscribe

        def slow_subscribe(*channels):
            subscribing.set()
            answer.wait(timeout=10)  # Redis not answering yet
            return subscribe(*channels)

        pubsub.subscribe = slow_subscribe
        return pubsub

    watch.client.pubsub = slow_pubsub
    with using(redis_cache(own_redis.url)):
        first = threading.Thread(target=watch.generation)
        first.start()
        try:
            assert subscribing.wait(timeout=10)
            assert watch.lock.acquire(timeout=5), "the lock is held across the subscription's network wait"
            watch.lock.release()
            assert watch.generation() == cache.get(generation.GENERATION_KEY)  # read directly meanwhile
        finally:
            answer.set()
            first.join(timeout=10)
        assert watch.pubsub is not None, "the subscription was made once Redis answered"
