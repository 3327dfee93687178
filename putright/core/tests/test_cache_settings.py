"""The cache comes from CACHE_URL: the database by default, so every web worker counts the same rate limits."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from putright.env import CACHE_TABLE, cache_from_url
from putright.portal import ratelimit


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("db://", "django.core.cache.backends.db.DatabaseCache", CACHE_TABLE),
        ("", "django.core.cache.backends.db.DatabaseCache", CACHE_TABLE),
        (
            "redis://cache.internal:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.internal:6379/1",
        ),
        (
            "rediss://cache.internal:6380/0",
            "django.core.cache.backends.redis.RedisCache",
            "rediss://cache.internal:6380/0",
        ),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "putright"),
    ],
)
def test_cache_url_picks_the_backend(url: str, backend: str, location: str) -> None:
    assert cache_from_url(url) == {"BACKEND": backend, "LOCATION": location}


def test_an_unknown_cache_url_stops_the_app_with_a_message() -> None:
    with pytest.raises(ImproperlyConfigured, match="is not a cache this app knows"):
        cache_from_url("memcached://x")


@pytest.mark.django_db
def test_a_rate_limit_is_counted_in_the_database_where_every_worker_reads_it() -> None:
    ratelimit.count("submissions", "203.0.113.7")
    ratelimit.count("submissions", "203.0.113.7")
    key = caches["default"].make_and_validate_key(ratelimit._key("submissions", "203.0.113.7"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {CACHE_TABLE}")  # noqa: S608 - a constant table name
        assert (key,) in cursor.fetchall()
    assert ratelimit.over_limit("submissions", "203.0.113.7", 2)
