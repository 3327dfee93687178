"""The addresses of pages that take no arguments, reversed once per process instead of on every page.

Every staff page links to the same dozen or so pages (the menu, sign out); `reverse()` walks the URL patterns each
time, about a tenth of a millisecond a page for the menu alone. Such an address depends only on the URL patterns and
the script prefix the site is served under, so both are part of what is kept. A name is reversed only when first
asked for: reversing a section's name loads that section's modules (putright/urls.py, `LoadedWhenUsed`).

`fixed_static` keeps a static file's address (`{% static %}`) likewise. `text_argument_url` does the same for a
page with text arguments (a case's page, linked from every row of a queue): the address around the argument is
kept, and the argument put in its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

# A value no argument is (its place after it), reversed in the argument's place: plain, so written as it is.
_STAND_IN = "putright-url-stand-in-5d0c1e-"
# An argument any text or slug converter takes and `reverse()` writes as it is.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")


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
    """`reverse(name, args=[argument])` for a URL name whose one argument is text or a slug."""
    return text_argument_urls(name)(argument)


def text_argument_urls(name: str) -> Callable[..., str]:
    """`reverse(name, args=arguments)` for a URL name whose arguments are text or slugs (`<str:...>`, `<slug:...>`),
    for many arguments: the script prefix and URL patterns are looked up once, and each address is the kept one
    with the arguments in place of stand-ins. An argument that is not plain (letters, digits, "-" and "_", which
    both converters take and `reverse()` leaves unquoted) is left to `reverse()`, to quote or refuse."""
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF

    def url(*arguments: str) -> str:
        if not all(type(argument) is str and _PLAIN.fullmatch(argument) for argument in arguments):
            return reverse(name, args=arguments)
        pieces = _around(name, len(arguments), prefix, urlconf)
        return "".join(piece for pair in zip(pieces, (*arguments, ""), strict=True) for piece in pair)

    return url


@cache
def _around(name: str, count: int, prefix: str, urlconf: str) -> tuple[str, ...]:
    """The address of `name` reversed with `count` stand-ins, cut at each: the pieces around the arguments."""
    stand_ins = [f"{_STAND_IN}{place}" for place in range(count)]
    address = reverse(name, args=stand_ins, urlconf=urlconf)
    pieces = []
    for stand_in in stand_ins:
        before, _, address = address.partition(stand_in)
        pieces.append(before)
    return (*pieces, address)


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
