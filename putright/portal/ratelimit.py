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

from putright.core.cache_writes import set_value
from putright.core.commits import without_waiting_for_disk
from putright.core.net import client_address

__all__ = [
    "client_address",
    "count",
    "count_submission",
    "is_limited",
    "over_limit",
    "submissions_used",
    "used",
]

WINDOW_SECONDS = 3600


def _key(bucket: str, who: str) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    # Hashed, so an email address is not written into the cache's keys in clear.
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"portal:{bucket}:{digest}:{window}"


def used(bucket: str, who: str) -> int:
    """How many times `who` has used `bucket` this hour."""
    return int(cache.get(_key(bucket, who), 0))


def over_limit(bucket: str, who: str, limit: int) -> bool:
    """Whether `who` has already used `bucket` as many times as an hour allows."""
    return used(bucket, who) >= limit


def count(bucket: str, who: str, *, used_before: int | None = None) -> None:
    """One more use of `bucket` by `who` this hour, kept for the hour. Written with the hour's timeout each time:
    `cache.incr` keeps only the cache's default timeout on the database cache (five minutes), so the count lapsed
    minutes after the last use. One read and one write (no read when the caller read `used_before` earlier in the
    request; the write one statement on PostgreSQL's database cache, `core.cache_writes`); two requests at the
    same moment may count once, which a limit on floods can bear."""
    key = _key(bucket, who)
    before = int(cache.get(key, 0)) if used_before is None else used_before
    # In the database's cache (the default) the count's commit need not wait for the disk (`core.commits`): a crash
    # of the database server can take back at most its last moments' counts, which a limit on floods can bear too.
    with without_waiting_for_disk():
        set_value(key, before + 1, timeout=WINDOW_SECONDS)


def submissions_used(request: HttpRequest) -> int:
    """How many forms this address has sent this hour."""
    return used("submissions", client_address(request))


def is_limited(request: HttpRequest, *, used_before: int | None = None) -> bool:
    """Whether this address has already sent as many forms as an hour allows."""
    sent = submissions_used(request) if used_before is None else used_before
    return sent >= settings.PUTRIGHT_SUBMISSIONS_PER_HOUR


def count_submission(request: HttpRequest, *, used_before: int | None = None) -> None:
    """One more form sent from this address; `used_before`: the count read earlier in this request."""
    count("submissions", client_address(request), used_before=used_before)
