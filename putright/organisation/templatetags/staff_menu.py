"""`{% staff_menu %}`: the staff pages' menu (organisation/navigation.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from putright.organisation.navigation import staff_menu as menu_for

register = template.Library()

# One entry: written here rather than in a loop in the template, which cost ten times as much for the dozen entries.
_ENTRY = (
    '\n          <li class="govuk-service-navigation__item{}"><a class="govuk-service-navigation__link" href="{}"{}>'
    "{}</a></li>"
)
_CURRENT = (mark_safe(" govuk-service-navigation__item--active"), mark_safe(' aria-current="page"'))
_NOT_CURRENT = ("", "")


def _entries(context: template.Context) -> SafeString:
    request = context["request"]
    rows = []
    for item in menu_for(request.user, request.path):
        active, aria = _CURRENT if item.current else _NOT_CURRENT
        rows.append((active, item.url, aria, item.label))
    return format_html_join("", _ENTRY, rows)


@register.inclusion_tag("staff/_navigation.html", takes_context=True)
def staff_menu(context: template.Context) -> dict[str, Any]:
    return {"entries": _entries(context)}
