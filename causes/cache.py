"""
Whole-page caching of the public encyclopedia.

Views that may be shared are marked with `public_page`. `PublicPageCacheMiddleware`,
placed just after WhiteNoise, keeps their finished responses and serves them to
anonymous readers (no session or message cookie) before sessions, authentication or
any view runs: a warm page costs one small read of the shared cache and no SQL query.

Every kept page carries the encyclopedia's generation number, which lives in the shared
cache (Redis, or files every process on the machine reads; see causes.generation); any change
to the encyclopedia bumps it (`clear_encyclopedia_cache`), so every kept page in every process
goes stale at once.
The rendered bytes themselves stay in each process (`LocalPages`, a small LRU): asking the
shared cache for a 15 KB page on every request cost a round trip and an unpickling.
"""

import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.http import HttpResponse

from causes.generation import GENERATION_KEY, bump_generation, current_generation

__all__ = ["GENERATION_KEY", "PublicPageCacheMiddleware", "clear_encyclopedia_cache", "public_page"]


def clear_encyclopedia_cache() -> None:
    """
    Make every cached page stale: now, and again when the change commits, so that no page
    rendered from the old rows by a concurrent request outlives the change.
    """
    bump_generation()
    transaction.on_commit(bump_generation)


def is_cacheable(request) -> bool:
    """Only anonymous GET/HEAD requests share pages: signed-in users and pending messages are personal."""
    return request.method in {"GET", "HEAD"} and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
    )


def public_page(view):
    """Mark a view's successful responses as the same for every anonymous reader."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.is_public_page = True
        return response

    return wrapper


class LocalPages:
    """
    This process's rendered pages: the most recently used, by host and path, each kept
    for its generation and for PAGE_CACHE_SECONDS at most.
    """

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, generation):
        with self.lock:
            stored = self.pages.get(key)
            if stored is None or stored[0] != generation or stored[1] < time.monotonic():
                return None
            self.pages.move_to_end(key)
            return stored[2]

    def put(self, key: str, generation, page) -> None:
        with self.lock:
            self.pages[key] = (generation, time.monotonic() + settings.PAGE_CACHE_SECONDS, page)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


# About 15 KB a page: a few megabytes per process at most.
local_pages = LocalPages(size=256)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable(request):
            return self.get_response(request)
        # The host is checked against ALLOWED_HOSTS before any kept page is served (400 otherwise),
        # and is part of the key: a page may quote its own address.
        key = request.get_host() + request.get_full_path()
        generation = current_generation()
        page = local_pages.get(key, generation)
        if page is not None:
            status, headers, content = page
            return HttpResponse(content, status=status, headers=headers)
        # The page is kept under the generation read before it was rendered: if the
        # encyclopedia changes meanwhile, the page is already stale and never served.
        response = self.get_response(request)
        if (
            getattr(response, "is_public_page", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            local_pages.put(key, generation, (response.status_code, dict(response.items()), response.content))
        return response
