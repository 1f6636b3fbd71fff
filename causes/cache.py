"""
Whole-page caching of the public encyclopedia.

Views that may be shared are marked with `public_page`. `PublicPageCacheMiddleware`,
placed just after WhiteNoise, stores their finished responses and serves them to
anonymous readers (no session or message cookie) before sessions, authentication or
any view runs: a warm page costs one cache round trip and no SQL query.

Every stored page carries the encyclopedia's generation number; any change to the
encyclopedia bumps it (`clear_encyclopedia_cache`), so every cached page goes stale at once.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "encyclopedia:generation"


def clear_encyclopedia_cache() -> None:
    """
    Make every cached page stale: now, and again when the change commits, so that no page
    rendered from the old rows by a concurrent request outlives the change.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation)


def _bump_generation() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


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


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable(request):
            return self.get_response(request)
        key = "encyclopedia:page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The generation and the page in one round trip.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        stored = found.get(key)
        if generation is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        elif stored is not None and stored[0] == generation:
            return stored[1]
        # The page is stored under the generation read before it was rendered: if the
        # encyclopedia changes meanwhile, the page is already stale and never served.
        response = self.get_response(request)
        if getattr(response, "is_public_page", False) and response.status_code == 200 and not response.cookies:
            cache.set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
        return response
