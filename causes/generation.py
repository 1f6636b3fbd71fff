"""
The encyclopedia's generation number, as each process knows it.

With the file cache (no REDIS_URL) reading the number costs a small file read. With Redis it
would cost a network round trip on every warm page, so each process keeps the number it read
and subscribes to a Redis channel on which every change is announced: before the kept number
is used, the subscription's socket is checked, without waiting, for an announcement, and any
announcement makes the process read the number again. An announcement is on the socket before
the editor's save has finished, so every process sees a change at once. Without a working
subscription (Redis restarting, say) the number is read on every request, as before.
"""

import os
import threading
import time

import redis
from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "encyclopedia:generation"
CHANNEL = "footdrop:encyclopedia:changed"
RESUBSCRIBE_AFTER_SECONDS = 1.0
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def read_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    watch = redis_watch()
    if watch is not None:
        watch.announce()


class RedisGenerationWatch:
    def __init__(self, location: str):
        self.location = location
        self.client = redis.Redis.from_url(location)
        self.lock = threading.Lock()
        self.pubsub = None
        self.known = None
        self.retry_at = 0.0

    def announce(self) -> None:
        try:
            self.client.publish(CHANNEL, b"")
        except redis.RedisError:
            pass  # Subscribers that missed it resubscribe and read the number again.

    def generation(self):
        with self.lock:
            try:
                if self.pubsub is None:
                    self.subscribe()
                if self.pubsub is not None:
                    while self.pubsub.get_message(timeout=0) is not None:
                        self.known = None
            except (redis.RedisError, OSError):
                self.drop()
            if self.known is None or self.pubsub is None:
                self.known = read_generation()
            return self.known

    def subscribe(self) -> None:
        if time.monotonic() < self.retry_at:
            return
        self.retry_at = time.monotonic() + RESUBSCRIBE_AFTER_SECONDS
        pubsub = self.client.pubsub()
        pubsub.subscribe(CHANNEL)
        # Only once Redis confirms the subscription is every later announcement sure to arrive.
        confirmation = pubsub.get_message(timeout=5)
        if confirmation is None or confirmation["type"] != "subscribe":
            pubsub.close()
            return
        self.pubsub, self.known = pubsub, None

    def drop(self) -> None:
        if self.pubsub is not None:
            try:
                self.pubsub.close()
            except (redis.RedisError, OSError):
                pass
        self.pubsub, self.known = None, None


_watches: dict[tuple[int, str], RedisGenerationWatch] = {}


def redis_watch() -> RedisGenerationWatch | None:
    """This process's watch on the Redis cache in use (a forked worker makes its own), or None."""
    default = settings.CACHES["default"]
    if default["BACKEND"] != REDIS_BACKEND:
        return None
    key = (os.getpid(), default["LOCATION"])
    watch = _watches.get(key)
    if watch is None:
        watch = _watches.setdefault(key, RedisGenerationWatch(default["LOCATION"]))
    return watch


def current_generation():
    watch = redis_watch()
    return read_generation() if watch is None else watch.generation()
