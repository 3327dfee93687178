"""A simple limit on how often one address may send the public forms, kept in Django's cache.

It slows down scripted floods; it is not a defence against a determined attacker with many addresses.
With several web processes, use a shared cache (Redis or the database cache) so the count is shared too.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(request: HttpRequest) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    return f"portal:submissions:{client_address(request)}:{window}"


def is_limited(request: HttpRequest) -> bool:
    """Whether this address has already sent as many forms as an hour allows."""
    return int(cache.get(_key(request), 0)) >= settings.PUTRIGHT_SUBMISSIONS_PER_HOUR


def count_submission(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, timeout=WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)
