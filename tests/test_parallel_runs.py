"""The suite runs in parallel (pytest -n): what keeps the workers apart."""

from tests.conftest import redis_location_for_worker


def test_each_parallel_worker_gets_the_redis_database_after_the_one_redis_url_names():
    assert redis_location_for_worker("redis://127.0.0.1:6379/1", "gw0") == "redis://127.0.0.1:6379/1"
    assert redis_location_for_worker("redis://127.0.0.1:6379/1", "gw2") == "redis://127.0.0.1:6379/3"


def test_a_redis_url_without_a_database_starts_from_database_0_and_keeps_its_password():
    location = redis_location_for_worker("redis://:secret@cache.example:6380", "gw1")
    assert location == "redis://:secret@cache.example:6380/1"
