"""Template helpers that render Django form fields with GOV.UK classes."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES = {
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "selectmultiple": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
}


@register.filter
def govuk_widget(field: BoundField, extra_class: str = "") -> SafeString:
    """Render a text-like widget with its GOV.UK class, error state and described-by hint/error ids.

    A form field may carry a width class of its own (`field.govuk_class = "govuk-input--width-10"`).
    """
    css, error_css = _CLASSES.get(field.widget_type, ("govuk-input", "govuk-input--error"))
    classes = [css]
    extra_class = extra_class or getattr(field.field, "govuk_class", "")
    if extra_class:
        classes.append(extra_class)
    if field.errors:
        classes.append(error_css)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def widget_type(field: BoundField) -> str:
    return field.widget_type


@register.simple_tag
def rag_tag(rag: str) -> str:
    return {"overdue": "govuk-tag--red", "due_soon": "govuk-tag--yellow", "on_track": "govuk-tag--green"}.get(
        rag, "govuk-tag--grey"
    )


@register.filter
def get_item(mapping: dict[str, str], key: str) -> str:
    return mapping.get(key, "")


@register.filter
def radio_options(field: BoundField) -> list[dict[str, Any]]:
    """Each radio of a choice field but the empty one, with the hint its form gives for that choice (if any)."""
    hints: dict[str, Any] = getattr(field.form, "choice_hints", {})
    return [
        {
            "id": choice.id_for_label,
            "value": choice.data["value"],
            "label": choice.choice_label,
            "hint": hints.get(str(choice.data["value"]), ""),
            "checked": choice.data["selected"],
        }
        for choice in field.subwidgets
        if str(choice.data["value"]) != ""
    ]
