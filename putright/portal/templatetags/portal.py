"""Template helpers for the public pages: radios with hints, and inputs with their GOV.UK width classes."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from putright.core.templatetags.govuk import govuk_widget

register = template.Library()


@register.filter
def portal_widget(field: BoundField) -> SafeString:
    """The field's input with GOV.UK classes, error state, described-by ids and any width class."""
    return govuk_widget(field, getattr(field.field, "govuk_class", ""))


@register.filter
def radio_options(field: BoundField) -> list[dict[str, Any]]:
    """Each radio of a choice field, with the hint its form gives for that choice (if any)."""
    hints: dict[str, Any] = getattr(field.form, "choice_hints", {})
    current = field.value()
    options = []
    for index, (value, label) in enumerate(field.field.choices):  # type: ignore[attr-defined]
        if value == "":
            continue
        options.append(
            {
                "id": f"{field.auto_id}_{index}",
                "value": value,
                "label": label,
                "hint": hints.get(str(value), ""),
                "checked": str(value) == str(current) if current not in (None, "") else False,
            }
        )
    return options
