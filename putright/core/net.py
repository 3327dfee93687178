"""Where a request came from, for rate limits and the access log."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address a request came from.

    REMOTE_ADDR, unless the site is behind TRUSTED_PROXY_COUNT proxies (load balancers) that each append the address
    they were sent from to X-Forwarded-For: then the entry that many places from the right, the one the first proxy
    wrote. Entries further left were written by the client and are ignored; a request with fewer entries than
    proxies did not come through them all, and counts by REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"
