"""`{% staff_menu %}`: the staff pages' menu (organisation/navigation.py)."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from putright.organisation.navigation import staff_menu as menu_for

register = template.Library()

# One entry: written here rather than in a loop in the template, which cost ten times as much for the dozen entries.
_ENTRY = (
    '\n          <li class="govuk-service-navigation__item{}"><a class="govuk-service-navigation__link" href="{}"{}>'
    "{}</a></li>"
)
_CURRENT = (" govuk-service-navigation__item--active", ' aria-current="page"')
_NOT_CURRENT = ("", "")


def _entries(context: template.Context) -> SafeString:
    request = context["request"]
    rows = []
    for item in menu_for(request.user, request.path):
        active, aria = _CURRENT if item.current else _NOT_CURRENT
        rows.append(_ENTRY.format(active, escape(item.url), aria, escape(item.label)))
    return mark_safe("".join(rows))  # noqa: S308 - the address and label are escaped, the rest is this module's


@register.inclusion_tag("staff/_navigation.html", takes_context=True)
def staff_menu(context: template.Context) -> dict[str, Any]:
    return {"entries": _entries(context)}
