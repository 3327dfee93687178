"""The addresses of pages that take no arguments, reversed once per process instead of on every page.

Every staff page links to the same dozen or so pages (the menu, sign out); `reverse()` walks the URL patterns each
time, about a tenth of a millisecond a page for the menu alone. Such an address depends only on the URL patterns and
the script prefix the site is served under, so both are part of what is kept. A name is reversed only when first
asked for: reversing a section's name loads that section's modules (putright/urls.py, `LoadedWhenUsed`).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def fixed_url(name: str) -> str:
    """`reverse(name)` for a URL name that takes no arguments."""
    return _reversed(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@cache
def _reversed(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)
