"""
Whole-page caching of the public encyclopedia.

Anonymous readers (no session or message cookie) get pages straight from the
cache, with no SQL query. Every cached key carries a generation number; any
change to the encyclopedia bumps it, so every cached page goes stale at once.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache

GENERATION_KEY = "encyclopedia:generation"


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def clear_encyclopedia_cache() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def is_cacheable(request) -> bool:
    """Only anonymous GET/HEAD requests share pages: signed-in users and pending messages are personal."""
    return request.method in {"GET", "HEAD"} and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
    )


def cache_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"encyclopedia:page:{current_generation()}:{path}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(
                    lambda rendered: cache.set(key, rendered, settings.PAGE_CACHE_SECONDS)
                )
            else:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
