"""Simple limits on how often one address (or one email address) may use the public forms, kept in Django's cache.

They slow down scripted floods; they are not a defence against a determined attacker with many addresses.
With several web processes, use a shared cache (Redis or the database cache) so the count is shared too.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from putright.core.net import client_address

__all__ = ["client_address", "count", "count_submission", "is_limited", "over_limit"]

WINDOW_SECONDS = 3600


def _key(bucket: str, who: str) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    # Hashed, so an email address is not written into the cache's keys in clear.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"portal:{bucket}:{digest}:{window}"


def over_limit(bucket: str, who: str, limit: int) -> bool:
    """Whether `who` has already used `bucket` as many times as an hour allows."""
    return int(cache.get(_key(bucket, who), 0)) >= limit


def count(bucket: str, who: str) -> None:
    """One more use of `bucket` by `who` this hour, kept for the hour. Written with the hour's timeout each time:
    `cache.incr` keeps only the cache's default timeout on the database cache (five minutes), so the count lapsed
    minutes after the last use. One read and one write; two requests at the same moment may count once, which a
    limit on floods can bear."""
    key = _key(bucket, who)
    cache.set(key, int(cache.get(key, 0)) + 1, timeout=WINDOW_SECONDS)


def is_limited(request: HttpRequest) -> bool:
    """Whether this address has already sent as many forms as an hour allows."""
    return over_limit("submissions", client_address(request), settings.PUTRIGHT_SUBMISSIONS_PER_HOUR)


def count_submission(request: HttpRequest) -> None:
    count("submissions", client_address(request))
