"""
The whole-page cache of the public encyclopedia, on both backends the site runs with:
local memory (no REDIS_URL) and Redis. A warm anonymous page costs no SQL query, a
change to a cause clears exactly the encyclopedia's pages, and nothing a signed-in
user sees is ever stored in or served from the shared cache.
"""

import os
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from causes import generation
from causes.cache import GENERATION_KEY, local_pages
from causes.models import Cause
from causes.services import cause_draft_save
from tests.conftest import approve_draft, file_intake, redis_location_for_worker

pytestmark = pytest.mark.django_db

# Redis always runs here and in CI; database 8 (or TEST_CACHE_REDIS_URL's) is this file's own.
# Parallel workers (pytest -n) each take the next database, as clearing the cache empties a whole one.
REDIS_LOCATION = redis_location_for_worker(
    os.environ.get("TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/8"), os.environ.get("PYTEST_XDIST_WORKER", "gw0")
)
BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_LOCATION},
}
PUBLIC_PAGES = ("/", "/causes/", "/causes/stroke/", "/causes/?q=nerve")


@pytest.fixture(params=list(BACKENDS))
def page_cache(request):
    with override_settings(CACHES={**settings.CACHES, "default": BACKENDS[request.param]}):
        cache.clear()
        local_pages.clear()  # each process's pages from earlier tests, rendered from other rows
        yield cache
        cache.clear()


def get_counting_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_each_run_really_uses_its_backend(page_cache, request):
    backend = BACKENDS[request.node.callspec.params["page_cache"]]["BACKEND"]
    assert f"{type(caches['default']).__module__}.{type(caches['default']).__name__}" == backend
    page_cache.set("probe", "seen", 10)
    assert page_cache.get("probe") == "seen"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_warm_anonymous_page_costs_no_query(client, seeded, page_cache, url):
    cold, cold_queries = get_counting_queries(client, url)
    warm, warm_queries = get_counting_queries(client, url)
    assert cold.status_code == warm.status_code == 200
    assert cold_queries > 0
    assert warm_queries == 0
    assert warm.content == cold.content


def test_saving_a_cause_refreshes_its_page_and_the_list(client, seeded, page_cache):
    for url in PUBLIC_PAGES:
        client.get(url)
    cause = Cause.objects.get(slug="stroke")
    cause.name = "Stroke (brain attack)"
    cause.save()
    for url in ("/causes/stroke/", "/causes/"):
        response, queries = get_counting_queries(client, url)
        assert queries > 0, url
        assert "Stroke (brain attack)" in response.content.decode(), url


def test_a_draft_keeps_the_pages_warm_and_its_approval_refreshes_them(client, seeded, page_cache, editor, reviewer):
    for url in PUBLIC_PAGES:
        client.get(url)
    cause = Cause.objects.get(slug="stroke")
    cause_draft_save(cause=cause, values={"name": "Stroke (brain attack)"}, editor=editor, reason="Other name")
    for url in ("/causes/stroke/", "/causes/"):
        assert get_counting_queries(client, url)[1] == 0, url
    approve_draft(cause, reviewer)
    for url in ("/causes/stroke/", "/causes/"):
        response, queries = get_counting_queries(client, url)
        assert queries > 0, url
        assert "Stroke (brain attack)" in response.content.decode(), url


def test_unpublishing_a_cause_takes_its_page_down_at_once(client, seeded, page_cache):
    assert client.get("/causes/stroke/").status_code == 200
    cause = Cause.objects.get(slug="stroke")
    cause.is_published = False
    cause.save()
    assert client.get("/causes/stroke/").status_code == 404
    assert 'href="/causes/stroke/"' not in client.get("/causes/").content.decode()


def test_deleting_a_cause_takes_its_page_down_at_once(client, seeded, page_cache):
    assert client.get("/causes/stroke/").status_code == 200
    Cause.objects.get(slug="stroke").delete()
    assert client.get("/causes/stroke/").status_code == 404


def test_writes_that_change_no_article_keep_the_pages_warm(client, seeded, page_cache, intake_staff):
    for url in PUBLIC_PAGES:
        client.get(url)
    generation = page_cache.get(GENERATION_KEY)
    file_intake(intake_staff)
    intake_staff.first_name = "Renamed"
    intake_staff.save()
    assert page_cache.get(GENERATION_KEY) == generation
    for url in PUBLIC_PAGES:
        assert get_counting_queries(client, url)[1] == 0, url


def test_a_signed_in_user_is_never_served_a_cached_page(client, seeded, page_cache, editor):
    anonymous = client.get("/causes/stroke/").content.decode()
    assert "Staff sign in" in anonymous
    client.force_login(editor)
    response, queries = get_counting_queries(client, "/causes/stroke/")
    assert queries > 0
    assert "Sign out" in response.content.decode()


def test_a_page_rendered_for_a_signed_in_user_is_never_stored(client, seeded, page_cache, editor):
    client.force_login(editor)
    for url in PUBLIC_PAGES:
        assert "Sign out" in client.get(url).content.decode()
    client.logout()
    client.cookies.clear()
    for url in PUBLIC_PAGES:
        response, queries = get_counting_queries(client, url)
        assert queries > 0, f"{url} was stored while signed in"
        page = response.content.decode()
        assert "Sign out" not in page and "Staff sign in" in page


def test_with_redis_a_warm_page_reads_the_generation_only_after_a_change_is_announced(client, seeded):
    with override_settings(CACHES={**settings.CACHES, "default": BACKENDS["redis"]}):
        cache.clear()
        local_pages.clear()
        assert client.get("/causes/stroke/").status_code == 200
        with mock.patch.object(generation, "read_generation", wraps=generation.read_generation) as reads:
            for _request in range(5):
                assert get_counting_queries(client, "/causes/stroke/")[1] == 0
            assert reads.call_count == 0, "a warm page asked Redis for the generation"
            cause = Cause.objects.get(slug="stroke")
            cause.name = "Stroke (brain attack)"
            cause.save()
            assert "Stroke (brain attack)" in client.get("/causes/stroke/").content.decode()
            assert reads.call_count == 1
        cache.clear()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_cdn_may_keep_an_anonymous_public_page_for_a_minute(client, seeded, page_cache, url):
    for response in (client.get(url), client.get(url)):  # cold, then warm from the page cache
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", f"s-maxage={settings.PUBLIC_PAGE_CDN_SECONDS}"}
        assert settings.PUBLIC_PAGE_CDN_SECONDS == 60


def test_no_cdn_may_keep_what_a_signed_in_user_sees(client, seeded, page_cache, editor):
    client.force_login(editor)
    directives = {part.strip() for part in client.get("/causes/stroke/")["Cache-Control"].split(",")}
    assert "public" not in directives and "s-maxage" not in str(directives)
    assert {"no-store", "private"} <= directives


def test_pages_not_marked_public_are_never_kept(client, seeded, page_cache):
    for url in ("/check/", "/accounts/login/", "/about/?not-public=1"):
        client.get(url)
    assert [key for key in local_pages.pages if "/check/" in key or "/accounts/" in key] == []
    assert any(key.endswith("/about/?not-public=1") for key in local_pages.pages), "a public page is kept"
