"""Strict helpers that read settings from the environment and fail loudly on a malformed value."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """A string setting; `NAME_FILE` may point at a file holding the value (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {error}") from error
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set (see .env.example).")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file(path: Path) -> None:
    """Read `NAME=value` lines from `path`, if it exists, for names the environment does not already set."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    except OSError as error:
        raise ImproperlyConfigured(f"{path} cannot be read: {error}") from error
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.strip().isidentifier():
            raise ImproperlyConfigured(f"{path} line {number}: expected NAME=value, found {line!r}")
        os.environ.setdefault(name.strip(), value.strip())


CACHE_TABLE = "putright_cache"  # `manage.py createcachetable` makes it (`make migrate` runs it)
# The worked-out report figures' own table (reporting/snapshots.py), made by the same command: the database cache
# culls a full table by key order, so figures kept in the rate limits' table could push the counts out.
REPORT_CACHE_TABLE = "putright_report_cache"


def cache_from_url(url: str, *, table: str = CACHE_TABLE, key_prefix: str = "") -> dict[str, object]:
    """One `CACHES` entry from `CACHE_URL`: `db://` (the database cache, the default: shared by every worker of
    one database), `redis://host:6379/1` or `rediss://…` (Redis: needs the `redis` package), or `locmem://` (one
    process only: counts are not shared between web workers). `table` names the database cache's table and
    `key_prefix` keeps this entry's keys apart from the others' in a Redis database they share."""
    scheme = url.partition("://")[0].strip().lower()
    prefix: dict[str, object] = {"KEY_PREFIX": key_prefix} if key_prefix else {}
    if scheme in ("", "db", "database"):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table, **prefix}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url.strip(), **prefix}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "putright", **prefix}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r} is not a cache this app knows: use db:// (the default), redis://host:6379/1 or locmem://."
    )
