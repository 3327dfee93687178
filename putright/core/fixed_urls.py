"""The addresses of pages that take no arguments, reversed once per process instead of on every page.

Every staff page links to the same dozen or so pages (the menu, sign out); `reverse()` walks the URL patterns each
time, about a tenth of a millisecond a page for the menu alone. Such an address depends only on the URL patterns and
the script prefix the site is served under, so both are part of what is kept. A name is reversed only when first
asked for: reversing a section's name loads that section's modules (putright/urls.py, `LoadedWhenUsed`).

`fixed_static` keeps a static file's address (`{% static %}`) likewise. `text_argument_url` does the same for a
page with one text argument (a case's page, linked from every row of a queue): the address around the argument is
kept, and the argument quoted into it as `reverse()` quotes it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from urllib.parse import quote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# A value no argument is, reversed in its place; it needs no quoting, so it stands in the address as written.
_STAND_IN = "putright-url-stand-in-5d0c1e"
# What `reverse()` leaves unquoted in an address (django/urls/resolvers.py, `_reverse_with_prefix`).
_SAFE = RFC3986_SUBDELIMS + "/~:@"


def fixed_url(name: str) -> str:
    """`reverse(name)` for a URL name that takes no arguments."""
    return _reversed(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def fixed_urls(names: list[str]) -> list[str]:
    """`fixed_url(name)` for each of `names` (the script prefix and URL patterns looked up once for them all)."""
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    return [_reversed(name, prefix, urlconf) for name in names]


@cache
def _reversed(name: str, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def text_argument_url(name: str, argument: str) -> str:
    """`reverse(name, args=[argument])` for a URL name whose one argument is text (`<str:...>`, any characters but
    "/"). An argument that could not be reversed that way (empty, or with a "/") is left to `reverse()` to refuse."""
    return text_argument_urls(name)(argument)


def text_argument_urls(name: str) -> Callable[[str], str]:
    """`text_argument_url` for `name`, for many arguments (the script prefix and URL patterns looked up once)."""
    before, after = _around(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

    def url(argument: str) -> str:
        if not argument or "/" in argument:
            return reverse(name, args=[argument])
        return before + quote(argument, safe=_SAFE) + after

    return url


@cache
def _around(name: str, prefix: str, urlconf: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_STAND_IN], urlconf=urlconf).partition(_STAND_IN)
    return before, after


# A static file's address as `{% static %}` gives it: the same for the whole process (the manifest of hashed names is
# read once), unless a test changes the settings it comes from.
_statics: dict[str, str] = {}
_STATIC_SETTINGS = frozenset({"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "INSTALLED_APPS"})


def fixed_static(path: str) -> str:
    """`static(path)`, worked out once per process: every page links to the same stylesheets and scripts."""
    address = _statics.get(path)
    if address is None:
        address = _statics[path] = static(path)
    return address


@receiver(setting_changed)
def _forget_statics(*, setting: str, **kwargs: object) -> None:
    if setting in _STATIC_SETTINGS:
        _statics.clear()
