"""
The encyclopedia's generation number in the shared cache, and what happens when that cache fails.

Any change to the encyclopedia sets a new number (`bump_generation`); a page kept under another
number is stale. With the file cache (no REDIS_URL) reading the number costs a small file read on
every public page. With Redis it would cost a network round trip, so each process keeps the number
it read and subscribes to a channel on which every change is announced: before the kept number is
used, the subscription's socket is checked for an announcement without waiting, and any
announcement makes the process read the number again. An announcement is on the socket before the
editor's save has finished, so every process sees a change at once. Without a working subscription
(Redis restarting, say) the number is read on every request.

The shared cache is an accelerator. On any error of it (an unwritable or damaged folder, Redis down
or not answering within the site's 0.2 s timeouts) `current_generation` says None and pages are
rendered uncached; the error is logged at most once a minute, and for a second the cache is not
asked again, so that an outage costs the requests after it nothing. A change whose number could not
be set is set again at this process's next chance. The lock of a watch is held only while reading
what is already on the subscription's socket: connecting, subscribing and reading the number all
happen outside it, each bounded by the timeouts.
"""

import logging
import os
import pickle
import threading
import time
import zlib

import redis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "encyclopedia:generation"
HEALTH_KEY = "health:probe"
CHANNEL = "footdrop:encyclopedia:changed"
RESUBSCRIBE_AFTER_SECONDS = 1.0
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
# What a failing cache raises: the file cache's folder (OSError) or a damaged entry in it, and Redis.
CACHE_ERRORS = (OSError, EOFError, pickle.UnpicklingError, zlib.error, redis.RedisError)


class CacheOutage:
    """
    This process's record of the shared cache's errors: logged at most once a minute (with how
    many were not), and after each one the page cache leaves the shared cache alone for `pause`
    seconds, so that a paused Redis does not cost every request its timeout.
    """

    def __init__(self, *, log_every: float = 60.0, pause: float = 1.0, clock=time.monotonic):
        self.log_every, self.pause, self.clock = log_every, pause, clock
        self.lock = threading.Lock()
        self.logged_at = float("-inf")
        self.unlogged = 0
        self.resume_at = 0.0

    def report(self, error: Exception) -> None:
        now = self.clock()
        with self.lock:
            self.resume_at = now + self.pause
            if now - self.logged_at < self.log_every:
                self.unlogged += 1
                return
            self.logged_at, unlogged, self.unlogged = now, self.unlogged, 0
        # Logged outside the lock: a slow log handler must not hold up other threads.
        logger.error(
            "The shared cache failed; pages are served uncached (%d more errors since the last report): %r",
            unlogged,
            error,
        )

    def paused(self) -> bool:
        return self.clock() < self.resume_at


outage = CacheOutage()
# Set when a change could not set a new number: it is set again at this process's next chance.
_bump_owed = threading.Event()


def read_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # never set, culled, or Redis restarted empty
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def set_new_generation() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    watch = redis_watch()
    if watch is not None:
        watch.client.publish(CHANNEL, b"")


def bump_generation() -> None:
    """Make every kept page stale; never fails the change that asked for it."""
    try:
        set_new_generation()
    except CACHE_ERRORS as error:
        _bump_owed.set()
        outage.report(error)
    else:
        _bump_owed.clear()


def current_generation():
    """The encyclopedia's generation number, or None while the shared cache cannot say."""
    if outage.paused():
        return None
    try:
        if _bump_owed.is_set():
            set_new_generation()
            _bump_owed.clear()
        watch = redis_watch()
        return read_generation() if watch is None else watch.generation()
    except CACHE_ERRORS as error:
        outage.report(error)
        return None


def shared_cache_answers() -> bool:
    """Whether the shared cache takes a write and gives it back (a full or read-only folder fails here)."""
    try:
        cache.set(HEALTH_KEY, time.time_ns(), timeout=60)
        return cache.get(HEALTH_KEY) is not None
    except CACHE_ERRORS as error:
        outage.report(error)
        return False


class RedisGenerationWatch:
    def __init__(self, location: str, options: dict):
        # The cache's own timeouts (the site's 0.2 s), never none: a paused Redis must not hold a request.
        timeouts = {
            name: options.get(name, settings.REDIS_TIMEOUT_SECONDS)
            for name in ("socket_connect_timeout", "socket_timeout")
        }
        self.client = redis.Redis.from_url(location, **timeouts)
        self.timeout = timeouts["socket_timeout"]
        self.lock = threading.Lock()
        self.pubsub = None
        self.known = None
        # Counts announcements, so that a number read while one arrived is not kept.
        self.heard = 0
        self.subscribing = False
        self.retry_at = 0.0

    def generation(self):
        self.subscribe_if_due()
        broken = None
        with self.lock:
            if self.pubsub is not None:
                try:
                    # Only what is already on the socket: a zero timeout never waits.
                    while self.pubsub.get_message(timeout=0) is not None:
                        self.known, self.heard = None, self.heard + 1
                except (redis.RedisError, OSError):
                    broken, self.pubsub, self.known = self.pubsub, None, None
            known, heard = self.known, self.heard
        if broken is not None:
            close_quietly(broken)
        if known is not None:
            return known
        generation = read_generation()
        with self.lock:
            if self.pubsub is not None and self.heard == heard:
                self.known = generation
        return generation

    def subscribe_if_due(self) -> None:
        """Subscribe, outside the lock and by one thread at a time, at most once a second."""
        with self.lock:
            if self.pubsub is not None or self.subscribing or time.monotonic() < self.retry_at:
                return
            self.subscribing, self.retry_at = True, time.monotonic() + RESUBSCRIBE_AFTER_SECONDS
        pubsub = self.client.pubsub()
        try:
            pubsub.subscribe(CHANNEL)
            # Only once Redis confirms the subscription is every later announcement sure to arrive.
            confirmation = pubsub.get_message(timeout=self.timeout)
            subscribed = confirmation is not None and confirmation["type"] == "subscribe"
        except (redis.RedisError, OSError):
            subscribed = False
        with self.lock:
            self.subscribing = False
            if subscribed:
                self.pubsub, self.known, self.heard = pubsub, None, self.heard + 1
        if not subscribed:
            close_quietly(pubsub)


def close_quietly(pubsub) -> None:
    try:
        pubsub.close()
    except (redis.RedisError, OSError):
        pass


_watches: dict[tuple[int, str], RedisGenerationWatch] = {}


def redis_watch() -> RedisGenerationWatch | None:
    """This process's watch on the Redis cache in use (a forked worker makes its own), or None."""
    default = settings.CACHES["default"]
    if default["BACKEND"] != REDIS_BACKEND:
        return None
    key = (os.getpid(), default["LOCATION"])
    watch = _watches.get(key)
    if watch is None:
        watch = _watches.setdefault(key, RedisGenerationWatch(default["LOCATION"], default.get("OPTIONS", {})))
    return watch
