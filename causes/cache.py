"""
Whole-page caching of the public encyclopedia.

Views that may be shared are marked with `public_page`. `PublicPageCacheMiddleware`, placed just
after WhiteNoise, serves anonymous readers (no session or message cookie) the finished public
pages this process kept, before sessions, authentication or any view run: a warm page costs no
SQL query. Only the views marked public are ever looked up or kept: sign-in, `/check/`, `/healthz`
and staff pages never touch the cache.

The rendered bytes stay in each process (`LocalPages`, a small LRU); the shared cache (Redis, or
files that every process on the machine reads) holds only the encyclopedia's generation number
(causes.generation). Every kept page carries the generation read before it was rendered, and any
change to the encyclopedia bumps it through `clear_encyclopedia_cache`, the one invalidation
hook, so every page kept by every process goes stale at once. While the shared cache fails, pages
are rendered uncached and nothing is kept.
"""

import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from causes.generation import GENERATION_KEY, bump_generation, current_generation

__all__ = ["GENERATION_KEY", "PublicPageCacheMiddleware", "clear_encyclopedia_cache", "public_page"]


class LocalPages:
    """
    This process's rendered pages: the most recently used, by host and path, each kept
    for its generation and for PAGE_CACHE_SECONDS at most. The lock guards the dictionary
    only: nothing in it waits on the network or a file.
    """

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def __contains__(self, key: str) -> bool:
        return key in self.pages

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


def clear_encyclopedia_cache() -> None:
    """
    Make every cached encyclopedia page stale, in every process: now, and again when the change
    commits, so that no page rendered from the old rows by a concurrent request outlives it.
    Every change to what the public pages show calls this (see causes.signals).
    """
    local_pages.clear()
    bump_generation()
    transaction.on_commit(bump_generation)


def public_page(view):
    """Mark a view's pages as the same for every anonymous reader: the page cache may keep them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.is_public_page = True
    return wrapper


def is_anonymous_read(request) -> bool:
    """Only anonymous GET/HEAD requests share pages: signed-in users and pending messages are personal."""
    return request.method in {"GET", "HEAD"} and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
    )


def is_public_page(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def share_with_cdn(response) -> None:
    """A CDN may keep an anonymous public page for PUBLIC_PAGE_CDN_SECONDS; browsers ask again each time."""
    if settings.PUBLIC_PAGE_CDN_SECONDS:
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PUBLIC_PAGE_CDN_SECONDS)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        # The host is checked against ALLOWED_HOSTS before any kept page is served (400 otherwise),
        # and is part of the key: a page may quote its own address.
        key = request.get_host() + request.get_full_path()
        # Only public pages are ever kept, so a kept address needs no look-up of its view.
        if key not in local_pages and not is_public_page(request):
            return self.get_response(request)
        generation = current_generation()
        if generation is None:
            # Pages kept before the outage may miss a change made during it.
            local_pages.clear()
        page = None if generation is None else local_pages.get(key, generation)
        if page is not None:
            status, headers, content = page
            return HttpResponse(content, status=status, headers=headers)
        # The page is kept under the generation read before it was rendered: if the
        # encyclopedia changes meanwhile, the page is already stale and never served.
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            share_with_cdn(response)
            if generation is not None:
                local_pages.put(key, generation, (response.status_code, dict(response.items()), response.content))
        return response
