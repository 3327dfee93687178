"""Showing figures the same way on every report page."""

from __future__ import annotations

from django import template

from putright.reporting.queries import Share

register = template.Library()


@register.filter
def share(value: Share) -> str:
    """ "75% (3 of 4)", or "none" when there is nothing to divide by."""
    if value.percent is None:
        return "none"
    percent = f"{value.percent:g}"
    return f"{percent}% ({value.numerator} of {value.denominator})"


@register.filter
def figure(value: object) -> str:
    return "not available" if value is None else str(value)


@register.filter
def get_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)
