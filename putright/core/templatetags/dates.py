"""`|date` in every template (settings.TEMPLATES "builtins"): Django's own filter, except that a date (not a time) is
written once per process for each format and language.

Django's `|date` builds a formatter and translates each day and month name on every use: a hundred and more calls
for "Friday 22 November 2024", about ten times on a case page. The words for a date in a given format and language
never change, so they are kept (a bounded number of them). A time, or the default format (a setting), is left to
Django's filter as it was.
"""

from __future__ import annotations

from datetime import date as Date
from functools import lru_cache
from typing import Any

from django import template
from django.template import defaultfilters
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    if type(value) is not Date or arg is None:
        return defaultfilters.date(value, arg)
    return _written(value, str(arg), get_language())


@lru_cache(maxsize=4096)
def _written(value: Date, arg: str, language: str | None) -> str:
    """`value` in format `arg`, written while `language` is the active one."""
    return defaultfilters.date(value, arg)
