"""`{% fixed_url 'name' %}`: `{% url 'name' %}` for a page that takes no arguments, kept once reversed; and
`{% fixed_static 'path' %}`: `{% static 'path' %}`, kept once worked out (core/fixed_urls.py)."""

from __future__ import annotations

from django import template

from putright.core.fixed_urls import fixed_static as _fixed_static
from putright.core.fixed_urls import fixed_url as _fixed_url

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return _fixed_url(name)


@register.simple_tag
def fixed_static(path: str) -> str:
    return _fixed_static(path)
