"""A value set on a hot path (the public forms' hourly counts) is read back as `cache.set` would have left it, kept
for its timeout, and the database cache is still culled when full; on PostgreSQL it costs one statement."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from putright.core.cache_writes import set_value
from putright.env import CACHE_TABLE

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement write is PostgreSQL's")


def _expires(key: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT expires FROM {CACHE_TABLE} WHERE cache_key = %s",  # noqa: S608 - a constant table name
            [caches["default"].make_and_validate_key(key)],
        )
        (expires,) = cursor.fetchone()
    return float(expires.timestamp())


def test_a_value_set_is_read_back_and_replaced_by_the_next() -> None:
    set_value("portal:test:count", 1, timeout=3600)
    assert caches["default"].get("portal:test:count") == 1
    set_value("portal:test:count", 2, timeout=3600)
    assert caches["default"].get("portal:test:count") == 2
    assert caches["default"].get("portal:test:other") is None


@on_postgresql
def test_on_postgresql_it_is_one_statement_and_kept_for_its_timeout() -> None:
    with CaptureQueriesContext(connection) as queries:
        set_value("portal:test:count", 5, timeout=3600)
    assert len(queries.captured_queries) == 1
    assert 3590 < _expires("portal:test:count") - time.time() <= 3600


@on_postgresql
def test_a_full_cache_is_culled_as_djangos_set_culls_it_and_keeps_the_value_just_set(monkeypatch) -> None:
    cache = caches["default"]
    for n in range(6):
        cache.set(f"portal:test:old{n}", n, timeout=3600)
    monkeypatch.setattr(cache, "_max_entries", 3)
    # Culled as Django culls: a third of the rows, first by key, which takes the row just written (it sorts first).
    set_value("portal:test:count", 7, timeout=3600)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE}")  # noqa: S608 - a constant table name
        (left,) = cursor.fetchone()
    assert left == 6  # two of the seven went, the value just set among them, and it was written again
    assert cache.get("portal:test:count") == 7
