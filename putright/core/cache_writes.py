"""`cache.set` in one statement on the database cache on PostgreSQL, for a value written on a hot path.

Django's database cache sets a value in five statements: it counts the table's rows (to cull it when full), then in a
savepoint reads the key, and updates or inserts it. On PostgreSQL one upsert does the same, and says how many rows
the table held before it, so the cache is culled exactly when Django's own `set` would have culled it. The value is
stored as Django stores it (pickled, in base 64, under the cache's own key), so `cache.get` reads it as ever. Any
other cache (Redis, memory) or database is given to `cache.set` unchanged.
"""

from __future__ import annotations

import base64
import pickle
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone


def set_value(key: str, value: object, *, timeout: int, alias: str = "default") -> None:
    """`caches[alias].set(key, value, timeout=timeout)`, in one statement where that cache is PostgreSQL's table."""
    cache = caches[alias]
    if (
        not isinstance(cache, DatabaseCache)
        or connections[db := router.db_for_write(cache.cache_model_class)].vendor != "postgresql"
    ):
        cache.set(key, value, timeout=timeout)
        return
    connection = connections[db]
    name = connection.ops.quote_name
    table = name(cache._table)  # type: ignore[attr-defined]  # the LOCATION the cache was given
    key_column, value_column, expires = name("cache_key"), name("value"), name("expires")
    stored_key = cache.make_and_validate_key(key)
    # As DatabaseCache._base_set: the expiry to the second, the value pickled and in base 64.
    ends = datetime.fromtimestamp(time.time() + timeout, tz=UTC if settings.USE_TZ else None)
    stored = base64.b64encode(pickle.dumps(value, cache.pickle_protocol)).decode("latin1")
    # Only the cache's own table and column names, quoted, are written into the SQL; the values are parameters.
    upsert = (
        f"WITH held AS (SELECT COUNT(*) AS n FROM {table}) "  # noqa: S608
        f"INSERT INTO {table} ({key_column}, {value_column}, {expires}) VALUES (%s, %s, %s) "
        f"ON CONFLICT ({key_column}) DO UPDATE SET {value_column} = EXCLUDED.{value_column}, "
        f"{expires} = EXCLUDED.{expires} RETURNING (SELECT n FROM held)"
    )
    values = [stored_key, stored, connection.ops.adapt_datetimefield_value(ends.replace(microsecond=0))]
    with connection.cursor() as cursor:
        cursor.execute(upsert, values)
        (held,) = cursor.fetchone()
        if held > cache._max_entries:
            # As Django's set: expired rows go, then a share of the rest if it is still full. The cull may take the
            # row just written, so it is written again after.
            now = timezone.now().replace(microsecond=0)
            cache._cull(db, cursor, now, held)  # type: ignore[attr-defined]
            cursor.execute(upsert, values)
